// Runs the real electron-builder pipeline offline and inspects what it produced: files copied
// into app.asar, extra resources, asar unpacking and the afterPack fuse hook. Installers need the
// Electron binary (a download), so this packs a Linux `dir` target around a stand-in binary that
// carries only the fuse wire. Run after `npm run build`: `npm run dist:check`.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseState, getCurrentFuseWire } from '@electron/fuses';
import { fuseConfig } from './fuses.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { build, Platform } = require('electron-builder');
const asar = require('@electron/asar');

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const electronVersion = require('electron/package.json').version;

async function fakeElectronDist(dir) {
  await mkdir(dir, { recursive: true });
  // Electron's shipped fuse states; the hook must change the six we care about and nothing else.
  const wire = Buffer.from('101100011');
  const binary = Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire]);
  await writeFile(join(dir, 'electron'), binary, { mode: 0o755 });
  await writeFile(join(dir, 'version'), electronVersion);
  await writeFile(join(dir, 'LICENSE'), 'stand-in');
}

async function listFiles(dir, prefix = '') {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])),
  );
  return nested.flat();
}

export async function smokePack() {
  const work = await mkdtemp(join(tmpdir(), 'skyhook-pack-'));
  const problems = [];
  try {
    const electronDist = join(work, 'electron');
    await fakeElectronDist(electronDist);
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      // Rebuilding native modules would fetch Electron headers; sharp ships prebuilt anyway.
      config: { electronDist, npmRebuild: false, directories: { output: join(work, 'dist') } },
    });

    const app = join(work, 'dist', 'linux-unpacked');
    const resources = join(app, 'resources');

    const packed = asar.listPackage(join(resources, 'app.asar')).map((p) => p.replace(/\\/g, '/').replace(/^\//, ''));
    const own = packed.filter((p) => !p.startsWith('node_modules/'));
    for (const needed of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      if (!own.includes(needed)) problems.push(`app.asar lacks ${needed}`);
    }
    const stray = own.filter(
      (p) =>
        /\.map$/.test(p) || /^(test|main|preload|renderer|assets|scripts|docs|\.ci)\//.test(p) || /headless\.js$|bridge-shim\.js$/.test(p),
    );
    if (stray.length) problems.push(`app.asar contains files that must not ship: ${stray.join(', ')}`);
    if (packed.some((p) => p.endsWith('.map'))) problems.push('app.asar contains source maps');
    const { main } = JSON.parse(asar.extractFile(join(resources, 'app.asar'), 'package.json').toString('utf8'));
    if (!own.includes(main)) problems.push(`package.json "main" (${main}) is not inside app.asar`);

    const samples = (await listFiles(join(resources, 'samples'))).filter((f) => f !== 'README.md');
    if (samples.length !== 24) problems.push(`resources/samples holds ${samples.length} images, expected 24`);

    const icons = await listFiles(join(resources, 'assets', 'icons', 'png')).catch(() => []);
    if (!icons.includes('64x64.png')) problems.push('resources/assets/icons/png/64x64.png (the drag icon) is missing');

    const unpacked = await listFiles(join(resources, 'app.asar.unpacked')).catch(() => []);
    if (!unpacked.some((f) => f.startsWith('node_modules/sharp/'))) problems.push('sharp is not unpacked from app.asar');

    const wire = await getCurrentFuseWire(join(app, 'skyhook'));
    for (const [index, enabled] of Object.entries(fuseConfig({ platform: 'linux' })).filter(([k]) => /^\d+$/.test(k))) {
      if (wire[index] !== (enabled ? FuseState.ENABLE : FuseState.DISABLE)) problems.push(`fuse ${index} is not ${enabled ? 'on' : 'off'}`);
    }
    return { problems, files: own.length, modules: packed.length - own.length, samples: samples.length };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { problems, files, modules, samples } = await smokePack();
  if (problems.length) {
    for (const p of problems) process.stderr.write(`✗ ${p}\n`);
    process.exit(1);
  }
  process.stdout.write(`✓ packed ${files} app files + ${modules} dependency entries, ${samples} samples, fuses flipped\n`);
}
