import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import type { Configuration, FileSet, TargetConfiguration } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveConfig, readRawConfig, root, validateWithBuilder } from './builder';

let raw: Configuration;
let config: Configuration;
let configFile: string | null;

beforeAll(async () => {
  ({ config: raw, file: configFile } = await readRawConfig());
  config = await effectiveConfig();
});

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

type Targets = string | TargetConfiguration | (string | TargetConfiguration)[] | null | undefined;
const targetNames = (targets: Targets): string[] => [targets ?? []].flat().map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml', () => {
  it('is the configuration electron-builder uses (package.json has no "build" key shadowing it)', () => {
    expect(configFile).toBe(join(root, 'electron-builder.yml'));
    expect(pkg).not.toHaveProperty('build');
  });

  it('validates against the JSON schema electron-builder ships', () => {
    const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(raw);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`) ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema is strict enough to catch a typo: a misspelt key must fail.
    expect(validate({ ...raw, mac: { ...raw.mac, hardenedRuntme: true } })).toBe(false);
  });

  it("passes electron-builder's own validation as well", async () => {
    await expect(validateWithBuilder(config)).resolves.toBeUndefined();
  });

  it('names the app consistently with package.json', () => {
    expect(config.appId).toBe('app.skyhook.desktop');
    expect(config.productName).toBe(pkg.productName);
    expect(config.productName).toBe('Skyhook');
    expect(config.copyright).toMatch(/Copyright ©/);
  });

  it('packs into an asar archive whose integrity Electron checks', () => {
    expect(config.asar).toBe(true);
    expect(config.disableAsarIntegrity ?? false).toBe(false);
    // Fuses come from the afterPack hook only: two mechanisms could disagree silently.
    expect(config.electronFuses ?? null).toBeNull();
    expect(config.afterPack).toBe('./scripts/packaging/after-pack.mjs');
  });

  it('ships the samples as extra resources at <resources>/samples', () => {
    const sets = (config.extraResources ?? []) as FileSet[];
    const samples = sets.find((s) => s.from === 'assets/samples');
    expect(samples?.to).toBe('samples');
  });

  it('ships the PNG icons where main/electron looks for them in both layouts', () => {
    const sets = (config.extraResources ?? []) as FileSet[];
    const icons = sets.find((s) => s.from === 'assets/icons/png');
    // Same relative path packaged (under resourcesPath) as in the project, for the drag icon.
    expect(icons?.to).toBe('assets/icons/png');
    expect(existsSync(join(root, 'assets/icons/png/64x64.png'))).toBe(true);
  });

  it('registers the skyhook:// scheme', () => {
    const schemes = [config.protocols ?? []].flat().flatMap((p) => p.schemes);
    expect(schemes).toContain('skyhook');
  });

  it('opens .skyhook connection profiles', () => {
    const extensions = [config.fileAssociations ?? []].flat().flatMap((a) => [a.ext].flat());
    expect(extensions).toContain('skyhook');
  });

  it('builds a hardened, notarised macOS dmg and zip in the graphics-design category', () => {
    const mac = config.mac ?? {};
    expect(mac.category).toBe('public.app-category.graphics-design');
    expect(targetNames(mac.target).sort()).toEqual(['dmg', 'zip']);
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.entitlements).toBe('scripts/packaging/entitlements.mac.plist');
    // true: notarise when the APPLE_* variables are present (electron-builder 26 reads them itself).
    expect(mac.notarize).toBe(true);
  });

  it('builds a per-user one-click NSIS installer for Windows with a clear file name', () => {
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(config.nsis?.oneClick).toBe(true);
    expect(config.nsis?.perMachine).toBe(false);
    expect(config.nsis?.artifactName).toMatch(/\$\{productName\}.*\$\{version\}.*\$\{arch\}\.\$\{ext\}$/);
  });

  it('builds an AppImage and a deb in the Graphics category for Linux', () => {
    expect(config.linux?.category).toBe('Graphics');
    expect(targetNames(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
  });

  it('declares a publish provider so release builds emit latest*.yml update metadata', () => {
    expect([config.publish].flat()).toContainEqual(expect.objectContaining({ provider: 'generic' }));
  });

  // electron-builder's deb target refuses to build without a homepage and a maintainer e-mail.
  it('package.json carries homepage and author e-mail for the deb target', () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect((pkg.author as { email?: string }).email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });
});

describe('files electron-builder.yml refers to', () => {
  const referenced = () => {
    const files: { what: string; path: string; kind: 'file' | 'dir' }[] = [
      { what: 'mac.icon', path: config.mac?.icon ?? '', kind: 'file' },
      { what: 'win.icon', path: config.win?.icon ?? '', kind: 'file' },
      { what: 'linux.icon', path: config.linux?.icon ?? '', kind: 'dir' },
      { what: 'mac.entitlements', path: config.mac?.entitlements ?? '', kind: 'file' },
      { what: 'mac.entitlementsInherit', path: config.mac?.entitlementsInherit ?? '', kind: 'file' },
      { what: 'afterPack', path: String(config.afterPack ?? ''), kind: 'file' },
      { what: 'directories.buildResources', path: config.directories?.buildResources ?? '', kind: 'dir' },
    ];
    for (const set of (config.extraResources ?? []) as FileSet[]) {
      files.push({ what: 'extraResources', path: set.from ?? '', kind: 'dir' });
    }
    return files;
  };

  it('all exist', () => {
    const missing = referenced().filter(({ path, kind }) => {
      const abs = join(root, path);
      if (!path || !existsSync(abs)) return true;
      return kind === 'dir' ? !statSync(abs).isDirectory() : !statSync(abs).isFile();
    });
    expect(missing).toEqual([]);
  });

  it('the afterPack hook exports the function electron-builder looks for', async () => {
    const hook = (await import(pathToFileURL(join(root, String(config.afterPack))).href)) as Record<string, unknown>;
    expect(typeof hook.afterPack).toBe('function');
  });

  it('the entitlements are a plist granting only what Electron needs under the hardened runtime', () => {
    const plist = readFileSync(join(root, config.mac?.entitlements ?? ''), 'utf8');
    expect(plist).toMatch(/^<\?xml[^>]*\?>\s*<!DOCTYPE plist/);
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });
});
