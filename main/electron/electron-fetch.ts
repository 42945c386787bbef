import { net } from 'electron';

/**
 * The fetch port in the app: Chromium's network stack (system proxy, OS certificates).
 * `net.fetch` cancels a request whose redirect mode is "manual" instead of returning the
 * 3xx (electron/electron#43715), yet providers need that 3xx to fetch a download URL
 * without their token; those requests go through `net.request`, which reports the redirect.
 */
export const electronFetch: typeof fetch = (input, init) => {
  const url = input instanceof URL ? input.toString() : typeof input === 'string' ? input : input.url;
  if (init?.redirect !== 'manual') return net.fetch(url, init);
  return new Promise<Response>((resolve, reject) => {
    const request = net.request({ url, method: init.method ?? 'GET', redirect: 'manual' });
    new Headers(init.headers).forEach((value, name) => request.setHeader(name, value));
    const onAbort = () => {
      request.abort();
      reject(init.signal?.reason);
    };
    init.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => init.signal?.removeEventListener('abort', onAbort);
    request.on('redirect', (status, _method, location, headers) => {
      done();
      request.abort();
      const responseHeaders = new Headers({ location });
      for (const [name, values] of Object.entries(headers))
        if (name.toLowerCase() !== 'location') responseHeaders.set(name, values.join(', '));
      resolve(new Response(null, { status, headers: responseHeaders }));
    });
    request.on('response', (response) => {
      done();
      const chunks: Buffer[] = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        resolve(new Response(Buffer.concat(chunks), { status: response.statusCode, headers }));
      });
      response.on('error', reject);
    });
    request.on('error', (error) => {
      done();
      reject(error);
    });
    if (typeof init.body === 'string' || init.body instanceof URLSearchParams) request.write(String(init.body));
    // Upload bodies (a Box part, a direct upload) are bytes: without this they went out empty.
    else if (init.body instanceof Uint8Array) request.write(Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength));
    request.end();
  });
};
