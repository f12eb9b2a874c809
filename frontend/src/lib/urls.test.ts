import { describe, expect, it } from 'vitest';
import { deviceUrl, normPathPrefix, routeUrl, signInUrl, testVerdict } from './urls';

describe('gateway addresses', () => {
  it('builds the sign-in and device pages from the gateway URL', () => {
    expect(signInUrl('https://192.168.1.20:9443/')).toBe('https://192.168.1.20:9443/_sekisho/login');
    expect(signInUrl('https://192.168.1.20:9443')).toBe('https://192.168.1.20:9443/_sekisho/login');
    expect(deviceUrl('https://gw.local:9443/')).toBe('https://gw.local:9443/_sekisho/device');
    expect(signInUrl('')).toBe('');
  });

  it('shows the address employees open for a route', () => {
    const gw = 'https://192.168.1.20:9443/';
    expect(routeUrl(gw, { host: '', pathPrefix: '/wiki' })).toBe('https://192.168.1.20:9443/wiki');
    expect(routeUrl(gw, { host: 'nas.example.lan', pathPrefix: '' })).toBe('https://nas.example.lan:9443/');
    expect(routeUrl('https://gw.example/', { host: '', pathPrefix: 'tools' })).toBe('https://gw.example/tools');
    expect(routeUrl('', { host: '', pathPrefix: '/' })).toBe('');
    expect(routeUrl('not a url', { host: '', pathPrefix: '/' })).toBe('');
  });

  it('normalizes path prefixes', () => {
    expect(normPathPrefix('')).toBe('/');
    expect(normPathPrefix(' wiki ')).toBe('/wiki');
    expect(normPathPrefix('/a/b')).toBe('/a/b');
  });
});

describe('testVerdict', () => {
  it('tells reachable, an HTTP error and unreachable apart', () => {
    expect(testVerdict({ ok: true, status: 200, durationMs: 12.4 })).toEqual({ kind: 'ok', status: 200, ms: 12 });
    expect(testVerdict({ ok: true, status: 401, durationMs: 3 })).toEqual({ kind: 'ok', status: 401, ms: 3 });
    expect(testVerdict({ ok: false, status: 502, durationMs: 8 })).toEqual({
      kind: 'httpError',
      status: 502,
      ms: 8,
      message: '',
      error: '',
    });
    expect(
      testVerdict({ ok: false, status: 502, message: 'アプリがエラーを返しました', error: '502 Bad Gateway', durationMs: 8 }),
    ).toEqual({ kind: 'httpError', status: 502, ms: 8, message: 'アプリがエラーを返しました', error: '502 Bad Gateway' });
    expect(
      testVerdict({ ok: false, status: 0, message: '接続を拒否されました', error: 'connection refused', durationMs: 2 }),
    ).toEqual({
      kind: 'unreachable',
      message: '接続を拒否されました',
      error: 'connection refused',
      ms: 2,
    });
  });
});
