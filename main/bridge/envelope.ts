import { z } from 'zod';
import type { AppErrorShape } from '../../preload/contract';

/** What the page sends over the bridge's WebSocket. */
const envelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.string().min(1).max(100), channel: z.string().max(100), input: z.unknown() }).strict(),
  z.object({ type: z.literal('cancel'), id: z.string().min(1).max(100) }).strict(),
  z.object({ type: z.literal('drag'), input: z.unknown() }).strict(),
]);
export type Envelope = z.infer<typeof envelope>;

/** Sent back for a message that is not an envelope; `id` when the call it meant can be told. */
export type EnvelopeRefusal =
  { type: 'result'; id: string; result: { ok: false; error: AppErrorShape } } | { type: 'error'; error: AppErrorShape };

export const invalidMessage: AppErrorShape = { code: 'invalid_message', message: 'Skyhook could not read this request.' };

/**
 * Reads one WebSocket message. Anything else than a JSON envelope (binary, bad JSON, an
 * unknown type, a missing id) is answered, never dropped in silence, so a page waiting on a
 * call learns at once that it will get no result.
 */
export function readEnvelope(
  data: Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
): { envelope: Envelope } | { refusal: EnvelopeRefusal } {
  let raw: unknown;
  try {
    if (isBinary) throw new Error('binary');
    raw = JSON.parse(
      Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'),
    );
  } catch {
    return { refusal: { type: 'error', error: invalidMessage } };
  }
  const parsed = envelope.safeParse(raw);
  if (parsed.success) return { envelope: parsed.data };
  const id = callIdOf(raw);
  return { refusal: id ? { type: 'result', id, result: { ok: false, error: invalidMessage } } : { type: 'error', error: invalidMessage } };
}

function callIdOf(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const { type, id } = raw as Record<string, unknown>;
  return type === 'call' && typeof id === 'string' && id.length > 0 && id.length <= 100 ? id : undefined;
}
