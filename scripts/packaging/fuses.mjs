// The Electron fuses Skyhook ships with, as data: the afterPack hook applies exactly this and the
// packaging tests compare it with the list in the release checklist. Fuses are bits compiled
// into the Electron binary; flipping them removes ways to run other code inside our signed app.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** Desired state per fuse, keyed by its @electron/fuses option name. */
export const fuses = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node runtime for any script.
  RunAsNode: false,
  // Cookies (and so web sessions) are encrypted at rest with the OS keychain key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS could preload arbitrary code (--require) into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would let anyone attach a debugger to the main process.
  EnableNodeCliInspectArguments: false,
  // Refuse an app.asar whose header hash differs from the one recorded at build time
  // (macOS Info.plist, Windows resource; electron-builder writes both).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Load the app only from app.asar, so a loose resources/app folder cannot replace it.
  OnlyLoadAppFromAsar: true,
  // Pages served from file:// would get privileges (fetch of other files, service workers)
  // that http pages lack; no Skyhook page comes from file:// (skyhook-app:// serves the UI).
  GrantFileProtocolExtraPrivileges: false,
});

/** electron-builder's Arch enum values that produce arm64 macOS code. */
const appleSiliconArchs = new Set([3 /* arm64 */, 4 /* universal */]);

/**
 * The @electron/fuses configuration for one packaged app. Flipping fuses breaks the ad-hoc
 * signature that arm64 macOS binaries must carry, so it is re-applied there; a real signature
 * (electron-builder signs after afterPack) replaces it anyway.
 */
export function fuseConfig({ platform, arch } = {}) {
  const config = {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: false,
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && appleSiliconArchs.has(arch),
  };
  for (const [name, enabled] of Object.entries(fuses)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses has no fuse named ${name}`);
    config[index] = enabled;
  }
  return config;
}
