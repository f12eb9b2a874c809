// The set-up most component tests share: a fake backend installed before
// the component mounts, Japanese by default, and after each test the
// component, the backend, the settings, the hash query and the toasts gone.
import { afterEach, beforeEach } from 'vitest';
import type { Component } from 'svelte';
import { createFakeBackend, installFakeBackend, type FakeBackend } from './fakeBackend';
import { render, settle, type Screen } from './dom';
import { setLanguage } from '../lib/i18n/index.svelte';
import { app } from '../lib/stores/app.svelte';
import { router } from '../lib/stores/router.svelte';
import { dismiss, toasts } from '../lib/stores/toasts.svelte';

export interface Harness {
  /** the backend of the test running */
  backend: FakeBackend;
  /** the screen of the test running (the same object across tests) */
  s: Screen;
  /** open installs b and mounts the component (with app.settings loaded first when the harness says so). */
  open: (b?: FakeBackend) => Promise<void>;
  /** calls lists the requests of one method, e.g. 'Settings.Update'. */
  calls: (method: string) => FakeBackend['calls'];
}

/** harness registers the set-up and clean-up of a component's tests; settings: app.settings holds the backend's before mounting. */
export function harness(component: Component, { settings = false } = {}): Harness {
  let screen: Screen | undefined;
  const current = () => screen!;
  const h: Harness = {
    backend: undefined as unknown as FakeBackend,
    s: {
      get target() {
        return current().target;
      },
      $: <T extends Element = HTMLElement>(id: string) => current().$<T>(id),
      $$: (id) => current().$$(id),
      destroy: () => current().destroy(),
    },
    async open(b = createFakeBackend()) {
      h.backend = b;
      installFakeBackend(b);
      if (settings) app.settings = structuredClone(b.settings);
      screen = render(component);
      await settle();
    },
    calls: (method) => h.backend.calls.filter((c) => c.method === method),
  };
  beforeEach(() => setLanguage('ja'));
  afterEach(() => {
    screen?.destroy();
    screen = undefined;
    delete window.go;
    app.settings = null;
    router.query = '';
    for (const x of [...toasts]) dismiss(x.id);
  });
  return h;
}
