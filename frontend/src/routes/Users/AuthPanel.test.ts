// ユーザー認証設定状況 against the in-memory backend.
import { describe, expect, it } from 'vitest';
import Users from './Users.svelte';
import { createFakeBackend, makeCert, sampleUsers, type FakeBackend } from '../../test/fakeBackend';
import { click, settle, toastTexts, type, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { router } from '../../lib/stores/router.svelte';

let backend: FakeBackend;
let s: Screen;

async function open(b = createFakeBackend({ users: sampleUsers(30) })) {
  router.path = '/users/auth';
  s = await openScreen(Users, (backend = b));
}

useScreenTests();

const calls = (m: string) => backend.calls.filter((c) => c.method === m);
const row = (code: string) => s.$$('auth-row').find((r) => r.dataset.code === code)!;

describe('ユーザー認証設定状況', () => {
  it('lists code, name, certificate used, last authentication and 認証を使う', async () => {
    await open();
    expect(s.$('users-tab-auth')!.classList.contains('on')).toBe(true);
    expect(s.$$('auth-row')).toHaveLength(20);
    const r4 = row('001004');
    expect(r4.querySelector('[data-testid="auth-row-cert"]')!.textContent).toBe('Tokyo2025');
    expect(r4.querySelector('[data-testid="auth-row-last-at"]')!.textContent).toMatch(/2025/);
    expect(r4.querySelector<HTMLInputElement>('[data-testid="auth-row-toggle"]')!.checked).toBe(true);
    expect(row('001001').querySelector<HTMLInputElement>('[data-testid="auth-row-toggle"]')!.checked).toBe(false);
    expect(s.$('auth-guide')!.textContent).toContain('証明書を発行する');
  });

  it('filters by certificate name, 認証を使う and users without a valid certificate', async () => {
    await open();
    click(s.$('auth-filter-without-valid'));
    await settle();
    expect(calls('Users.List').at(-1)!.req).toMatchObject({ withoutValidCert: true });
    expect(s.$$('auth-row').every((r) => r.querySelector('[data-testid="auth-row-cert"]')!.textContent !== 'Tokyo2025')).toBe(true);
    click(s.$('auth-filter-without-valid'));
    await settle();

    click(s.$('auth-advanced-toggle'));
    type(s.$('auth-filter-cert-name'), 'Tokyo2025');
    click(s.$('auth-filter-require-on'));
    click(s.$('auth-filter-apply'));
    await settle();
    expect(calls('Users.List').at(-1)!.req).toEqual({ certName: 'Tokyo2025', requireCert: 'on', page: 1, pageSize: 20 });
    expect(s.$('auth-total')!.textContent).toContain('7件');
    click(s.$('auth-filter-clear'));
    await settle();
    expect(s.$('auth-total')!.textContent).toContain('30件');
  });

  it('warns before requiring a certificate of someone who never authenticated', async () => {
    await open();
    click(row('001001').querySelector('[data-testid="auth-row-toggle"]'));
    await settle();
    expect(calls('Users.RequireCertCheck')[0].req).toEqual({ ids: ['1'] });
    expect(s.$('confirm-body')!.textContent).toContain('1人のうち1人');
    expect(s.$('confirm-body')!.textContent).toContain('①証明書の発行 → ②配布・インストール → ③「認証を使う」を有効');
    click(s.$('confirm-cancel'));
    await settle();
    expect(backend.users[0].requireCert).toBe(false);

    click(row('001001').querySelector('[data-testid="auth-row-toggle"]'));
    await settle();
    click(s.$('confirm-ok'));
    await settle();
    expect(backend.users[0].requireCert).toBe(true);
    expect(row('001001').querySelector<HTMLInputElement>('[data-testid="auth-row-toggle"]')!.checked).toBe(true);
  });

  it('turns it on without asking for someone using a valid certificate, and off at once', async () => {
    await open();
    backend.users[3].requireCert = false; // 001004 authenticated with Tokyo2025 (valid)
    click(s.$('auth-search-submit'));
    await settle();
    click(row('001004').querySelector('[data-testid="auth-row-toggle"]'));
    await settle();
    expect(s.$('confirm-dialog')).toBeNull();
    expect(backend.users[3].requireCert).toBe(true);
    click(row('001004').querySelector('[data-testid="auth-row-toggle"]'));
    await settle();
    expect(calls('Users.RequireCertCheck')).toHaveLength(1);
    expect(backend.users[3].requireCert).toBe(false);
  });

  it('shows the conflict with device designation', async () => {
    await open();
    click(row('001009').querySelector('[data-testid="auth-row-toggle"]')); // requireDevice in the sample
    await settle();
    click(s.$('confirm-ok'));
    await settle();
    expect(s.$('auth-error')!.textContent).toContain('端末指定と証明書認証は併用できません');
    expect(toastTexts().some((t) => t.kind === 'error' && t.text.includes('併用できません'))).toBe(true);
    expect(backend.users[8].requireCert).toBe(false);
  });

  it('applies to checked rows and to everyone matching, warning about fail-open', async () => {
    await open(createFakeBackend({ users: sampleUsers(30).map((u) => ({ ...u, requireDevice: false })), certs: [makeCert(1, { enabled: false })] }));
    expect(s.$('fail-open-banner')).toBeTruthy();
    click(s.$$('auth-row-check')[0]);
    click(s.$$('auth-row-check')[1]);
    expect(s.$('auth-bulk-count')!.textContent).toContain('2件選択中');
    click(s.$('auth-apply-selected'));
    await settle();
    expect(s.$('confirm-body')!.textContent).toContain('フェイルオープン');
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('Users.SetRequireCert').at(-1)!.req).toEqual({ ids: ['1', '2'], enabled: true });

    type(s.$('auth-search'), '佐藤');
    click(s.$('auth-search-submit'));
    await settle();
    const n = backend.users.filter((u) => u.name.includes('佐藤')).length;
    expect(s.$('auth-apply-matching')!.textContent).toContain(`条件に一致する${n}人すべてに適用`);
    click(s.$('auth-apply-matching'));
    await settle();
    expect(calls('Users.RequireCertCheck').at(-1)!.req).toEqual({ all: true, query: '佐藤' });
    expect(s.$('confirm-body')!.textContent).toContain(`${n}人すべて`);
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('Users.SetRequireCertMatching')[0].req).toEqual({ query: '佐藤', enabled: true });
    expect(backend.users.filter((u) => u.name.includes('佐藤')).every((u) => u.requireCert)).toBe(true);
  });
});

describe('Users list: 証明書を発行 for checked users', () => {
  it('opens the issuance dialog with the checked users as personal', async () => {
    router.path = '/users';
    s = await openScreen(Users, (backend = createFakeBackend({ users: sampleUsers(10) })));
    click(s.$$('user-row-check')[0]);
    click(s.$$('user-row-check')[2]);
    click(s.$('users-bulk-issue'));
    await settle();
    expect(s.$('issue-dialog')).toBeTruthy();
    expect(s.$('issue-kind-personal')!.classList.contains('on')).toBe(true);
    expect(s.$$('user-picker-chip').map((c) => c.textContent)).toEqual([
      expect.stringContaining('001001'),
      expect.stringContaining('001003'),
    ]);
    expect(s.$('issue-submit')!.textContent).toContain('2人分を発行');
  });
});
