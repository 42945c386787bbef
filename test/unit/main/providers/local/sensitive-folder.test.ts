import { describe, expect, it } from 'vitest';
import { describeConnection } from '../../../../../main/profiles/describe';
import { sensitiveFolderWarning } from '../../../../../main/providers/local/sensitive-folder';

const home = '/home/dana';

describe('sensitiveFolderWarning', () => {
  it.each([
    ['/', 'whole disk'],
    ['/home/dana', 'whole home folder'],
    ['/home/dana/', 'whole home folder'],
    ['/home/dana/.ssh', 'hidden folder'],
    ['/home/dana/.aws/creds', 'hidden folder'],
  ])('warns about %s (%s)', (folder, words) => {
    expect(sensitiveFolderWarning(folder, home)).toContain(words);
  });

  it.each(['/home/dana/Pictures', '/srv/nature', '/home/dana/Design/.thumbs-not-top-level', '/home'])('stays quiet for %s', (folder) => {
    expect(sensitiveFolderWarning(folder, home)).toBeUndefined();
  });

  it('shows in the profile and policy preview of a local connection', () => {
    const details = describeConnection({ kind: 'local', name: 'Everything', config: { folder: '/' } } as Parameters<
      typeof describeConnection
    >[0]);
    expect(details.find((d) => d.label === 'Warning')?.value).toContain('whole disk');
  });
});
