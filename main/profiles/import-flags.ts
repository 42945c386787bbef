/**
 * The values of `--import <file or link>` (or `--import=…`) on a command line. On its own,
 * without the profile code: the bridge reads it before anything else is loaded.
 */
export function importFlagValues(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    if (arg === '--import') return argv[i + 1] !== undefined ? [argv[i + 1] as string] : [];
    return arg.startsWith('--import=') ? [arg.slice('--import='.length)] : [];
  });
}
