import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Confirmation } from '../ipc/ports';

/** Unanswered questions are a no after this long: nobody is at the terminal. */
const answerWithinMs = 5 * 60_000;

/**
 * The bridge's stand-in for a native dialog: the question is printed as
 * `SKYHOOK_CONFIRM=<id> <question>` and answered by a line `<id> yes` on stdin, from the
 * person at the terminal or from a test driving the process. Anything else, a closed stdin
 * or no answer in time is a no. The page cannot answer: it has no way to write to stdin.
 */
export function stdinConfirm(input: Readable, say: (line: string) => void): (question: Confirmation) => Promise<boolean> {
  const waiting = new Map<string, (yes: boolean) => void>();
  let open = true;
  // Not a terminal interface: Ctrl-C must still stop the process.
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const [id, answer] = line.trim().split(/\s+/, 2);
    const settle = id ? waiting.get(id) : undefined;
    settle?.(answer === 'yes');
  });
  lines.on('close', () => {
    open = false;
    for (const settle of [...waiting.values()]) settle(false);
  });
  return (question) =>
    new Promise((resolve) => {
      if (!open) return resolve(false);
      const id = randomBytes(8).toString('hex');
      const timer = setTimeout(() => settle(false), answerWithinMs);
      timer.unref();
      const settle = (yes: boolean) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(yes);
      };
      waiting.set(id, settle);
      say(`SKYHOOK_CONFIRM=${id} ${question.message} ${question.detail} (answer "${id} yes")`.replace(/[\r\n]+/g, ' '));
    });
}
