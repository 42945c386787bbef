import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stdinDialogs } from '../../../../main/headless/stdin-dialogs';

const question = {
  title: 'Export secrets',
  message: 'Include the secrets?',
  detail: 'Client secret\nwill be sealed.',
  confirmLabel: 'Include',
};

function terminal() {
  const stdin = new PassThrough();
  const printed: string[] = [];
  const { confirm, pickFiles } = stdinDialogs(stdin, (line) => printed.push(line));
  const idOf = (line: string | undefined) => /^SKYHOOK_[A-Z_]+=([0-9a-f]{16}) /.exec(line ?? '')?.[1] ?? '';
  return { stdin, printed, confirm, pickFiles, idOf };
}

describe('stdinDialogs', () => {
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

  it('answers "Upload files…" with the absolute paths given, and null for anything else', async () => {
    const { stdin, printed, pickFiles, idOf } = terminal();
    const chosen = pickFiles();
    const relative = pickFiles();
    const garbled = pickFiles();
    expect(printed[0]).toMatch(/^SKYHOOK_PICK_FILES=[0-9a-f]{16} Files to upload\?/);
    stdin.write(`${idOf(printed[0])} ["/tmp/a b.png", "/tmp/c.tif"]\n`);
    stdin.write(`${idOf(printed[1])} ["a.png"]\n`);
    stdin.write(`${idOf(printed[2])} not json\n`);
    expect(await chosen).toEqual(['/tmp/a b.png', '/tmp/c.tif']);
    expect(await relative).toBeNull();
    expect(await garbled).toBeNull();
  });
});
