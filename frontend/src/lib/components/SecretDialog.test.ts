// SecretDialog: a dialog showing a secret once asks before every way of
// closing (×, Escape, the footer's 閉じる) until the secret was kept.
import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { flushSync } from 'svelte';
import Harness from '../../test/SecretDialogHarness.svelte';
import { click, render, settle, type Screen } from '../../test/dom';
import { useScreenTests } from '../../test/screens';

let s: Screen;
let onclose: Mock<() => void>;

useScreenTests();
beforeEach(() => (onclose = vi.fn()));

function escape() {
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  flushSync();
}

describe('SecretDialog', () => {
  it('asks before closing by ×, Escape or 閉じる, and closes only on 閉じる in the question', async () => {
    s = render(Harness, { onclose });
    await settle();
    for (const how of [() => click(s.$('secret-close')), escape, () => click(s.$('secret-footer-close'))]) {
      how();
      await settle();
      expect(s.$('confirm-dialog')!.querySelector('h2')!.textContent).toBe('閉じますか？');
      expect(s.$('confirm-body')!.textContent).toBe('表示されているログインパスワードは二度と表示されません。閉じますか？');
      click(s.$('confirm-cancel'));
      await settle();
      expect(s.$('confirm-dialog')).toBeNull();
      expect(onclose).not.toHaveBeenCalled();
    }
    // Escape in the question answers it (cancel), not the dialog under it.
    click(s.$('secret-close'));
    await settle();
    escape();
    await settle();
    expect(s.$('confirm-dialog')).toBeNull();
    expect(onclose).not.toHaveBeenCalled();

    click(s.$('secret-footer-close'));
    await settle();
    click(s.$('confirm-ok'));
    await settle();
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('closes without asking once the secret was kept (copied or downloaded)', async () => {
    s = render(Harness, { onclose });
    expect(s.$('secret')!.dataset.secret).toBe('shown');
    click(s.$('secret-keep'));
    flushSync();
    expect(s.$('secret')!.dataset.secret).toBe('kept');
    click(s.$('secret-close'));
    await settle();
    expect(s.$('confirm-dialog')).toBeNull();
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('closes without asking when no secret is shown', async () => {
    s = render(Harness, { onclose, shown: false });
    await settle();
    escape();
    await settle();
    expect(s.$('confirm-dialog')).toBeNull();
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('asks once however often close is pressed', async () => {
    s = render(Harness, { onclose });
    click(s.$('secret-close'));
    click(s.$('secret-footer-close'));
    await settle();
    expect(s.$$('confirm-dialog')).toHaveLength(1);
    click(s.$('confirm-ok'));
    await settle();
    expect(onclose).toHaveBeenCalledTimes(1);
  });
});
