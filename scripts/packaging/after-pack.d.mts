import type { FuseV1Config } from '@electron/fuses';

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface PackedApp {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export declare function electronBinaryPath(context: Omit<PackedApp, 'arch'>): string;
export declare function fuseMismatches(binary: string, config: FuseV1Config): Promise<number[]>;
export declare function afterPack(context: PackedApp): Promise<void>;
export default afterPack;
