import { useEffect, useState } from 'react';
import type { EventOf } from '../../../preload/contract';
import { call } from '../api/client';
import { useEvent } from '../api/events';
import { formatCount } from './format';

export type IndexStatus = EventOf<'index.status'>;

/** Each connection's name-index status: read once, then kept current by 'index.status' events. */
export function useIndexStatus(): Record<string, IndexStatus> {
  const [statuses, setStatuses] = useState<Record<string, IndexStatus>>({});
  useEffect(() => {
    let live = true;
    call('index.list', {}).then(
      (list) => live && setStatuses((now) => ({ ...Object.fromEntries(list.map((i) => [i.connectionId, i.status])), ...now })),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  useEvent('index.status', (status) => setStatuses((now) => ({ ...now, [status.connectionId]: status })));
  return statuses;
}

const waitingParty: Record<string, string> = {
  local: 'The folder',
  'box-ccg': 'Box',
  'box-jwt': 'Box',
  'box-oauth': 'Box',
  onedrive: 'Microsoft',
};

/** What a chip says about a connection's index; undefined when there is nothing to say (off). */
export function describeIndex(status: IndexStatus | undefined, kind: string): string | undefined {
  switch (status?.state) {
    case undefined:
    case 'off':
      return undefined;
    case 'loading':
      return 'Loading index…';
    case 'indexing':
      return `Indexing… ${formatCount(status.items)} ${status.items === 1 ? 'image' : 'images'}`;
    case 'up-to-date':
      return 'Up to date';
    case 'live':
      return 'Live';
    case 'paused': {
      const until = status.resumeAt ? new Date(status.resumeAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : undefined;
      return until ? `Paused: ${waitingParty[kind] ?? 'The service'} asks us to wait until ${until}` : 'Paused';
    }
    case 'failed':
      return `Index failed: ${status.message ?? 'unknown error'}`;
  }
}
