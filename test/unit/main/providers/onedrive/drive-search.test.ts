import { describe, expect, it } from 'vitest';
import { ItemMemory } from '../../../../../main/providers/onedrive/drive-item';
import { DriveSearch, graphFileKey } from '../../../../../main/providers/onedrive/drive-search';
import type { GraphClient } from '../../../../../main/providers/onedrive/graph-client';

describe('graphFileKey', () => {
  it('names a drive item by its drive and item ID, so two connections to the drive share it', () => {
    expect(graphFileKey({ id: '01ABC', parentReference: { driveId: 'b!drive1' } })).toBe('graph:b!drive1:01ABC');
    // Without the drive ID (some search answers leave parentReference out) it cannot be matched.
    expect(graphFileKey({ id: '01ABC' })).toBeUndefined();
  });

  it('keys an item reference from the name index: shared items carry their drive, own items need the drive seen once', () => {
    const search = new DriveSearch({} as GraphClient, new ItemMemory(), {}, undefined);
    expect(search.fileKey('b!other:01XYZ')).toBe('graph:b!other:01XYZ');
    expect(search.fileKey('01ABC')).toBeUndefined();
  });
});
