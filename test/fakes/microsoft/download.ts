import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendFaulty, takeDownloadFault } from '../download-faults';
import { escapeHtml, sendHtml, sendJson } from './http';
import { page } from './aadsts';
import { handleUploadSession } from './upload';
import type { FakeMicrosoftState, RequestRecord } from './state';

/**
 * The pre-authenticated host behind thumbnail URLs and `/content` redirects (files.1drv.com,
 * *.sharepoint.com in real life). It refuses any request that carries an Authorization
 * header, so a test passing here proves the client never leaked its token to it.
 */
export function downloadHandler(state: FakeMicrosoftState) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      hasAuthorization: req.headers.authorization !== undefined,
    };
    state.log.download.push(record);
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
      record.status = status;
      sendJson(res, status, { error: { code, message } }, headers);
    };

    if (record.hasAuthorization) return fail(401, 'unauthenticated', 'Pre-authenticated URLs must not carry an Authorization header.');
    const throttle = state.takeThrottle('download');
    if (throttle)
      return fail(throttle.status, throttle.status === 429 ? 'activityLimitReached' : 'serviceNotAvailable', 'Please retry.', {
        'retry-after': String(throttle.retryAfter),
      });

    if (url.pathname.startsWith('/upload/')) return void handleUploadSession(state, req, res, url);
    const [kind, token, extra] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (kind === 'thumbnails' && token) {
      const item = [...state.items.values()].find((i) => i.thumbToken === token);
      if (!item?.thumbnail) return fail(404, 'itemNotFound', 'The resource could not be found.');
      record.status = 200;
      res.writeHead(200, {
        'content-type': 'image/png',
        'content-length': item.thumbnail.length,
        'cache-control': 'public, max-age=86400',
      });
      return void res.end(item.thumbnail);
    }
    if (kind === 'download' && token) {
      const link = state.downloads.get(token);
      const item = link && state.items.get(link.itemId);
      if (!link || !item || link.expiresAt < state.now().getTime())
        return fail(401, 'unauthenticated', 'The pre-authenticated link expired.');
      record.status = 200;
      const fault = takeDownloadFault(state);
      if (fault) return sendFaulty(res, fault, { 'content-type': item.mimeType ?? 'application/octet-stream' }, item.bytes);
      res.writeHead(200, {
        'content-type': item.mimeType ?? 'application/octet-stream',
        'content-length': item.bytes.length,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(item.name)}`,
      });
      return void res.end(item.bytes);
    }
    if (kind === 'web' && token) {
      const item = extra ? state.items.get(extra) : undefined;
      record.status = 200;
      return sendHtml(
        res,
        200,
        page('OneDrive', `<h1>${escapeHtml(item?.name ?? 'OneDrive')}</h1><p>This is where OneDrive would show the file.</p>`),
      );
    }
    fail(404, 'itemNotFound', 'The resource could not be found.');
  };
}
