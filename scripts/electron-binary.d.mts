/** The Electron executable if its binary was downloaded, else undefined. */
export function electronBinary(): string | undefined;
