// The settings sections' tests: useScreenTests' set-up and clean-up, and one
// screen per test opened on a fake backend (app.settings loaded first when the
// section reads it from there).
import type { Component } from 'svelte';
import { createFakeBackend, type FakeBackend } from './fakeBackend';
import type { Screen } from './dom';
import { openScreen, useScreenTests } from './screens';
import { app } from '../lib/stores/app.svelte';

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
  useScreenTests();
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
      if (settings) app.settings = structuredClone(b.settings);
      screen = await openScreen(component, b);
    },
    calls: (method) => h.backend.calls.filter((c) => c.method === method),
  };
  return h;
}
