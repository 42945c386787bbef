import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { IdentityNetworkError } from './diagnostics';

/**
 * MSAL's HTTP goes through our fetch port (Electron's net.fetch in the app: system proxy
 * and OS certificates), not MSAL's own client. Non-JSON answers (a proxy's HTML page) and
 * transport failures become IdentityNetworkError so diagnostics can say "could not reach".
 */
export function fetchNetworkModule(fetchFn: typeof fetch): INetworkModule {
  const send = async <T>(url: string, init: RequestInit, timeout?: number): Promise<NetworkResponse<T>> => {
    const host = new URL(url).host;
    let response: Response;
    try {
      response = await fetchFn(url, timeout ? { ...init, signal: AbortSignal.timeout(timeout) } : init);
    } catch (error) {
      throw new IdentityNetworkError(host, { cause: error });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      throw new IdentityNetworkError(host, { cause: error, status: response.status });
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, body: body as T };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>(url, { method: 'GET', headers: options?.headers ?? {} }, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>(url, { method: 'POST', headers: options?.headers ?? {}, body: options?.body ?? '' }),
  };
}
