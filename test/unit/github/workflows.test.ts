import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import vitestConfig from '../../../vitest.config';

/**
 * The GitHub Actions workflows, checked offline as part of `npm test`, since they only ever
 * run on GitHub: against GitHub's workflow schema (SchemaStore's, compiled into
 * @action-validator/core), and against this project — the npm scripts, files, test projects,
 * signing secrets and electron-builder outputs they name must exist.
 */

const root = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
// js-yaml ships no typings; this is the one function used. YAML 1.2, so `on:` stays a key.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on'?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix?: { os?: string[]; include?: Record<string, string>[] } };
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const files = ['ci.yml', 'release.yml'] as const;
const text = (file: string) => read(join('.github', 'workflows', file));
const workflow = (file: string) => load(text(file)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((job) => job.steps ?? []);
const runs = (w: Workflow) => steps(w).flatMap((step) => (step.run ? [step.run] : []));

const pkg = JSON.parse(read('package.json')) as {
  name: string;
  productName: string;
  scripts: Record<string, string>;
  engines: { node: string };
};
const builder = load(read('electron-builder.yml')) as {
  directories?: { output?: string };
  mac?: { target?: { target: string }[] };
  win?: { target?: { target: string }[] };
  linux?: { target?: { target: string }[] };
};
const outputDir = builder.directories?.output ?? 'dist';
/** Folders a job creates before naming them (build output, installers, downloads, screenshots). */
const generated = [outputDir, 'out', 'node_modules', 'test-results', 'release'];

const runnerOSes = ['macos-latest', 'ubuntu-latest', 'windows-latest'];

/** The matrix's OS list, whether written as `os: [...]` or as `include:` entries. */
const matrixOSes = (job: Job) =>
  [...(job.strategy?.matrix?.os ?? []), ...(job.strategy?.matrix?.include ?? []).map((entry) => entry.os)].sort();

describe('the workflow schema check', () => {
  it('is strict enough to catch a misspelt key', () => {
    const ci = text('ci.yml');
    expect(validateWorkflow(ci).errors).toEqual([]);
    expect(validateWorkflow(ci.replace('runs-on:', 'runs_on:')).errors.length).toBeGreaterThan(0);
    expect(validateWorkflow(ci.replace('pull_request:', 'pull-request:')).errors.length).toBeGreaterThan(0);
  });
});

describe.each(files)('.github/workflows/%s', (file) => {
  const w = workflow(file);

  it("validates against GitHub's workflow schema", () => {
    const { errors } = validateWorkflow(text(file));
    expect(
      errors.map((e) => ('path' in e ? `${e.path}: ${e.title}${e.detail ? ` (${e.detail})` : ''}` : `${e.title}: ${e.detail}`)),
    ).toEqual([]);
  });

  it('runs only npm scripts and vitest projects that exist', () => {
    const scripts = runs(w).flatMap((run) =>
      [...run.matchAll(/\bnpm (?:run(?:-script)?\s+([\w:.-]+)|(test|start)\b)/g)].map((m) => (m[1] ?? m[2])!),
    );
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((name) => !(name in pkg.scripts))).toEqual([]);

    const projects = ((vitestConfig.test?.projects ?? []) as unknown[]).map((p) => (p as { test?: { name?: string } }).test?.name);
    const named = runs(w).flatMap((run) => [...run.matchAll(/--project[= ](\S+)/g)].map((m) => m[1]!));
    expect(named.filter((name) => !projects.includes(name))).toEqual([]);
  });

  it('names only files and folders that exist, apart from what the job itself creates', () => {
    // Words of the shell scripts, a quoted string counting as one; relative paths only.
    const tokens = runs(w)
      .flatMap((run) => [...run.matchAll(/"([^"]*)"|'([^']*)'|([^\s"';|&()]+)/g)].map((m) => (m[1] ?? m[2] ?? m[3])!))
      .filter((token) => /^[\w.-]+(\/[\w.*-]*)+$/.test(token));
    const named = [
      ...tokens,
      ...steps(w).flatMap((step) => (typeof step.with?.['node-version-file'] === 'string' ? [step.with['node-version-file']] : [])),
    ];
    expect(named).toEqual(expect.arrayContaining(['.nvmrc', 'test/integration/electron']));
    const missing = named.filter(
      (path) => !generated.some((dir) => path === dir || path.startsWith(`${dir}/`)) && !existsSync(join(root, path)),
    );
    expect(missing).toEqual([]);
  });

  it('pins every action to a release tag or a commit SHA', () => {
    const uses = steps(w).flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    // A moving tag (@v4, @main) would run whatever its owner pushes next.
    expect(uses.filter((ref) => !/^[\w.-]+\/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/.test(ref))).toEqual([]);
  });

  it('runs on macOS, Windows and Linux', () => {
    const matrixJobs = Object.values(w.jobs).filter((job) => job.strategy?.matrix);
    expect(matrixJobs.length).toBeGreaterThan(0);
    for (const job of matrixJobs) {
      expect(matrixOSes(job)).toEqual(runnerOSes);
      expect(job['runs-on']).toBe('${{ matrix.os }}');
    }
  });

  it('reads the repository and nothing more, unless a job needs to write', () => {
    expect(w.permissions).toEqual({ contents: 'read' });
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const job = ci.jobs.test!;
  const stepList = job.steps ?? [];
  const indexOf = (match: (step: Step) => boolean) => stepList.findIndex(match);

  it('runs on every push and every pull request', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push ?? null).toBeNull();
    expect(ci.on.pull_request ?? null).toBeNull();
  });

  it('installs with npm ci, then runs npm test', () => {
    const install = indexOf((s) => s.run === 'npm ci');
    const test = indexOf((s) => s.run === 'npm test');
    expect(install).toBeGreaterThan(-1);
    expect(test).toBeGreaterThan(install);
  });

  it('gives the browser tests a Chromium on every OS (SKYHOOK_CHROMIUM), installing it with apt on Linux if missing', () => {
    const find = stepList[indexOf((s) => s.run?.includes('SKYHOOK_CHROMIUM=') ?? false)];
    expect(find?.run).toContain('>> "$GITHUB_ENV"');
    for (const os of ['Linux', 'macOS', 'Windows']) expect(find?.run).toMatch(new RegExp(`^\\s*${os}\\)`, 'm'));
    expect(find?.run).toContain('apt-get install -y chromium');
    expect(indexOf((s) => s === find)).toBeLessThan(indexOf((s) => s.run === 'npm test'));
  });

  it('downloads Electron after npm test, then runs the Electron tests requiring the binary, on a virtual display on Linux', () => {
    const download = indexOf((s) => s.run?.includes('install-electron') ?? false);
    expect(download).toBeGreaterThan(indexOf((s) => s.run === 'npm test'));
    const electron = stepList.filter((s) => s.run?.includes('test/integration/electron'));
    expect(electron.map((s) => s.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'"]);
    for (const step of electron) {
      expect(indexOf((s) => s === step)).toBeGreaterThan(download);
      expect(step.env?.SKYHOOK_REQUIRE_ELECTRON).toBe('1');
      expect(step.run!.startsWith('xvfb-run -a ')).toBe(step.if === "runner.os == 'Linux'");
    }
  });

  it('uses the Node version .nvmrc names, which satisfies package.json and every locked package', () => {
    const setup = stepList.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version-file']).toBe('.nvmrc');
    const nvmrc = read('.nvmrc').trim();
    expect(nvmrc).toMatch(/^\d+(\.\d+){0,2}$/);
    expect(satisfiesLowerBounds(nvmrc, pkg.engines.node), `package.json engines ${pkg.engines.node}`).toBe(true);

    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { engines?: { node?: string } | string[]; os?: string[]; cpu?: string[] }>;
    };
    // What the runners install: x64 Linux and Windows, Apple silicon macOS (plus its Intel sharp for the release).
    const runnerPlatforms = [
      ['linux', 'x64'],
      ['win32', 'x64'],
      ['darwin', 'arm64'],
      ['darwin', 'x64'],
    ];
    const installed = (entry: { os?: string[]; cpu?: string[] }) =>
      runnerPlatforms.some(([os, cpu]) => (!entry.os || entry.os.includes(os!)) && (!entry.cpu || entry.cpu.includes(cpu!)));
    const unmet = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range && installed(entry) && !satisfiesLowerBounds(nvmrc, range) ? [`${path || 'package.json'} needs ${range}`] : [];
    });
    expect(unmet).toEqual([]);
  });
});

describe('release.yml', () => {
  const release = workflow('release.yml');
  const build = release.jobs.build!;
  const publish = release.jobs.publish!;
  const include = build.strategy?.matrix?.include ?? [];
  const buildSteps = build.steps ?? [];
  const entryFor = (os: string) => include.find((entry) => entry.os === os)!;
  /** `${{ matrix.x }}` in a step, as each matrix entry fills it in. */
  const expand = (value: string, entry: Record<string, string>) =>
    value.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (_, key: string) => entry[key] ?? '');

  it('runs on version tags only', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
  });

  it('builds each OS on that OS with electron-builder, publishing nothing itself', () => {
    expect(Object.fromEntries(include.map((entry) => [entry.os, entry.targets]))).toEqual({
      'macos-latest': '--mac',
      'windows-latest': '--win',
      'ubuntu-latest': '--linux',
    });
    const builds = buildSteps.filter((s) => s.run?.includes('electron-builder'));
    expect(builds.map((s) => s.run)).toEqual(['npx electron-builder ${{ matrix.targets }} --publish never']);
    // electron-builder packs out/, so the build and the unit tests come first.
    const before = buildSteps.slice(0, buildSteps.indexOf(builds[0]!)).map((s) => s.run);
    expect(before).toEqual(expect.arrayContaining(['npm ci', 'npm run build', 'npm run test:unit']));
  });

  it('passes the signing secrets the README documents, each to the OS it is for only', () => {
    const env = buildSteps.find((s) => s.run?.includes('electron-builder'))?.env ?? {};
    const forOS = {
      'macos-latest': ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
      'windows-latest': ['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'],
    };
    expect(Object.keys(env).sort()).toEqual(Object.values(forOS).flat().sort());
    const readme = read('README.md');
    for (const [os, names] of Object.entries(forOS)) {
      for (const name of names) {
        expect(env[name]).toBe(`\${{ matrix.os == '${os}' && secrets.${name} || '' }}`);
        expect(readme, `README names ${name}`).toContain(`\`${name}\``);
      }
    }
    // No other step sees a secret.
    const elsewhere = Object.values(release.jobs)
      .flatMap((job) => job.steps ?? [])
      .filter((s) => !s.run?.includes('electron-builder') && JSON.stringify(s).includes('secrets.'));
    expect(elsewhere).toEqual([]);
  });

  it('smoke-tests the packaged app where electron-builder writes it, requiring it to be there', () => {
    const smoke = buildSteps.filter((s) => s.env?.SKYHOOK_PACKAGED_APP);
    for (const step of smoke) {
      expect(step.run).toMatch(/^(xvfb-run -a )?npx vitest run --project integration test\/integration\/electron$/m);
      expect(step.run!.includes('xvfb-run -a ')).toBe(step.if === "runner.os == 'Linux'");
      expect(step.env?.SKYHOOK_REQUIRE_ELECTRON).toBe('1');
    }
    const tested = (os: string) => smoke.map((s) => expand(s.env!.SKYHOOK_PACKAGED_APP!, entryFor(os))).filter(Boolean);
    const mac = (dir: string) => `${outputDir}/${dir}/${pkg.productName}.app/Contents/MacOS/${pkg.productName}`;
    // The same layouts the fuses test (test/unit/scripts/packaging) flips fuses in.
    expect(tested('ubuntu-latest')).toContain(`${outputDir}/linux-unpacked/${pkg.name}`);
    expect(tested('windows-latest')).toContain(`${outputDir}/win-unpacked/${pkg.productName}.exe`);
    expect(tested('macos-latest')).toEqual(expect.arrayContaining([mac('mac-arm64'), mac('mac')]));
    // Each step runs on the OS whose app it names.
    expect(smoke.map((s) => s.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'", "runner.os == 'macOS'"]);
  });

  it('uploads every installer electron-builder.yml declares, with the blockmaps and the update feed', () => {
    const upload = buildSteps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const patterns = String(upload?.with?.path ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const extension: Record<string, string> = { dmg: 'dmg', zip: 'zip', nsis: 'exe', AppImage: 'AppImage', deb: 'deb' };
    const targets = [builder.mac, builder.win, builder.linux].flatMap((platform) => platform?.target ?? []).map((t) => t.target);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(extension[target], `the file extension of electron-builder's ${target} target`).toBeDefined();
      expect(patterns).toContain(`${outputDir}/*.${extension[target]}`);
    }
    expect(patterns).toEqual(expect.arrayContaining([`${outputDir}/*.blockmap`, `${outputDir}/latest*.yml`]));
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });

  it('drafts the release only once every OS has built, checking the whole update feed is there', () => {
    expect([publish.needs].flat()).toEqual(['build']);
    expect(publish.permissions).toEqual({ contents: 'write' });
    const script = (publish.steps ?? []).map((s) => s.run ?? '').join('\n');
    for (const feed of ['latest.yml', 'latest-mac.yml', 'latest-linux.yml']) expect(script).toContain(feed);
    expect(script).toMatch(/gh release create [^\n]*--draft/);
    expect(script).not.toMatch(/gh release create [^\n]*--latest|gh release edit [^\n]*--draft=false/);
  });
});

/**
 * Whether every Node `version` could be (a bare major means setup-node's newest of that
 * major) satisfies the lower bound of at least one alternative of an engines `range`.
 * Ranges written other than `>=x.y.z` or `^x.y.z` are not judged.
 */
function satisfiesLowerBounds(version: string, range: string): boolean {
  const [major = 0, minor = Infinity] = version.split('.').map(Number);
  const alternatives = range.split('||').map((part) => /^\s*(>=|\^)\s*(\d+)(?:\.(\d+))?(?:\.\d+)?\s*$/.exec(part));
  if (alternatives.some((m) => m === null)) return true;
  return alternatives.some((m) => {
    const [, operator, wantMajor, wantMinor = '0'] = m!;
    const [needMajor, needMinor] = [Number(wantMajor), Number(wantMinor)];
    if (operator === '^') return major === needMajor && minor >= needMinor;
    return major > needMajor || (major === needMajor && minor >= needMinor);
  });
}
