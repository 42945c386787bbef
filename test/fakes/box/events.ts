import { randomBytes } from 'node:crypto';
import type { FakeEvent } from './changes';
import { clientError, json, type FakeRequest, type Reply } from './http';
import { userMiniJson } from './paths';
import type { FakeBoxState, FakeUser } from './state';

/** Box's documented cap on user events per page (`limit` default 100, at most 500). */
const maxEventsPerPage = 500;

/**
 * GET /2.0/events for user events: `stream_position=now` answers the head and no entries;
 * a number answers what came after it (at most `limit`) and `next_stream_position`; no
 * position (or 0) starts from the oldest event kept. A position older than what is kept
 * answers 400 `invalid_stream_position` (this fake's stand-in for Box's reset, see changes.ts).
 */
export function listEvents(state: FakeBoxState, user: FakeUser, url: URL): Reply {
  const log = state.changes;
  const params = url.searchParams;
  const streamType = params.get('stream_type') ?? 'all';
  if (!['all', 'changes', 'sync'].includes(streamType)) {
    return clientError(400, 'bad_request', 'Bad Request', {
      context_info: { errors: [{ reason: 'invalid_parameter', name: 'stream_type', message: `Invalid value '${streamType}'.` }] },
    });
  }
  const raw = params.get('stream_position');
  if (raw === 'now') return json(200, { chunk_size: 0, next_stream_position: log.position, entries: [] });
  const position = raw === null || raw === '' ? 0 : Number(raw);
  if (!Number.isInteger(position) || position < 0) {
    return clientError(400, 'bad_request', 'Bad Request', {
      context_info: { errors: [{ reason: 'invalid_parameter', name: 'stream_position', message: `Invalid value '${raw}'.` }] },
    });
  }
  if (position !== 0 && position < log.oldestPosition - 1) {
    return clientError(400, 'invalid_stream_position', 'The stream position is no longer available. Start again from stream_position=now.');
  }
  const limit = Math.max(1, Math.min(Number(params.get('limit') ?? 100) || 100, maxEventsPerPage));
  const from = Math.max(position, log.oldestPosition - 1);
  const events = log.after(from, user.id, limit);
  const next = events.length === limit ? events.at(-1)!.position : log.position;
  return json(200, {
    chunk_size: events.length,
    next_stream_position: next,
    entries: events.map((event) => eventJson(state, event, user.id)),
  });
}

function eventJson(state: FakeBoxState, event: FakeEvent, viewerId: string): Record<string, unknown> {
  return {
    type: 'event',
    event_id: event.eventId,
    event_type: event.type,
    created_by: userMiniJson(state.users.get(event.createdBy)),
    created_at: event.createdAt,
    recorded_at: event.createdAt,
    session_id: null,
    source: event.views.get(viewerId) ?? null,
    additional_details: null,
  };
}

/** OPTIONS /2.0/events: one real-time server to long-poll, on its own host as at Box. */
export function realtimeServers(state: FakeBoxState, user: FakeUser, realtimeUrl: string): Reply {
  const channel = randomBytes(10).toString('hex');
  state.changes.channels.set(channel, user.id);
  return json(200, {
    chunk_size: 1,
    entries: [
      {
        type: 'realtime_server',
        url: `${realtimeUrl}/subscribe?channel=${channel}&stream_type=all`,
        ttl: '10',
        max_retries: '10',
        retry_timeout: state.changes.retryTimeout,
      },
    ],
  });
}

/**
 * The real-time server: GET /subscribe?channel=…[&stream_position=n] stays open until an
 * event the channel's user may see arrives (`{"message":"new_change"}`) or retry_timeout
 * passes (`{"message":"reconnect"}`). With a stream_position that already has newer
 * events, it answers new_change at once. No token is needed (nor should one be sent).
 */
export function realtimeHandler(state: FakeBoxState) {
  return async (request: FakeRequest): Promise<Reply> => {
    if (request.url.pathname !== '/subscribe') return json(404, { message: 'not_found' });
    const userId = state.changes.channels.get(request.url.searchParams.get('channel') ?? '');
    if (!userId) return json(200, { message: 'reconnect' });
    const position = Number(request.url.searchParams.get('stream_position') ?? NaN);
    if (Number.isInteger(position) && state.changes.after(position, userId, 1).length > 0) return json(200, { message: 'new_change' });

    let onEvent!: (event: FakeEvent) => void;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      new Promise<'new_change'>((resolve) => {
        onEvent = (event) => {
          if (event.views.has(userId)) resolve('new_change');
        };
        state.events.on('box-event', onEvent);
      }),
      new Promise<'reconnect'>((resolve) => (timer = setTimeout(() => resolve('reconnect'), state.changes.retryTimeout * 1000))),
      request.closed.then(() => 'closed' as const),
    ]);
    state.events.off('box-event', onEvent);
    clearTimeout(timer);
    if (outcome === 'closed') return { status: 499 };
    return json(200, { message: outcome });
  };
}
