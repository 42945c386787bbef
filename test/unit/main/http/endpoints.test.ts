import { describe, expect, it } from 'vitest';
import { defaultEndpoints, endpointSetup, overrideRefusal } from '../../../../main/http/endpoints';

const packaged = { packaged: true };
const development = { packaged: false };

describe('endpoint overrides', () => {
  it('development and tests: https anywhere, plain http only on this computer', () => {
    for (const url of ['https://proxy.example', 'http://127.0.0.1:4000', 'http://localhost:4000/', 'http://[::1]:4000']) {
      expect(overrideRefusal(url, development), url).toBeUndefined();
    }
    for (const url of [
      'http://proxy.example',
      'http://127.0.0.1.nip.io',
      'ftp://127.0.0.1',
      'file:///etc/passwd',
      'not a url',
      'https://user:pw@proxy.example',
    ]) {
      expect(overrideRefusal(url, development), url).toBeDefined();
    }
  });

  it('the installed app: https only, loopback http refused too', () => {
    expect(overrideRefusal('https://proxy.example', packaged)).toBeUndefined();
    for (const url of ['http://127.0.0.1:4000', 'http://localhost', 'http://[::1]:1', 'http://proxy.example']) {
      expect(overrideRefusal(url, packaged), url).toBe('the installed app accepts only https:// addresses');
    }
  });

  it('a refused override leaves the default in place and is reported once, naming the variable', () => {
    const setup = endpointSetup({ SKYHOOK_BOX_API_URL: 'http://127.0.0.1:9', SKYHOOK_GRAPH_URL: 'http://evil.example' }, packaged);
    expect(setup.endpoints).toEqual(defaultEndpoints);
    const refused = setup.problems.find((p) => p.code === 'endpoint_override_refused');
    expect(refused?.message).toContain('SKYHOOK_BOX_API_URL (the installed app accepts only https:// addresses)');
    expect(refused?.message).toContain('SKYHOOK_GRAPH_URL');
    expect(setup.problems.some((p) => p.code === 'endpoint_override')).toBe(false);
  });

  it('the installed app shows every override in use, endpoints and data alike', () => {
    const setup = endpointSetup({ SKYHOOK_BOX_API_URL: 'https://box-proxy.example/api/', SKYHOOK_DATA_DIR: '/tmp/elsewhere' }, packaged);
    expect(setup.endpoints.boxApi).toBe('https://box-proxy.example/api');
    const banner = setup.problems.find((p) => p.code === 'endpoint_override');
    expect(banner?.message).toContain('SKYHOOK_BOX_API_URL=https://box-proxy.example');
    expect(banner?.message).toContain('SKYHOOK_DATA_DIR=/tmp/elsewhere');
  });

  it('development runs on its overrides without a banner, and no override means no problem', () => {
    const dev = endpointSetup({ SKYHOOK_BOX_API_URL: 'http://127.0.0.1:9', SKYHOOK_DATA_DIR: '/tmp/x' }, development);
    expect(dev.endpoints.boxApi).toBe('http://127.0.0.1:9');
    expect(dev.problems).toEqual([]);
    expect(endpointSetup({}, packaged)).toEqual({ endpoints: defaultEndpoints, problems: [] });
  });
});
