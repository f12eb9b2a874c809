import { describe, expect, it, vi } from 'vitest';
import CASection from './CASection.svelte';
import { createFakeBackend } from '../../test/fakeBackend';
import { click, settle, toastTexts, type } from '../../test/dom';
import { harness } from '../../test/harness';
import { setLanguage } from '../../lib/i18n/index.svelte';
import { router } from '../../lib/stores/router.svelte';
import { formatFingerprint } from '../../lib/format';

const h = harness(CASection);
const { s, open, calls } = h;

/** an end date n days (and an hour) from now, so that daysLeft is n */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000 + 3_600_000).toISOString();

describe('設定 → 認証局（CA）', () => {
  it("shows the CA's name, fingerprint, dates and days left, without a warning while far from its end", async () => {
    const b = createFakeBackend();
    b.caNotAfter = '2045-06-15T12:00:00Z';
    await open(b);
    expect(calls('Certs.CAStatus')).toHaveLength(1);
    expect(s.$('ca-name')!.textContent).toBe('Sekisho CA');
    const fp = s.$('ca-fingerprint')!;
    expect(fp.textContent).toBe(formatFingerprint(b.info.caFingerprint));
    expect(fp.classList.contains('mono')).toBe(true);
    expect(s.$('ca-not-before')!.textContent).toMatch(/2025\/01\/0[12]/);
    expect(s.$('ca-not-after')!.textContent).toMatch(/2045\/06\/1[56]/);
    expect(s.$('ca-days-left')!.textContent).toMatch(/残り[\d,]+日/);
    expect(s.$('ca-not-after')!.dataset.state).toBe('ok');
    expect(s.$('ca-warn-note')).toBeNull();
    expect(s.$('ca-section')!.id).toBe('ca');
    expect(s.$('ca-section')!.dataset.warn).toBe('false');
    expect(s.$('ca-when')!.textContent).toContain('秘密鍵が漏れたおそれ');
    // Same key is the recommended one; a new CA is the dangerous one.
    expect(s.$('ca-renew-same-key')!.classList.contains('btn-primary')).toBe(true);
    expect(s.$('ca-renew-new-key')!.classList.contains('btn-danger')).toBe(true);
    expect(s.$$('ca-previous')).toEqual([]);
  });

  it('renews with the same key after explaining it: RenewCA with confirm, the new fingerprint, the old CA listed', async () => {
    await open();
    const old = h.backend.info.caFingerprint;
    click(s.$('ca-renew-same-key'));
    const explain = s.$('ca-renew-explain')!.textContent!;
    expect(explain).toContain('発行済みの証明書はすべてそのまま使えます');
    expect(explain).toContain('ポータル');
    expect(calls('Certs.RenewCA')).toEqual([]);

    click(s.$('ca-renew-submit'));
    await settle();
    expect(calls('Certs.RenewCA').map((c) => c.req)).toEqual([{ mode: 'sameKey', confirm: true }]);
    expect(h.backend.info.caFingerprint).not.toBe(old);
    expect(s.$('ca-fingerprint')!.textContent).toBe(formatFingerprint(h.backend.info.caFingerprint));
    expect(s.$('ca-name')!.textContent).toBe('Sekisho CA');
    expect(s.$('ca-renew-dialog')).toBeNull();
    const prev = s.$$('ca-previous');
    expect(prev).toHaveLength(1);
    expect(prev[0].dataset.fingerprint).toBe(old);
    expect(prev[0].textContent).toContain(formatFingerprint(old));
    expect(prev[0].querySelector('[data-testid="ca-previous-state"]')!.textContent).toBe('同じ鍵で更新済み');
    expect(toastTexts().map((x) => x.text).join()).toContain('認証局を更新しました');
    expect(h.backend.history[0].action).toBe('ca.renew');
  });

  it('refuses an overlap out of range next to the field and changes nothing; then switches with a valid one', async () => {
    await open();
    const old = h.backend.info.caFingerprint;
    click(s.$('ca-renew-new-key'));
    expect(s.$('ca-renew-warning')!.textContent).toContain('元に戻すことはできません');
    const input = s.$<HTMLInputElement>('ca-overlap')!;
    expect(input.value).toBe('90');
    // The most a change of key allows: until the CA in use ends, at most five years.
    const max = Math.min(5 * 365, Math.floor((Date.parse(h.backend.caNotAfter) - Date.now()) / 86_400_000));
    expect(s.$('ca-renew-dialog')!.textContent).toContain(`1〜${max.toLocaleString('ja-JP')}日`);

    type(input, '5000');
    click(s.$('ca-renew-submit'));
    await settle();
    expect(calls('Certs.RenewCA').map((c) => c.req)).toEqual([{ mode: 'newKey', overlapDays: 5000, confirm: true }]);
    expect(s.$('field-error-ca-overlap')!.textContent).toContain(`1日から${max}日の間`);
    expect(s.$('ca-renew-dialog')).toBeTruthy();
    expect(h.backend.info.caFingerprint).toBe(old);
    expect(h.backend.caPrevious).toEqual([]);
    expect(s.$$('ca-previous')).toEqual([]);
    expect(s.$('ca-fingerprint')!.textContent).toBe(formatFingerprint(old));
    // Editing the field drops the error.
    type(s.$('ca-overlap'), '30');
    expect(s.$('field-error-ca-overlap')).toBeNull();

    click(s.$('ca-renew-submit'));
    await settle();
    expect(calls('Certs.RenewCA').at(-1)!.req).toEqual({ mode: 'newKey', overlapDays: 30, confirm: true });
    expect(s.$('ca-renew-dialog')).toBeNull();
    expect(s.$('ca-name')!.textContent).toMatch(/^株式会社サンプル Sekisho CA \d{4}-\d{2}-\d{2}$/);
    const prev = s.$$('ca-previous');
    expect(prev).toHaveLength(1);
    expect(prev[0].dataset.trusted).toBe('true');
    expect(prev[0].querySelector('[data-testid="ca-previous-state"]')!.textContent).toMatch(/^移行期間: \d{4}\/\d{2}\/\d{2} まで信頼$/);
    expect(toastTexts().map((x) => x.text).join()).toContain('新しい認証局に切り替えました');
    expect(h.backend.history[0].action).toBe('ca.rotate');
  });

  it('proposes an overlap within the bounds when the CA ends sooner than 90 days', async () => {
    const b = createFakeBackend();
    b.caNotAfter = inDays(60);
    await open(b);
    click(s.$('ca-renew-new-key'));
    expect(s.$<HTMLInputElement>('ca-overlap')!.value).toBe('60');
    expect(s.$('ca-renew-dialog')!.textContent).toContain('1〜60日');
    // Cancel changes nothing.
    click(s.$('ca-renew-cancel'));
    expect(s.$('ca-renew-dialog')).toBeNull();
    expect(calls('Certs.RenewCA')).toEqual([]);
  });

  it('shows a previous CA whose overlap is over as no longer trusted', async () => {
    const b = createFakeBackend();
    b.caPrevious = [
      {
        subject: 'Old CA',
        fingerprint: 'ab'.repeat(32),
        notBefore: '2020-01-01T00:00:00Z',
        notAfter: '2040-01-01T00:00:00Z',
        sameKey: false,
        trustedUntil: '2025-03-01T00:00:00Z',
        replacedAt: '2024-12-01T00:00:00Z',
      },
    ];
    await open(b);
    const prev = s.$$('ca-previous');
    expect(prev).toHaveLength(1);
    expect(prev[0].textContent).toContain('Old CA');
    expect(prev[0].dataset.trusted).toBe('false');
    expect(prev[0].querySelector('[data-testid="ca-previous-state"]')!.textContent).toBe('信頼終了');
  });

  it('warns when fewer than warnDays remain, and marks an expired CA', async () => {
    const b = createFakeBackend();
    b.caNotAfter = inDays(100);
    await open(b);
    expect(s.$('ca-not-after')!.dataset.state).toBe('warn');
    expect(s.$('ca-not-after')!.classList.contains('warn')).toBe(true);
    expect(s.$('ca-days-left')!.textContent).toContain('残り100日');
    expect(s.$('ca-warn-note')!.textContent).toContain('同じ鍵で更新');
    expect(s.$('ca-section')!.dataset.warn).toBe('true');
    s.destroy();

    const e = createFakeBackend();
    e.caNotAfter = inDays(-3);
    await open(e);
    expect(s.$('ca-not-after')!.dataset.state).toBe('expired');
    expect(s.$('ca-not-after')!.classList.contains('expired')).toBe(true);
    expect(s.$('ca-days-left')!.textContent).toContain('期限切れ');
    expect(s.$('ca-expired-note')).toBeTruthy();
    // No overlap is possible past the CA's end: only the same key.
    expect(s.$<HTMLButtonElement>('ca-renew-new-key')!.disabled).toBe(true);
    expect(s.$('ca-new-key-unavailable')).toBeTruthy();
  });

  it('speaks English', async () => {
    setLanguage('en');
    await open();
    expect(s.$('ca-section')!.querySelector('h2')!.textContent).toBe('Certificate authority (CA)');
    expect(s.$('ca-renew-same-key')!.textContent).toContain('Renew with the same key');
    expect(s.$('ca-renew-new-key')!.textContent).toContain('Switch to a new CA');
    click(s.$('ca-renew-new-key'));
    expect(s.$('ca-renew-dialog')!.textContent).toContain('Overlap (days)');
  });

  it('scrolls into view when Home links here (#/settings?section=ca)', async () => {
    const spy = vi.fn();
    const orig = HTMLElement.prototype.scrollIntoView;
    HTMLElement.prototype.scrollIntoView = spy;
    try {
      router.query = 'section=ca';
      await open();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.contexts[0]).toBe(s.$('ca-section'));
    } finally {
      HTMLElement.prototype.scrollIntoView = orig;
    }
  });
});
