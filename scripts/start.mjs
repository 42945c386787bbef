import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

// `npm start`: build, then run Skyhook in Electron, or, where the Electron binary could
// not be installed, the same app in a browser through the bridge.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = electronBinary();
const [command, args] = binary
  ? [binary, [root]]
  : (console.log('Electron is not installed on this machine (its binary download failed); serving Skyhook in your browser instead:'),
    [process.execPath, [join(root, 'out', 'main', 'headless.js')]]);

const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
