// The one way the UI reaches the Go services: `call(service, method, req)`.
//
// Two transports, one code path (STYLE "Frontend conventions"):
//   - desktop: the Wails bindings at window.go.app.<Service>.<Method>(req).
//     A Go error rejects the promise with a plain string holding
//     {"code","message","field"} as JSON (Wails v2 passes error text only).
//   - serve mode: POST /api/<Service>.<Method> with the admin bearer token;
//     non-2xx bodies are {"error":{"code","message","field"}}.
//   - the window attached to an engine that runs as a service: the same
//     POST /api/…, same origin, without a token: the window's Go side
//     forwards it to the engine and adds the token there. Only what belongs
//     to the window (the save dialog, its console state) uses the bindings.
// All reject with AppError. Components and stores never call fetch or
// window.go themselves; they use the typed modules beside this file.

import { ERROR_CODES, type ErrorCode } from './types';
import { clearToken, getToken } from './token';

type GoMethod = (req: object) => Promise<unknown>;

declare global {
  interface Window {
    go?: Record<string, Record<string, Record<string, GoMethod | undefined> | undefined> | undefined>;
  }
}

/** Client-side codes in addition to the server's: the server could not be reached. */
export type ClientErrorCode = ErrorCode | 'network';

/** AppError is every failure call() reports. message is already translated by the server. */
export class AppError extends Error {
  code: ClientErrorCode;
  field: string;

  constructor(code: ClientErrorCode, message: string, field = '') {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }
}

const KNOWN_CODES: readonly string[] = [...ERROR_CODES, 'network'];

function normCode(code: unknown): ClientErrorCode {
  return typeof code === 'string' && KNOWN_CODES.includes(code) ? (code as ClientErrorCode) : 'internal';
}

/** fromPayload builds an AppError from {code,message,field} or {error:{…}}; null if it is neither. */
function fromPayload(v: unknown): AppError | null {
  if (!v || typeof v !== 'object') return null;
  let o = v as Record<string, unknown>;
  if (o.error && typeof o.error === 'object') o = o.error as Record<string, unknown>;
  if (typeof o.code !== 'string' && typeof o.message !== 'string') return null;
  return new AppError(
    normCode(o.code),
    typeof o.message === 'string' ? o.message : String(o.code),
    typeof o.field === 'string' ? o.field : '',
  );
}

/**
 * toAppError turns whatever a transport rejected with into an AppError.
 * A string is parsed as JSON; text that is not JSON becomes an "internal"
 * error carrying the text.
 */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  let text: string;
  if (typeof e === 'string') text = e;
  else if (e instanceof Error) text = e.message;
  else {
    const p = fromPayload(e);
    if (p) return p;
    text = String(e);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const p = fromPayload(JSON.parse(trimmed));
      if (p) return p;
    } catch {
      // not JSON: fall through
    }
  }
  return new AppError('internal', text);
}

let requestLanguage = 'ja';

/** setRequestLanguage sets the Accept-Language sent in serve mode (server messages follow it). */
export function setRequestLanguage(lang: string): void {
  requestLanguage = lang;
}

const unauthorizedListeners = new Set<() => void>();

/** onUnauthorized registers a callback run when the server answers 401. Returns an unsubscribe function. */
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

function goMethod(service: string, method: string): GoMethod | undefined {
  if (typeof window === 'undefined') return undefined;
  const fn = window.go?.app?.[service]?.[method];
  return typeof fn === 'function' ? fn : undefined;
}

/** isDesktop reports whether the UI runs inside the Wails window. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && !!window.go?.app;
}

let attached = false;

/** The window's own methods: they stay in the window when it is attached. */
const WINDOW_METHODS: readonly string[] = ['System.SaveFile', 'System.OpenLogFolder', 'Console.State'];

/**
 * setAttached switches the window to the attached engine: every call but the
 * window's own goes over HTTP to /api/, which the window forwards.
 */
export function setAttached(on: boolean): void {
  attached = on;
}

/** call invokes <service>.<method> with one request object and resolves with its result. */
export async function call<T>(service: string, method: string, req: object = {}): Promise<T> {
  if (attached && !WINDOW_METHODS.includes(service + '.' + method)) return callHttp<T>(service, method, req);
  const fn = goMethod(service, method);
  if (fn) return callGo<T>(fn, req);
  if (isDesktop()) {
    // The bindings were generated before this method existed.
    throw new AppError('unsupported', `${service}.${method} is not available in this build`);
  }
  return callHttp<T>(service, method, req);
}

// Every bound Go method takes exactly one request object and returns one
// value and an error (app.TestBoundMethodsTakeOneRequest), so the bindings
// are called with the request as it is.
async function callGo<T>(fn: GoMethod, req: object): Promise<T> {
  try {
    return (await fn(req)) as T;
  } catch (e) {
    throw toAppError(e);
  }
}

async function callHttp<T>(service: string, method: string, req: object): Promise<T> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'Accept-Language': requestLanguage,
  };
  // Attached, the window signs the call on its side.
  const token = attached ? '' : getToken();
  if (token) headers.Authorization = 'Bearer ' + token;

  let res: Response;
  try {
    res = await fetch('/api/' + service + '.' + method, {
      method: 'POST',
      headers,
      body: JSON.stringify(req),
    });
  } catch (e) {
    throw new AppError('network', e instanceof Error ? e.message : String(e));
  }

  const text = await res.text();
  if (res.status === 401) {
    clearToken();
    for (const fn of [...unauthorizedListeners]) fn();
    let msg = 'unauthorized';
    try {
      msg = fromPayload(JSON.parse(text))?.message ?? msg;
    } catch {
      // keep the default
    }
    throw new AppError('unauthorized', msg);
  }
  if (!res.ok) {
    let err: AppError | null = null;
    try {
      err = fromPayload(JSON.parse(text));
    } catch {
      // not JSON
    }
    throw err ?? new AppError('internal', text.trim() || `HTTP ${res.status}`);
  }
  if (!text) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new AppError('internal', 'invalid JSON from server');
  }
}
