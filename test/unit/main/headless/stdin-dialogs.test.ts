import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stdinConfirm } from '../../../../main/headless/stdin-confirm';

const question = { title: 'Export secrets', message: 'Include the secrets?', detail: 'Client secret\nwill be sealed.', confirmLabel: 'Include' };

function terminal() {
  const stdin = new PassThrough();
  const printed: string[] = [];
  const confirm = stdinConfirm(stdin, (line) => printed.push(line));
  const idOf = (line: string | undefined) => /^SKYHOOK_CONFIRM=([0-9a-f]{16}) /.exec(line ?? '')?.[1] ?? '';
  return { stdin, printed, confirm, idOf };
}

describe('stdinConfirm', () => {
  it('prints one line per question and resolves each with its own answer', async () => {
    const { stdin, printed, confirm, idOf } = terminal();
    const first = confirm(question);
    const second = confirm(question);
    expect(printed).toHaveLength(2);
    expect(printed[0]).toContain('Include the secrets? Client secret will be sealed.');
    stdin.write(`${idOf(printed[1])} no\n`);
    stdin.write(`${idOf(printed[0])} yes\n`);
    expect(await first).toBe(true);
    expect(await second).toBe(false);
  });

  it('ignores answers to other ids, and says no once stdin closes', async () => {
    const { stdin, printed, confirm } = terminal();
    const pending = confirm(question);
    stdin.write('0123456789abcdef yes\n');
    stdin.write('yes\n');
    stdin.end();
    expect(await pending).toBe(false);
    expect(await confirm(question)).toBe(false);
    expect(printed).toHaveLength(1);
  });
});
