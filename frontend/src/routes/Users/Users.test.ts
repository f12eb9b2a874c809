// Component test: the Users screen against the in-memory backend.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import Users from './Users.svelte';
import { createFakeBackend, sampleUsers, type FakeBackend } from '../../test/fakeBackend';
import { click, settle, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { router } from '../../lib/stores/router.svelte';

let backend: FakeBackend;
let s: Screen;
let target: HTMLElement;
const $ = <T extends Element = HTMLElement>(id: string) => s.$<T>(id);
const $$ = (id: string) => s.$$(id);

useScreenTests();
beforeEach(async () => {
  router.path = '/users';
  s = await openScreen(Users, (backend = createFakeBackend({ users: sampleUsers(45) })));
  target = s.target;
});

describe('Users screen', () => {
  it('shows the first page, the total and the active count', () => {
    expect($$('user-row')).toHaveLength(20);
    expect($('users-total')!.textContent).toContain('45件');
    expect($('users-active-count')!.textContent).toContain('利用ユーザー数：39');
    const first = $$('user-row')[0];
    expect(first.dataset.code).toBe('001001');
    expect($('users-pager-range')!.textContent).toContain('1-20 / 45');
  });

  it('shows state badges and requirement tags', () => {
    const row7 = $$('user-row').find((r) => r.dataset.userId === '7')!;
    expect(row7.querySelector('[data-testid="user-row-state"]')!.textContent).toBe('利用停止中');
    const row4 = $$('user-row').find((r) => r.dataset.userId === '4')!;
    expect(row4.querySelector('[data-testid="user-row-require-cert"]')).toBeTruthy();
    const row1 = $$('user-row').find((r) => r.dataset.userId === '1')!;
    expect(row1.querySelector('[data-testid="user-row-state"]')!.textContent).toBe('有効');
  });

  it('changes page size and page', async () => {
    const size = $<HTMLSelectElement>('users-pager-size')!;
    size.value = '10';
    size.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect($$('user-row')).toHaveLength(10);
    click($('users-pager-next'));
    await settle();
    expect($$('user-row')[0].dataset.userId).toBe('11');
  });

  it('searches from the box', async () => {
    const input = $<HTMLInputElement>('users-search')!;
    input.value = '001045';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    click($('users-search-submit'));
    await settle();
    expect($$('user-row').map((r) => r.dataset.code)).toEqual(['001045']);
    expect($('users-total')!.textContent).toContain('1件');
  });

  it('filters 利用停止のみ from 詳細検索 and clears', async () => {
    click($('users-advanced-toggle'));
    expect($('users-advanced')).toBeTruthy();
    click($('users-filter-state-suspended'));
    click($('users-filter-apply'));
    await settle();
    expect($$('user-row')).toHaveLength(6);
    click($('users-filter-clear'));
    await settle();
    expect($$('user-row')).toHaveLength(20);
  });

  it('turns 端末指定 on for checked users who never requested a device, explaining the 申請 at the next sign-in', async () => {
    // Users 1 and 2: no certificate requirement, no device, no designation.
    for (const id of ['1', '2']) expect(backend.users.find((u) => u.id === id)).toMatchObject({ requireCert: false, requireDevice: false });
    const checks = $$('user-row-check');
    click(checks[0]);
    click(checks[1]);
    click($('users-bulk-device-on'));
    expect($('confirm-dialog')).toBeTruthy();
    expect($('confirm-body')!.textContent).toContain('2人');
    expect($('confirm-body')!.textContent).toContain('次にゲートウェイにサインインしたときに端末の利用申請');
    click($('confirm-ok'));
    await settle();
    expect(backend.calls.filter((c) => c.method === 'Users.SetRequireDevice').at(-1)!.req).toEqual({ ids: ['1', '2'], enabled: true });
    for (const id of ['1', '2']) expect(backend.users.find((u) => u.id === id)!.requireDevice).toBe(true);
    const row1 = $$('user-row').find((r) => r.dataset.userId === '1')!;
    expect(row1.querySelector('[data-testid="user-row-require-device"]')).toBeTruthy();
    expect($('users-bulk')).toBeNull();

    click($$('user-row-check')[0]);
    click($('users-bulk-device-off'));
    click($('confirm-ok'));
    await settle();
    expect(backend.users.find((u) => u.id === '1')!.requireDevice).toBe(false);
  });

  it('applies 端末指定 to every user matching the filter (一致するN件をすべて選択), refused as a whole with 認証を使う on', async () => {
    expect($('users-bulk-all-matching')).toBeNull();
    click($('users-select-all'));
    expect($('users-bulk-count')!.textContent).toContain('20件選択中');
    click($('users-bulk-all-matching'));
    expect($('users-bulk-count')!.textContent).toContain('45件選択中');
    // Only 端末指定 takes every matching user; the others act on checked rows.
    expect($<HTMLButtonElement>('users-bulk-suspend')!.disabled).toBe(true);
    expect($<HTMLButtonElement>('users-bulk-device-off')!.disabled).toBe(false);
    click($('users-bulk-device-off'));
    expect($('confirm-body')!.textContent).toContain('45人');
    click($('confirm-ok'));
    await settle();
    expect(backend.calls.filter((c) => c.method === 'Users.SetRequireDeviceMatching').at(-1)!.req).toEqual({ enabled: false });
    expect(backend.users.filter((u) => u.requireDevice)).toEqual([]);
    expect($('users-bulk')).toBeNull();

    // On for all 45: some require a certificate, so nothing changes.
    click($('users-select-all'));
    click($('users-bulk-all-matching'));
    click($('users-bulk-device-on'));
    click($('confirm-ok'));
    await settle();
    expect($('users-bulk-error')!.textContent).toContain('併用することはできません');
    expect(backend.users.filter((u) => u.requireDevice)).toEqual([]);
  });

  it('refuses 端末指定 with 認証を使う on: the confirmation names them, the error says what to do, nothing changes', async () => {
    // User 4 requires a certificate (sampleUsers), user 3 does not.
    click($$('user-row').find((r) => r.dataset.userId === '3')!.querySelector('[data-testid="user-row-check"]'));
    click($$('user-row').find((r) => r.dataset.userId === '4')!.querySelector('[data-testid="user-row-check"]'));
    click($('users-bulk-device-on'));
    const items = $$('confirm-list-item');
    expect(items.map((i) => i.textContent)).toEqual([expect.stringContaining('001004')]);
    expect(target.querySelector('.confirm-foot')!.textContent).toContain('併用することはできない');
    click($('confirm-ok'));
    await settle();
    expect($('users-bulk-error')!.textContent).toContain('001004');
    expect($('users-bulk-error')!.textContent).toContain('無効にしてから');
    expect(backend.users.find((u) => u.id === '3')!.requireDevice).toBe(false);
  });

  it('suspends checked rows after confirmation', async () => {
    const checks = $$('user-row-check');
    click(checks[0]);
    click(checks[1]);
    expect($('users-bulk-count')!.textContent).toContain('2件選択中');
    click($('users-bulk-suspend'));
    expect($('confirm-dialog')).toBeTruthy();
    expect($('confirm-body')!.textContent).toContain('利用を停止をすると');
    click($('confirm-ok'));
    await settle();
    expect(backend.users.find((u) => u.id === '1')!.suspended).toBe(true);
    expect(backend.users.find((u) => u.id === '2')!.suspended).toBe(true);
    expect($('users-active-count')!.textContent).toContain('37');
    expect($('users-bulk')).toBeNull();
  });

  it('shows field errors from the server in the create dialog', async () => {
    click($('users-new'));
    expect($('user-dialog')).toBeTruthy();
    const code = $<HTMLInputElement>('user-code')!;
    code.value = '001001'; // already used
    code.dispatchEvent(new Event('input', { bubbles: true }));
    const name = $<HTMLInputElement>('user-name')!;
    name.value = '新しい 人';
    name.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    click($('user-save'));
    await settle();
    expect($('field-error-user-code')!.textContent).toContain('既に使われています');
    code.value = 'new.user';
    code.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    click($('user-save'));
    await settle();
    expect($('user-dialog')).toBeNull();
    expect(backend.users.some((u) => u.code === 'new.user')).toBe(true);
  });

  it('opens the detail from a row and resets the password once', async () => {
    click($$('user-row')[0]);
    await settle();
    expect($('user-dialog')).toBeTruthy();
    expect($<HTMLInputElement>('user-code')!.value).toBe('001001');
    click($('user-reset-password'));
    click($('confirm-ok'));
    await settle();
    expect($<HTMLInputElement>('password-value')!.value).toBe('Kx7-pQ2m-Zt9w');
    expect($('password-dialog')!.querySelector('h2')!.textContent).toBe('新しいログインパスワード');
  });

  it('asks before closing the new password until it was copied', async () => {
    click($$('user-row')[0]);
    await settle();
    click($('user-reset-password'));
    click($('confirm-ok'));
    await settle();
    // 閉じる and × ask; 「キャンセル」 keeps the password on screen.
    for (const id of ['password-close', 'password-dialog-close']) {
      click($(id));
      await settle();
      expect($('confirm-body')!.textContent).toBe('表示されているログインパスワードは二度と表示されません。閉じますか？');
      click($('confirm-cancel'));
      await settle();
      expect($('password-dialog')).toBeTruthy();
    }
    // Copied: it closes at once.
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn(async () => {}) } });
    click($('password-copy'));
    await settle();
    click($('password-close'));
    await settle();
    expect($('confirm-dialog')).toBeNull();
    expect($('password-dialog')).toBeNull();
    vi.unstubAllGlobals();
  });

  it('previews a CSV import and blocks it when a line is bad', async () => {
    click($('users-import'));
    const input = $<HTMLInputElement>('import-file')!;
    const csv = 'ユーザーコード,氏名\r\nnew1,新規 一\r\n,名無し\r\n';
    Object.defineProperty(input, 'files', { value: [new File([csv], 'users.csv')], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect($$('import-error-row').map((r) => r.dataset.line)).toEqual(['3']);
    expect($<HTMLButtonElement>('import-submit')!.disabled).toBe(true);

    const good = 'ユーザーコード,氏名\r\nnew1,新規 一\r\n001001,更新 太郎\r\n';
    Object.defineProperty(input, 'files', { value: [new File([good], 'users.csv')], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect($$('import-preview-row').map((r) => r.dataset.action)).toEqual(['create', 'update']);
    expect($<HTMLButtonElement>('import-submit')!.disabled).toBe(false);
    click($('import-submit'));
    await settle();
    expect($('import-dialog')).toBeNull();
    expect(backend.users.some((u) => u.code === 'new1')).toBe(true);
  });

  it('lists the change history on its tab', async () => {
    click($$('user-row-check')[0]);
    click($('users-bulk-resume'));
    click($('confirm-ok'));
    await settle();
    router.path = '/users/history';
    flushSync();
    await settle();
    const rows = $$('history-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].textContent).toContain('利用再開');
    expect(rows[0].textContent).toContain('管理者（デスクトップ）');
    const options = [...$<HTMLSelectElement>('history-filter')!.options].map((o) => o.value);
    for (const type of ['user', 'cert', 'rule', 'device', 'route', 'ca', 'mail']) expect(options).toContain(type);
  });
});
