// electron-builder afterPack hook (electron-builder.yml → afterPack). It runs once per platform
// and arch after the app is laid out and before it is signed, which is the only moment fuses can
// be flipped: changing the binary after signing would invalidate the signature.
import { join } from 'node:path';
import { FuseState, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { fuseConfig } from './fuses.mjs';

/** Where the Electron binary that carries the fuse wire sits inside the packed app. */
export function electronBinaryPath({ appOutDir, electronPlatformName, packager }) {
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      // @electron/fuses finds the Electron Framework inside the bundle itself.
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return join(appOutDir, packager.executableName);
  }
}

/** Reads the wire back and names every fuse that is not in the state we asked for. */
export async function fuseMismatches(binary, config) {
  const wire = await getCurrentFuseWire(binary);
  const wanted = (enabled) => (enabled ? FuseState.ENABLE : FuseState.DISABLE);
  return Object.entries(config)
    .filter(([key]) => /^\d+$/.test(key))
    .filter(([key, enabled]) => wire[key] !== wanted(enabled))
    .map(([key]) => Number(key));
}

export async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const config = fuseConfig({ platform: context.electronPlatformName, arch: context.arch });
  await flipFuses(binary, config);
  // A release without its fuses must not go out quietly: fail the build instead.
  const wrong = await fuseMismatches(binary, config);
  if (wrong.length > 0) throw new Error(`Electron fuses not applied to ${binary}: fuse indexes ${wrong.join(', ')}`);
}

export default afterPack;
