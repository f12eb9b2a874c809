// Hash routing: #/users, #/users/history, #/settings … (works in the Wails
// window and over plain HTTP without server-side routes).

export const router = $state({ path: currentPath() });

function currentPath(): string {
  if (typeof location === 'undefined') return '/';
  const h = location.hash.replace(/^#/, '').split(/[?&]/)[0];
  return h.startsWith('/') ? h : '/' + h;
}

let started = false;

/** startRouter follows hashchange events (idempotent). */
export function startRouter(): void {
  if (typeof window === 'undefined') return;
  router.path = currentPath();
  if (started) return;
  started = true;
  window.addEventListener('hashchange', () => {
    router.path = currentPath();
  });
}

export function navigate(path: string): void {
  if (typeof location !== 'undefined') location.hash = '#' + path;
  router.path = path;
}

/** section returns the first path segment ("/users/history" → "users"). */
export function section(path: string): string {
  return path.split('/').filter(Boolean)[0] ?? '';
}
