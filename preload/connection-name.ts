import { z } from 'zod';

/**
 * Characters a connection name may not hold: controls (Cc), format characters (Cf: bidi
 * overrides like U+202E, zero-width spaces and joiners, soft hyphens) and line or
 * paragraph separators. They make a name display as something else than it is ("Design
 * Box" hiding a reversed "exe.") or look identical to another connection's.
 */
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** A connection's name, wherever one comes in: the wizards, rename, profiles, the IT policy. */
export const connectionName = z
  .string()
  .trim()
  .min(1, 'Give the connection a name.')
  .max(80, 'Keep the name under 80 characters.')
  .refine((name) => !invisible.test(name), 'Use visible characters only: no control, direction-changing or zero-width characters.');
