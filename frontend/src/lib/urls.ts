// Addresses of the gateway as employees type or scan them, and the route
// test's verdict. Pure functions, tested beside.

import type { Route, RouteTestResult } from './api/types';

/** The gateway's reserved sign-in page. */
export const SIGN_IN_PATH = '/_sekisho/login';
/** The device request page (after sign-in). */
export const DEVICE_PATH = '/_sekisho/device';

function trimSlash(u: string): string {
  return u.trim().replace(/\/+$/, '');
}

/** signInUrl is <gateway>/_sekisho/login ("" while the gateway is not running). */
export function signInUrl(gatewayUrl: string): string {
  return gatewayUrl ? trimSlash(gatewayUrl) + SIGN_IN_PATH : '';
}

/** deviceUrl is <gateway>/_sekisho/device. */
export function deviceUrl(gatewayUrl: string): string {
  return gatewayUrl ? trimSlash(gatewayUrl) + DEVICE_PATH : '';
}

/** normPathPrefix gives the path as the server stores it: "/" by default, a leading slash. */
export function normPathPrefix(p: string): string {
  const s = p.trim();
  if (!s) return '/';
  return s.startsWith('/') ? s : '/' + s;
}

/**
 * routeUrl is the address people open for a route: the gateway's scheme and
 * port with the route's host (when it names one) and its path prefix.
 */
export function routeUrl(gatewayUrl: string, route: Pick<Route, 'host' | 'pathPrefix'>): string {
  if (!gatewayUrl) return '';
  let u: URL;
  try {
    u = new URL(gatewayUrl);
  } catch {
    return '';
  }
  const host = route.host.trim();
  const origin = host ? `${u.protocol}//${host}${u.port ? ':' + u.port : ''}` : `${u.protocol}//${u.host}`;
  return origin + normPathPrefix(route.pathPrefix);
}

export type TestVerdict =
  | { kind: 'ok'; status: number; ms: number }
  | { kind: 'httpError'; status: number; ms: number; message: string; error: string }
  | { kind: 'unreachable'; message: string; error: string; ms: number };

/**
 * testVerdict reads Routes.Test's answer: reached (status < 500), reached with
 * a server error, or not reached. message is the backend's words for what went
 * wrong; error the technical detail, shown as a second line.
 */
export function testVerdict(r: RouteTestResult): TestVerdict {
  const ms = Math.max(0, Math.round(r.durationMs ?? 0));
  const message = r.message ?? '';
  const error = r.error ?? '';
  if (!r.status) return { kind: 'unreachable', message, error, ms };
  if (r.ok) return { kind: 'ok', status: r.status, ms };
  return { kind: 'httpError', status: r.status, ms, message, error };
}
