import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../shared/logger';
import { SettingsFile } from './settings-file';
import { windowBoundsSchema, type WindowBounds } from './settings-store';
import { keptAsidePath } from '../shared/kept-aside';

/** This machine's own state in the desktop app: not settings, which profiles and policies touch. */
export interface WindowState {
  windowBounds?: WindowBounds;
  /** A "yes" to keeping secrets with weak OS protection (a "no" is asked again). */
  weakSecretStorageAllowed?: boolean;
}

const schema: z.ZodType<WindowState> = z.looseObject({
  windowBounds: windowBoundsSchema.optional(),
  weakSecretStorageAllowed: z.boolean().optional(),
});

/**
 * Opens window-state.json. One that cannot be read is kept aside and logged: it holds a
 * window's place and one answer, so starting without them loses nothing a person typed.
 */
export function openWindowState(dir: string, log: Logger, now = () => new Date()): SettingsFile<WindowState> {
  const options = { dir, name: 'window-state', schema, version: '1.0.0' };
  try {
    return new SettingsFile(options);
  } catch (error) {
    const file = join(dir, `${options.name}.json`);
    const aside = keptAsidePath(file, now());
    renameSync(file, aside);
    log.warn('window state could not be read; kept aside', { aside, error: error instanceof Error ? error.message : String(error) });
    return new SettingsFile(options);
  }
}
