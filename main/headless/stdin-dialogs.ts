import { randomBytes } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Confirmation } from '../ipc/ports';

/** Unanswered questions are a no after this long: nobody is at the terminal. */
const answerWithinMs = 5 * 60_000;

export interface StdinDialogs {
  confirm(question: Confirmation): Promise<boolean>;
  /** "Upload files…": the absolute paths answered, or null. */
  pickFiles(): Promise<string[] | null>;
}

/**
 * The bridge's stand-in for native dialogs: each question is printed as
 * `SKYHOOK_<KIND>=<id> <question>` and answered by a line `<id> <answer>` on stdin, from the
 * person at the terminal or from a test driving the process. A confirmation is yes only
 * for `yes`; a file choice is a JSON array of absolute paths. Anything else, a closed stdin
 * or no answer in time is a no (null). The page cannot answer: it has no way to write to stdin.
 */
export function stdinDialogs(input: Readable, say: (line: string) => void): StdinDialogs {
  const waiting = new Map<string, (answer: string | undefined) => void>();
  let open = true;
  // Not a terminal interface: Ctrl-C must still stop the process.
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const [, id, answer] = /^\s*(\S+)\s*(.*)$/.exec(line) ?? [];
    const settle = id ? waiting.get(id) : undefined;
    settle?.(answer?.trim());
  });
  lines.on('close', () => {
    open = false;
    for (const settle of [...waiting.values()]) settle(undefined);
  });
  const ask = (kind: string, question: string, answer: string): Promise<string | undefined> =>
    new Promise((resolve) => {
      if (!open) return resolve(undefined);
      const id = randomBytes(8).toString('hex');
      const timer = setTimeout(() => settle(undefined), answerWithinMs);
      timer.unref();
      const settle = (answer: string | undefined) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(answer);
      };
      waiting.set(id, settle);
      say(`SKYHOOK_${kind}=${id} ${question} (answer "${id} ${answer}")`.replace(/[\r\n]+/g, ' '));
    });
  return {
    confirm: async (question) => (await ask('CONFIRM', `${question.message} ${question.detail}`, 'yes')) === 'yes',
    pickFiles: async () => pathsOf(await ask('PICK_FILES', 'Files to upload?', '["/absolute/path", …]')),
  };
}

function pathsOf(answer: string | undefined): string[] | null {
  try {
    const paths: unknown = JSON.parse(answer ?? '');
    const valid = Array.isArray(paths) && paths.length > 0 && paths.every((p) => typeof p === 'string' && isAbsolute(p));
    return valid ? (paths as string[]) : null;
  } catch {
    return null;
  }
}
