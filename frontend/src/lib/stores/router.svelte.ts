// Hash routing: #/users, #/users/history, #/settings … (works in the Wails
// window and over plain HTTP without server-side routes). A query after the
// path (#/devices?status=pending) is kept apart in router.query.

export const router = $state({ path: currentPath(), query: currentQuery() });

function hashParts(): [string, string] {
  if (typeof location === 'undefined') return ['/', ''];
  const h = location.hash.replace(/^#/, '');
  const i = h.search(/[?&]/);
  return i < 0 ? [h, ''] : [h.slice(0, i), h.slice(i + 1)];
}

function currentPath(): string {
  const h = hashParts()[0];
  return h.startsWith('/') ? h : '/' + h;
}

function currentQuery(): string {
  return hashParts()[1];
}

let started = false;

/** startRouter follows hashchange events (idempotent). */
export function startRouter(): void {
  if (typeof window === 'undefined') return;
  router.path = currentPath();
  router.query = currentQuery();
  if (started) return;
  started = true;
  window.addEventListener('hashchange', () => {
    router.path = currentPath();
    router.query = currentQuery();
  });
}

/** navigate goes to a path, optionally with a query ("/devices?status=pending"). */
export function navigate(target: string): void {
  if (typeof location !== 'undefined') location.hash = '#' + target;
  const i = target.indexOf('?');
  router.path = i < 0 ? target : target.slice(0, i);
  router.query = i < 0 ? '' : target.slice(i + 1);
}

/** queryParam reads one parameter of the hash query ("" when absent). */
export function queryParam(query: string, name: string): string {
  return new URLSearchParams(query).get(name) ?? '';
}

/** section returns the first path segment ("/users/history" → "users"). */
export function section(path: string): string {
  return path.split('/').filter(Boolean)[0] ?? '';
}
