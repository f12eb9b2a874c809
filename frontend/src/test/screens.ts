// The set-up every screen test shares: the UI in Japanese, the stores as at
// start-up, the fake backend as the bindings, and after each test nothing left
// mounted, installed or stored for the next one.
import { afterEach, beforeEach, vi } from 'vitest';
import type { Component } from 'svelte';
import { cleanup, render, settle, type Screen } from './dom';
import { installFakeBackend, type FakeBackend } from './fakeBackend';
import { setLanguage } from '../lib/i18n/index.svelte';
import { setAttached } from '../lib/api/call';
import { clearToken } from '../lib/api/token';
import { app } from '../lib/stores/app.svelte';
import { coverageState } from '../lib/stores/coverage.svelte';
import { dashboardState } from '../lib/stores/dashboard.svelte';
import { router } from '../lib/stores/router.svelte';
import { dismiss, toasts } from '../lib/stores/toasts.svelte';

/** resetState puts back what the app keeps between screens: no bindings, no session, empty stores, no toasts, the URL "/". */
export function resetState(): void {
  delete window.go;
  delete window.runtime;
  clearToken();
  setAttached(false);
  Object.assign(app, { phase: 'starting', desktop: false, settings: null, info: null, console: null, bootError: '' });
  Object.assign(app, { tokenRejected: false, restored: null });
  Object.assign(coverageState, { data: null, kind: '', error: '' });
  Object.assign(dashboardState, { data: null, error: '', pending: null, arrivals: 0 });
  for (const t of [...toasts]) dismiss(t.id);
  router.query = '';
  history.replaceState(null, '', '/');
}

/** useScreenTests registers the hooks: a clean state in Japanese before each test; after it, everything unmounted, stubbed globals back and the state reset. */
export function useScreenTests(): void {
  beforeEach(() => {
    resetState();
    setLanguage('ja');
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    resetState();
  });
}

/** openScreen installs backend as the bindings, renders the component with the shared hosts and lets its first loads finish. */
export async function openScreen(component: Component, backend: FakeBackend, props: Record<string, unknown> = {}): Promise<Screen> {
  installFakeBackend(backend);
  const s = render(component, props);
  await settle();
  return s;
}
