import { describe, expect, it } from 'vitest';
import { planEvent, type BoxItemJson } from '../../../../../main/providers/box/box-event-plan';

const chain = (...folders: Array<[string, string]>) => ({
  entries: [{ id: '0', name: 'All Files' }, ...folders.map(([id, name]) => ({ id, name }))],
});
const file = (extra: Partial<BoxItemJson> = {}): BoxItemJson => ({
  type: 'file',
  id: '11',
  name: 'ocean-hero.png',
  size: 120,
  etag: '3',
  modified_at: '2024-04-12T09:31:00-07:00',
  path_collection: chain(['5', 'Brand'], ['6', '2024']),
  item_status: 'active',
  ...extra,
});

describe('planEvent', () => {
  it('an upload, rename or restore of an image upserts it with its path below All Files', () => {
    for (const type of ['ITEM_UPLOAD', 'ITEM_RENAME', 'ITEM_UNDELETE_VIA_TRASH', 'ITEM_MOVE', 'ITEM_COPY']) {
      expect(planEvent({ event_id: 'e', event_type: type, source: file() }, '0')).toEqual([
        {
          kind: 'change',
          change: {
            type: 'upsert',
            item: {
              id: '11',
              name: 'ocean-hero.png',
              parentId: '6',
              path: 'Brand / 2024',
              size: 120,
              version: '3',
              modifiedAt: '2024-04-12T16:31:00.000Z',
            },
          },
        },
      ]);
    }
  });

  it('trash removes a file and a whole folder', () => {
    expect(planEvent({ event_type: 'ITEM_TRASH', source: file({ item_status: 'trashed' }) }, '0')).toEqual([
      { kind: 'change', change: { type: 'remove', id: '11' } },
    ]);
    expect(
      planEvent(
        { event_type: 'ITEM_TRASH', source: { type: 'folder', id: '6', name: '2024', path_collection: chain(['5', 'Brand']) } },
        '0',
      ),
    ).toEqual([{ kind: 'change', change: { type: 'remove-folder', folderId: '6' } }]);
  });

  it('a file renamed to a non-image, or moved out of the Parent folder, is removed', () => {
    expect(planEvent({ event_type: 'ITEM_RENAME', source: file({ name: 'notes.txt' }) }, '0')).toEqual([
      { kind: 'change', change: { type: 'remove', id: '11' } },
    ]);
    expect(planEvent({ event_type: 'ITEM_MOVE', source: file({ path_collection: chain(['9', 'Elsewhere']) }) }, '5')).toEqual([
      { kind: 'change', change: { type: 'remove', id: '11' } },
    ]);
  });

  it('a renamed, moved or newly shared folder inside the root is listed again; moved out, it is removed', () => {
    const folder: BoxItemJson = { type: 'folder', id: '6', name: '2025', path_collection: chain(['5', 'Brand']) };
    expect(planEvent({ event_type: 'ITEM_RENAME', source: folder }, '0')).toEqual([
      { kind: 'relist', folderId: '6', path: 'Brand / 2025' },
    ]);
    expect(planEvent({ event_type: 'COLLAB_ADD_COLLABORATOR', source: folder }, '5')).toEqual([
      { kind: 'relist', folderId: '6', path: 'Brand / 2025' },
    ]);
    expect(planEvent({ event_type: 'ITEM_MOVE', source: folder }, '7')).toEqual([
      { kind: 'change', change: { type: 'remove-folder', folderId: '6' } },
    ]);
  });

  it('ignores events without an item source (a collaboration object, a web link)', () => {
    expect(planEvent({ event_type: 'COLLAB_ADD_COLLABORATOR', source: { type: 'collaboration', id: '1' } }, '0')).toEqual([]);
    expect(planEvent({ event_type: 'ITEM_UPLOAD', source: null }, '0')).toEqual([]);
  });
});
