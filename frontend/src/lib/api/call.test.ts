import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, call, isDesktop, onUnauthorized, setAttached, setRequestLanguage, toAppError } from './call';
import { getToken, setToken } from './token';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

afterEach(() => {
  delete window.go;
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('toAppError', () => {
  it('parses the JSON string Wails rejects with', () => {
    const e = toAppError('{"code":"invalid","message":"コードを入力してください","field":"code"}');
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'invalid', message: 'コードを入力してください', field: 'code' });
  });

  it('accepts the HTTP envelope {"error":{…}} too', () => {
    expect(toAppError('{"error":{"code":"conflict","message":"dup","field":"code"}}')).toMatchObject({
      code: 'conflict',
      message: 'dup',
      field: 'code',
    });
  });

  it('turns a plain string into an internal error carrying the text', () => {
    const e = toAppError('database is locked');
    expect(e).toMatchObject({ code: 'internal', message: 'database is locked', field: '' });
  });

  it('handles Error objects, unknown codes and odd values', () => {
    expect(toAppError(new Error('{"code":"not_found","message":"gone"}'))).toMatchObject({ code: 'not_found' });
    expect(toAppError('{"code":"weird","message":"m"}')).toMatchObject({ code: 'internal', message: 'm' });
    expect(toAppError({ code: 'confirm', message: 'sure?' })).toMatchObject({ code: 'confirm' });
    expect(toAppError(42)).toMatchObject({ code: 'internal', message: '42' });
    expect(toAppError('{not json')).toMatchObject({ code: 'internal', message: '{not json' });
  });

  it('passes an AppError through', () => {
    const e = new AppError('invalid', 'x', 'f');
    expect(toAppError(e)).toBe(e);
  });
});

describe('desktop transport (Wails bindings)', () => {
  it('calls window.go.app.<Service>.<Method> with the one request object', async () => {
    const list = vi.fn().mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 });
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    window.go = { app: { Users: { List: list } } };
    expect(isDesktop()).toBe(true);
    const res = await call('Users', 'List', { query: 'a' });
    expect(res).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect(list).toHaveBeenCalledWith({ query: 'a' });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('rejects with AppError parsed from the string', async () => {
    window.go = {
      app: { Users: { Create: vi.fn().mockRejectedValue('{"code":"invalid","message":"bad","field":"email"}') } },
    };
    await expect(call('Users', 'Create', {})).rejects.toMatchObject({ code: 'invalid', field: 'email', message: 'bad' });
  });

  it('rejects a plain-string Go error as internal', async () => {
    window.go = { app: { Users: { Get: vi.fn().mockRejectedValue('boom') } } };
    const err = await call('Users', 'Get', { id: '1' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'internal', message: 'boom' });
  });

  it('passes the request object to the binding as its one argument', async () => {
    const get = vi.fn((...args: unknown[]) => Promise.resolve({ n: args.length, req: args[0] }));
    window.go = { app: { Users: { Get: get as never } } };
    expect(await call('Users', 'Get', { id: '7' })).toEqual({ n: 1, req: { id: '7' } });
    expect(await call('Users', 'Get')).toEqual({ n: 1, req: {} });
  });

  it('reports a method missing from the bindings as unsupported', async () => {
    window.go = { app: { Users: {} } };
    await expect(call('Users', 'Nope')).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('serve transport (HTTP)', () => {
  beforeEach(() => {
    setToken('secret-token');
    setRequestLanguage('ja');
  });

  it('POSTs JSON to /api/<Service>.<Method> with token and language', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(200, { changed: 2 }));
    vi.stubGlobal('fetch', fetchMock);
    setRequestLanguage('en');
    expect(isDesktop()).toBe(false);
    const res = await call('Users', 'SetSuspended', { ids: ['1', '2'], suspended: true });
    expect(res).toEqual({ changed: 2 });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/Users.SetSuspended');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({
      'Content-Type': 'application/json',
      Authorization: 'Bearer secret-token',
      'Accept-Language': 'en',
    });
    expect(JSON.parse(init.body)).toEqual({ ids: ['1', '2'], suspended: true });
  });

  it('sends {} when there is no request', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(200, { items: [] }));
    vi.stubGlobal('fetch', fetchMock);
    await call('Users', 'Groups');
    expect(fetchMock.mock.calls[0][1].body).toBe('{}');
  });

  it('turns an error body into AppError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(jsonResponse(409, { error: { code: 'conflict', message: '既に使われています', field: 'code' } })),
    );
    const err = await call('Users', 'Create', { code: 'a', name: 'b' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'conflict', message: '既に使われています', field: 'code' });
  });

  it('handles a non-JSON error body', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('Bad Gateway', { status: 502 })));
    await expect(call('System', 'Info')).rejects.toMatchObject({ code: 'internal', message: 'Bad Gateway' });
  });

  it('on 401 clears the token and tells the listeners', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(jsonResponse(401, { error: { code: 'unauthorized', message: 'token required' } })),
    );
    const seen = vi.fn();
    const off = onUnauthorized(seen);
    const err = await call('Settings', 'Get').catch((e) => e);
    off();
    expect(err).toMatchObject({ code: 'unauthorized', message: 'token required' });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(getToken()).toBe('');
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(call('System', 'Info')).rejects.toMatchObject({ code: 'network', message: 'Failed to fetch' });
  });

  it('resolves {} for an empty 200 body', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('', { status: 200 })));
    await expect(call('IPRules', 'Delete', { id: '1' })).resolves.toEqual({});
  });
});

describe('attached window (the engine runs as a service)', () => {
  afterEach(() => setAttached(false));

  it("sends the engine's calls to /api/ without a token, and keeps the window's own on the bindings", async () => {
    const bound = vi.fn().mockResolvedValue({ from: 'binding' });
    const saveFile = vi.fn().mockResolvedValue({ saved: true, path: '/tmp/x.csv' });
    const state = vi.fn().mockResolvedValue({ mode: 'attached' });
    window.go = { app: { Users: { List: bound }, System: { SaveFile: saveFile, Info: bound }, Console: { State: state } } };
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => jsonResponse(200, { items: [], total: 0 }));
    vi.stubGlobal('fetch', fetchMock);
    setRequestLanguage('ja');
    setAttached(true);

    await expect(call('Users', 'List', { query: 'x' })).resolves.toEqual({ items: [], total: 0 });
    await call('System', 'Info');
    expect(bound).not.toHaveBeenCalled();
    const [url, init] = fetchMock.mock.calls[0];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe('/api/Users.List');
    expect(headers.Authorization).toBeUndefined();
    expect(headers['Accept-Language']).toBe('ja');
    expect(fetchMock.mock.calls[1][0]).toBe('/api/System.Info');

    await call('System', 'SaveFile', { filename: 'x.csv', dataBase64: 'eA==' });
    await call('Console', 'State', {});
    expect(saveFile).toHaveBeenCalledWith({ filename: 'x.csv', dataBase64: 'eA==' });
    expect(state).toHaveBeenCalled();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("reports the window's answer when the engine is gone as a network error", async () => {
    window.go = { app: {} };
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(jsonResponse(502, { error: { code: 'network', message: 'サービスに接続できません' } })),
    );
    setAttached(true);
    await expect(call('Users', 'List', {})).rejects.toMatchObject({ code: 'network', message: 'サービスに接続できません' });
  });
});
