// Escape and focus in stacked dialogs (a confirm opened from a dialog).
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { createFakeBackend, installFakeBackend } from '../../test/fakeBackend';
import { click, render, settle, waitFor, type Screen } from '../../test/dom';
import { useScreenTests } from '../../test/screens';
import Users from '../../routes/Users/Users.svelte';
import { router } from '../stores/router.svelte';

let s: Screen;

useScreenTests();

function escape(target: EventTarget = document.body) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  flushSync();
}

async function openUserDialog(delayMs = 0) {
  router.path = '/users';
  installFakeBackend(createFakeBackend({ delayMs }));
  s = render(Users);
  await waitFor(() => s.$$('user-row').length > 0);
  click(s.$$('user-row')[0]);
  await waitFor(() => s.$('user-suspend'));
}

describe('Modal', () => {
  it('closes only the topmost dialog on Escape, wherever focus is', async () => {
    await openUserDialog();
    click(s.$('user-suspend'));
    expect(s.$('confirm-dialog')).toBeTruthy();
    escape();
    await settle();
    expect(s.$('confirm-dialog')).toBeNull();
    expect(s.$('user-dialog')).toBeTruthy();
    escape(document.body);
    expect(s.$('user-dialog')).toBeNull();
  });

  it('keeps focus in the dialog after an action confirmed in it swaps the button, and Escape still closes it', async () => {
    await openUserDialog();
    click(s.$('user-suspend'));
    click(s.$('confirm-ok'));
    await settle();
    expect(s.$('user-state')!.textContent).toBe('利用停止中');
    const dialog = s.$('user-dialog')!;
    expect(dialog.contains(document.activeElement), 'focus is inside the dialog').toBe(true);
    expect(document.activeElement).not.toBe(document.body);
    escape(document.activeElement ?? document.body);
    expect(s.$('user-dialog')).toBeNull();
  });

  it('does not close a dialog while its action runs', async () => {
    await openUserDialog(40);
    click(s.$('user-suspend'));
    click(s.$('confirm-ok'));
    await new Promise((r) => setTimeout(r, 5));
    flushSync();
    expect(s.$<HTMLButtonElement>('user-cancel')!.disabled, 'busy').toBe(true);
    escape();
    expect(s.$('user-dialog')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 120));
    await settle();
    expect(s.$('user-state')!.textContent).toBe('利用停止中');
    escape();
    expect(s.$('user-dialog')).toBeNull();
  });
});
