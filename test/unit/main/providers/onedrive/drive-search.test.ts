import { describe, expect, it } from 'vitest';
import { graphFileKey } from '../../../../../main/providers/onedrive/drive-search';

describe('graphFileKey', () => {
  it('names a drive item by its drive and item ID, so two connections to the drive share it', () => {
    expect(graphFileKey({ id: '01ABC', parentReference: { driveId: 'b!drive1' } })).toBe('graph:b!drive1:01ABC');
    // Without the drive ID (some search answers leave parentReference out) it cannot be matched.
    expect(graphFileKey({ id: '01ABC' })).toBeUndefined();
  });
});
