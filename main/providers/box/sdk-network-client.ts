import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FetchOptionsInput, FetchResponse, NetworkClient } from 'box-node-sdk/networking';
import type { SerializedData } from 'box-node-sdk/serialization/json';
import type { BoxHttp } from './box-http';
import type { BoxOperation } from './diagnostics';
import { unexpectedResponse } from './diagnostics';

/**
 * The SDK's NetworkClient, backed by BoxHttp and so by the injected fetch (Electron's
 * net.fetch in the app: system proxy and OS certificates). The SDK's own client uses
 * node-fetch with its own retry rules, which cannot be pointed at our fetch port.
 */
export class SdkNetworkClient implements NetworkClient {
  constructor(private readonly http: BoxHttp) {}

  async fetch(options: FetchOptionsInput): Promise<FetchResponse> {
    if (options.fileStream || options.multipartData) throw new Error('Uploads are not supported by Skyhook.');
    // The SDK marks its refresh call as `/oauth2/token#refresh`; the fragment is not sent.
    const url = options.url.replace(/#.*$/, '');
    const form = options.contentType === 'application/x-www-form-urlencoded' ? toForm(options.data) : undefined;
    const body = form ? form.toString() : options.data === undefined ? undefined : JSON.stringify(options.data);

    const response = await this.http.send({
      url,
      method: options.method === 'POST' ? 'POST' : 'GET',
      query: options.params,
      headers: options.headers,
      body,
      contentType: options.contentType,
      auth: options.auth,
      session: options.networkSession,
      signal: options.cancellationToken,
      operation: operationOf(url),
      grant: form?.get('grant_type') ?? undefined,
    });

    const headers = Object.fromEntries(response.headers.entries());
    if (options.responseFormat === 'binary') {
      const content = response.body ? Readable.fromWeb(response.body as NodeReadableStream) : Readable.from([]);
      return { url: response.url, status: response.status, headers, content };
    }
    const text = await response.text();
    let data: SerializedData;
    try {
      data = text ? (JSON.parse(text) as SerializedData) : undefined;
    } catch (error) {
      throw unexpectedResponse(error);
    }
    return { url: response.url, status: response.status, headers, data, content: Readable.from([Buffer.from(text)]) };
  }
}

function operationOf(url: string): BoxOperation {
  const path = new URL(url).pathname;
  if (path.endsWith('/oauth2/token')) return 'token';
  if (path.endsWith('/oauth2/revoke')) return 'revoke';
  if (path.endsWith('/2.0/search')) return 'search';
  return 'api';
}

function toForm(data: SerializedData): URLSearchParams {
  const form = new URLSearchParams();
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const [key, value] of Object.entries(data)) {
      if (value !== undefined && value !== null) form.set(key, String(value));
    }
  }
  return form;
}
