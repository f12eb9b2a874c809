// The admin token for serve mode. `sekisho serve` prints it (or takes it from
// SEKISHO_ADMIN_TOKEN); a URL like http://127.0.0.1:7700/#token=XYZ hands it
// over once. It lives in sessionStorage so it is gone when the tab closes.

const KEY = 'sekisho.adminToken';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

let memoryToken = '';

export function getToken(): string {
  return storage()?.getItem(KEY) ?? memoryToken;
}

export function setToken(token: string): void {
  memoryToken = token;
  storage()?.setItem(KEY, token);
}

export function clearToken(): void {
  memoryToken = '';
  storage()?.removeItem(KEY);
}

const TOKEN_IN_HASH = /(^|[#&?/])token=([^&]*)/;

/**
 * takeTokenFromLocation moves `token=XYZ` from location.hash into storage and
 * removes it from the address bar (history.replaceState), keeping any route
 * that was in the hash. Returns true when a token was found.
 */
export function takeTokenFromLocation(): boolean {
  if (typeof location === 'undefined') return false;
  const hash = location.hash;
  const m = TOKEN_IN_HASH.exec(hash);
  if (!m) return false;
  const token = decodeURIComponent(m[2]);
  if (token) setToken(token);
  // Cut "token=…" and the separator that joined it to the rest.
  let rest = hash.slice(0, m.index + m[1].length) + hash.slice(m.index + m[0].length);
  rest = rest.replace(/[&?]$/, '').replace(/([#/?])&/, '$1');
  if (rest === '#' || rest === '') rest = '';
  const url = location.pathname + location.search + rest;
  try {
    history.replaceState(history.state, '', url);
  } catch {
    // ignore: some embedded webviews refuse replaceState on custom schemes
  }
  return !!token;
}
