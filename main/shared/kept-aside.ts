/**
 * Where a file that could not be read is kept (`<file>.corrupt-<time>`), beside it and never
 * overwritten by the fresh one, so the user or support can still recover what was in it.
 */
export const keptAsidePath = (file: string, now: Date): string => `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
