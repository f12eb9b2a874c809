// Small helpers for component tests: mount screens next to the shared hosts
// (confirm dialog, toasts), wait for promises, find by data-testid.
import { expect } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import ConfirmHost from '../lib/components/ConfirmHost.svelte';
import Toasts from '../lib/components/Toasts.svelte';

export interface Screen {
  target: HTMLElement;
  $: <T extends Element = HTMLElement>(id: string) => T | null;
  $$: (id: string) => HTMLElement[];
  destroy: () => void;
}

/** the screens render mounted and nobody destroyed yet (cleanup's work) */
const mountedScreens = new Set<Screen>();

/**
 * render mounts a component with ConfirmHost and Toasts beside it (hosts:
 * false for one that brings its own, as App does).
 */
export function render<P extends Record<string, any>>(component: Component<P>, props = {} as P, { hosts = true } = {}): Screen {
  const target = document.createElement('div');
  document.body.appendChild(target);
  const mounted = [mount(component, { target, props })];
  if (hosts) mounted.push(mount(ConfirmHost, { target }), mount(Toasts, { target }));
  const screen: Screen = {
    target,
    $: <T extends Element = HTMLElement>(id: string) => target.querySelector<T>(`[data-testid="${id}"]`),
    $$: (id: string) => [...target.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)],
    destroy() {
      if (!mountedScreens.delete(screen)) return;
      for (const c of mounted) unmount(c);
      target.remove();
    },
  };
  mountedScreens.add(screen);
  return screen;
}

/** cleanup destroys every screen render mounted that is still there. */
export function cleanup(): void {
  for (const s of [...mountedScreens]) s.destroy();
}

/** settle lets pending promises and timers of 0 ms run, and flushes Svelte. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setTimeout(r, 0));
    flushSync();
  }
}

/** waitFor polls until check() passes (real timers). */
export async function waitFor(check: () => unknown, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  for (;;) {
    await settle(2);
    try {
      if (check()) return;
    } catch {
      // not yet
    }
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function click(el: Element | null | undefined): void {
  expect(el, 'element to click').toBeTruthy();
  (el as HTMLElement).click();
  flushSync();
}

/** setValue sets a control's value and sends the event a person's edit would. */
function setValue(el: Element | null | undefined, value: string, event: 'input' | 'change', what: string): void {
  expect(el, what).toBeTruthy();
  (el as HTMLInputElement | HTMLSelectElement).value = value;
  el!.dispatchEvent(new Event(event, { bubbles: true }));
  flushSync();
}

/** type sets an input's value as a person would (input event). */
export function type(el: Element | null | undefined, value: string): void {
  setValue(el, value, 'input', 'input');
}

/** choose sets a <select>'s value (change event). */
export function choose(el: Element | null | undefined, value: string): void {
  setValue(el, value, 'change', 'select');
}

/** toastTexts lists the toasts on the page. */
export function toastTexts(): { kind: string; text: string }[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid="toast"]')].map((t) => ({
    kind: t.dataset.kind ?? '',
    text: t.textContent ?? '',
  }));
}

type Handler = (...data: unknown[]) => void;

/**
 * fakeRuntime stands in for the window's Wails runtime: it keeps each
 * EventsOnMultiple handler by event name (the map it returns, to emit with)
 * and gives off, by default the handler's removal, as the unsubscribe.
 */
export function fakeRuntime(off?: () => void): Map<string, Handler> {
  const handlers = new Map<string, Handler>();
  window.runtime = {
    EventsOnMultiple: (name: string, cb: Handler) => {
      handlers.set(name, cb);
      return off ?? (() => handlers.delete(name));
    },
  };
  return handlers;
}
