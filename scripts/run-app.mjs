import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

/** Shared by `npm start` and `npm run demo`: build, then run the app and say in words how to use it. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function buildApp() {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** What to tell people next to the SKYHOOK_URL= line (a line of its own, so tools reading it are not disturbed). */
export const browserHelp = (url) =>
  `\nSkyhook is running. Open this address in your browser (Chrome, Edge, Firefox or Safari):\n\n    ${url}\n\nKeep this terminal open while you use it. To stop Skyhook, press Ctrl+C here.\n`;
export const electronHelp = '\nSkyhook opens in its own window. To stop it, quit the app (or close its window), or press Ctrl+C here.\n';

/**
 * Runs Skyhook in Electron, or where the Electron binary could not be installed, the same
 * app in a browser through the bridge. `onExit` runs before this process exits (fakes to stop).
 */
export function runApp({ env = {}, onStarted = () => {}, onExit = async () => {} } = {}) {
  const binary = electronBinary();
  if (!binary)
    console.log('Electron is not installed on this machine (its binary download failed); serving Skyhook in your browser instead.');
  const [command, args] = binary ? [binary, [root]] : [process.execPath, [join(root, 'out', 'main', 'headless.js')]];
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['inherit', 'pipe', 'inherit'] });
  if (binary) {
    console.log(electronHelp);
    onStarted();
  }
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    if (line.startsWith('SKYHOOK_URL=')) {
      console.log(browserHelp(line.slice('SKYHOOK_URL='.length)));
      onStarted();
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => {
    void onExit().finally(() => process.exit(code ?? 0));
  });
  return child;
}
