import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// Stand-ins for Electron's net module: net.request reports a redirect as Chromium does.
class FakeRequest extends EventEmitter {
  headers: Record<string, string> = {};
  aborted = false;
  ended = false;
  constructor(readonly options: { url: string; method: string; redirect: string }) {
    super();
    requests.push(this);
  }
  setHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  written: Buffer[] = [];
  write(chunk: string | Buffer) {
    this.written.push(Buffer.from(chunk));
  }
  end() {
    this.ended = true;
  }
  abort() {
    this.aborted = true;
  }
}
const requests: FakeRequest[] = [];
const fetched: string[] = [];

vi.mock('electron', () => ({
  net: {
    request: (options: { url: string; method: string; redirect: string }) => new FakeRequest(options),
    fetch: async (url: string) => {
      fetched.push(url);
      return new Response('ok');
    },
  },
}));

const { electronFetch } = await import('../../../../main/electron/electron-fetch');

describe('the app fetch port', () => {
  it('uses net.fetch for ordinary requests', async () => {
    expect(await (await electronFetch('https://api.box.com/2.0/search')).text()).toBe('ok');
    expect(fetched).toEqual(['https://api.box.com/2.0/search']);
  });

  it('returns a manual redirect as a 3xx with its Location instead of failing', async () => {
    const response = electronFetch('https://api.box.com/2.0/files/1/content', {
      redirect: 'manual',
      headers: { Authorization: 'Bearer t' },
    });
    const request = requests.at(-1)!;
    expect(request.options).toMatchObject({ redirect: 'manual', method: 'GET' });
    expect(request.headers).toEqual({ authorization: 'Bearer t' });
    request.emit('redirect', 302, 'GET', 'https://dl.boxcloud.com/x', { location: ['https://dl.boxcloud.com/x'], 'x-box': ['1'] });
    const result = await response;
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe('https://dl.boxcloud.com/x');
    expect(result.headers.get('x-box')).toBe('1');
    expect(request.aborted).toBe(true);
  });

  it('aborts the request when the signal aborts', async () => {
    const controller = new AbortController();
    const response = electronFetch('https://graph.microsoft.com/v1.0/me/drive/items/1/content', {
      redirect: 'manual',
      signal: controller.signal,
    });
    controller.abort(new Error('stop'));
    await expect(response).rejects.toThrow('stop');
    expect(requests.at(-1)!.aborted).toBe(true);
  });

  it('sends a byte body (an upload part) as it is, not an empty request', async () => {
    const part = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4);
    const response = electronFetch('https://upload.box.com/api/2.0/files/upload_sessions/S', {
      method: 'PUT',
      redirect: 'manual',
      body: part,
    });
    const request = requests.at(-1)!;
    expect(Buffer.concat(request.written)).toEqual(Buffer.from([2, 3, 4]));
    expect(request.ended).toBe(true);
    const answer = new EventEmitter() as EventEmitter & { statusCode: number; headers: Record<string, string> };
    answer.statusCode = 200;
    answer.headers = {};
    request.emit('response', answer);
    answer.emit('end');
    expect((await response).status).toBe(200);
  });
});
