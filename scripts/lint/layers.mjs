import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

/**
 * Which folder may import what, as one table (after VS Code's `code-layering` rule). The
 * first row whose `files` prefix matches a file applies. `allow` lists folder prefixes and
 * two classes: `#node` (Node's built-in modules) and `#npm` (any other package, except
 * `electron`, which is named on its own so that only main/electron and the preload get it).
 */
export const layers = [
  {
    files: 'main/electron/',
    allow: ['main/', 'preload/', '#node', '#npm', 'electron'],
    why: 'The Electron shell composes main services with Electron ports.',
  },
  {
    files: 'main/',
    allow: ['main/', 'preload/', '#node', '#npm'],
    deny: ['main/electron/'],
    why: 'Services get Electron through ports, so they run in tests and the bridge.',
  },
  { files: 'preload/index.ts', allow: ['preload/', 'electron'], why: 'The preload exposes the contract and nothing else.' },
  { files: 'preload/', allow: ['preload/', 'zod'], why: 'Common code runs in main and the renderer alike: no Node, no DOM, no Electron.' },
  {
    files: 'renderer/',
    allow: ['renderer/', 'preload/', '#npm'],
    why: 'The renderer has no Node; it reaches main only through window.skyhook.',
  },
];

const nodeBuiltins = new Set(builtinModules);

function classify(spec, file, root) {
  if (spec.startsWith('.')) {
    const target = relative(root, resolve(dirname(file), spec))
      .split('\\')
      .join('/');
    return { kind: 'path', target };
  }
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  if (spec.startsWith('node:') || nodeBuiltins.has(bare.split('/')[0])) return { kind: 'node', target: spec };
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  return { kind: 'npm', target: name };
}

function allowed(layer, imported) {
  if (imported.kind === 'path' && (layer.deny ?? []).some((d) => imported.target.startsWith(d))) return false;
  return layer.allow.some((rule) => {
    if (rule === '#node') return imported.kind === 'node';
    if (rule === '#npm') return imported.kind === 'npm' && imported.target !== 'electron';
    if (imported.kind === 'path') return imported.target.startsWith(rule);
    return imported.target === rule;
  });
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: { type: 'problem', messages: { layer: "{{file}} may not import '{{spec}}': {{why}}" }, schema: [] },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split('\\').join('/');
    const layer = layers.find((l) => file.startsWith(l.files));
    if (!layer) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      // Type-only imports carry no code across layers, but a type from main in the renderer still couples them: check them too.
      if (!allowed(layer, classify(spec, context.filename, root))) {
        context.report({ node: node.source, messageId: 'layer', data: { file: layer.files, spec, why: layer.why } });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
