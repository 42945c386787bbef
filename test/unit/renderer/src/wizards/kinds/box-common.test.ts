import { describe, expect, it } from 'vitest';
import { adminRequest } from '../../../../../../renderer/src/wizards/kinds/box-common';

describe('adminRequest (Box)', () => {
  it('asks for read access only, unless the connection delivers files back', () => {
    const read = adminRequest('Client Credentials Grant', 'abc123', false);
    expect(read).toContain('Client ID: abc123');
    expect(read).toContain('Read all files and folders stored in Box (no write access)');
    const write = adminRequest('Client Credentials Grant', 'abc123', true);
    expect(write).toContain('Read and write all files and folders stored in Box');
    expect(write).not.toContain('no write access');
  });
});
