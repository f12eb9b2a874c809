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

/** render mounts a component with ConfirmHost and Toasts beside it. */
export function render(component: Component, props: Record<string, unknown> = {}): Screen {
  const target = document.createElement('div');
  document.body.appendChild(target);
  const mounted = [mount(component, { target, props }), mount(ConfirmHost, { target }), mount(Toasts, { target })];
  return {
    target,
    $: <T extends Element = HTMLElement>(id: string) => target.querySelector<T>(`[data-testid="${id}"]`),
    $$: (id: string) => [...target.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)],
    destroy() {
      for (const c of mounted) unmount(c);
      target.remove();
    },
  };
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

/** type sets an input's value as a person would (input event). */
export function type(el: Element | null | undefined, value: string): void {
  expect(el, 'input').toBeTruthy();
  const input = el as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

/** choose sets a <select>'s value (change event). */
export function choose(el: Element | null | undefined, value: string): void {
  expect(el, 'select').toBeTruthy();
  const sel = el as HTMLSelectElement;
  sel.value = value;
  sel.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

/** toastTexts lists the toasts on the page. */
export function toastTexts(): { kind: string; text: string }[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid="toast"]')].map((t) => ({
    kind: t.dataset.kind ?? '',
    text: t.textContent ?? '',
  }));
}
