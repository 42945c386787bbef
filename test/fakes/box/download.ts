import { authenticate } from './api';
import { contentTypeOf } from '../content-types';
import { sendFaulty, takeDownloadFault, type DownloadFault } from '../download-faults';
import { heldDownloads, sendHeld } from '../download-hold';
import { clientError, type FakeRequest, type Reply } from './http';
import type { FakeBoxState } from './state';

/** A 1x1 transparent PNG: Box's "thumbnail not ready" placeholder stand-in. */
const placeholderPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The download host (dl.boxcloud.com): pre-authenticated /content redirects, which need no
 * token (and count it when one is sent anyway), and representation content, which does.
 */
export function downloadHandler(state: FakeBoxState) {
  return async (request: FakeRequest): Promise<Reply> => {
    const path = request.url.pathname;
    const download = /^\/d\/([0-9a-f]+)\/[^/]+$/.exec(path);
    if (download) {
      if (request.headers.authorization !== undefined) state.counters.downloadsWithAuthorization++;
      const ticket = state.downloads.get(download[1]!);
      const file = ticket && ticket.expiresAt > Date.now() ? state.files.get(ticket.fileId) : undefined;
      if (!file) return clientError(404, 'not_found', 'Not Found');
      const fault = takeDownloadFault(state);
      if (fault) return faultyDownload(fault, file.name, file.bytes);
      const headers = {
        'content-type': contentTypeOf(file.name),
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      };
      const held = heldDownloads(state);
      if (held) return { status: 200, send: (res) => sendHeld(res, held, headers, file.bytes) };
      return { status: 200, headers: { ...headers, 'content-length': String(file.bytes.byteLength) }, body: file.bytes };
    }
    const rep = /^\/api\/2\.0\/internal_files\/(\d+)\/versions\/\d+\/representations\/(jpg|png)_\d+x\d+\/content\/$/.exec(path);
    if (rep) {
      const caller = authenticate(state, request);
      if (!caller) return clientError(401, 'unauthorized', 'Unauthorized');
      const file = state.files.get(rep[1]!);
      if (!file || !state.canSee(caller.user.id, file)) return clientError(404, 'not_found', 'Not Found');
      return {
        status: 200,
        headers: { 'content-type': rep[2] === 'png' ? 'image/png' : 'image/jpeg' },
        body: file.thumbnail ?? file.bytes,
      };
    }
    if (path.startsWith('/placeholder/')) return { status: 200, headers: { 'content-type': 'image/png' }, body: placeholderPng };
    return clientError(404, 'not_found', 'Not Found');
  };
}

/** A download answered wrongly on purpose (see download-faults.ts). */
function faultyDownload(fault: DownloadFault, name: string, bytes: Uint8Array): Reply {
  const headers = {
    'content-type': contentTypeOf(name),
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
  };
  return { status: 200, send: (res) => sendFaulty(res, fault, headers, bytes) };
}
