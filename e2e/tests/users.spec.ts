// End-to-end tests of the Users screen (ユーザー, SPEC section 2), driven
// through the admin UI of `sekisho serve` as an admin would use it. The admin
// API is used only to seed data quickly and to check what reached the server.
//
// Every test starts from an empty user table (beforeEach deletes everyone and
// resets the language setting), so the tests do not depend on each other or
// on their order, although they share the file's server.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, type Api } from '../fixtures';

/** A user as the admin API returns it (docs/api.md, Types). */
interface User {
  id: string;
  code: string;
  name: string;
  email: string;
  phone: string;
  group: string;
  suspended: boolean;
  requireCert: boolean;
  requireDevice: boolean;
  createdAt: string;
  updatedAt: string;
}

interface UserPage {
  items: User[];
  total: number;
}

interface HistoryEntry {
  id: string;
  action: string;
  targetType: string;
  target: string;
  detail: string;
}

/** What a test seeds: the Users.Create fields plus the state. */
type Seed = { code: string; name: string; email?: string; phone?: string; group?: string; suspended?: boolean };

// ---------------------------------------------------------------------------
// Helpers: API (seeding and checks)

/** Deletes every user, so that each test starts from an empty list. */
async function deleteAllUsers(api: Api): Promise<void> {
  for (;;) {
    const page = await api<UserPage>('Users', 'List', { pageSize: 100 });
    if (page.items.length === 0) return;
    await api('Users', 'Delete', { ids: page.items.map((u) => u.id) });
  }
}

/** Creates users through the API (and suspends those marked so). */
async function seed(api: Api, users: Seed[]): Promise<User[]> {
  const out: User[] = [];
  for (const { suspended, ...input } of users) {
    let u = await api<User>('Users', 'Create', input);
    if (suspended) {
      await api('Users', 'SetSuspended', { ids: [u.id], suspended: true });
      u = await api<User>('Users', 'Get', { id: u.id });
    }
    out.push(u);
  }
  return out;
}

/** Every user, ordered by code. */
async function allUsers(api: Api): Promise<User[]> {
  const out: User[] = [];
  for (let page = 1; ; page++) {
    const res = await api<UserPage>('Users', 'List', { page, pageSize: 100 });
    out.push(...res.items);
    if (out.length >= res.total || res.items.length === 0) return out;
  }
}

/** The user with that code, or undefined. */
async function userByCode(api: Api, code: string): Promise<User | undefined> {
  const res = await api<UserPage>('Users', 'List', { query: code, pageSize: 100 });
  return res.items.find((u) => u.code.toLowerCase() === code.toLowerCase());
}

/** The fields an admin edits, to compare users before and after. */
function editable(u: User) {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    email: u.email,
    phone: u.phone,
    group: u.group,
    suspended: u.suspended,
    requireCert: u.requireCert,
    requireDevice: u.requireDevice,
  };
}

// ---------------------------------------------------------------------------
// Helpers: CSV bytes

/** A reverse Shift_JIS (Windows-31J, as Excel writes it) table built from the WHATWG decoder. */
let sjisTable: Map<string, number[]> | undefined;

/**
 * Encodes text as Shift_JIS. Node has no Shift_JIS encoder, so the table is
 * built once by decoding every one- and two-byte sequence; ASCII maps to itself.
 */
function shiftJIS(text: string): Buffer {
  if (!sjisTable) {
    const table = new Map<string, number[]>();
    const dec = new TextDecoder('shift_jis');
    for (let b = 0xa1; b <= 0xdf; b++) table.set(dec.decode(Uint8Array.of(b)), [b]); // half-width katakana
    const leads = [...range(0x81, 0x9f), ...range(0xe0, 0xfc)];
    for (const lead of leads) {
      for (const trail of range(0x40, 0xfc)) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(Uint8Array.of(lead, trail));
        if ([...ch].length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
    sjisTable = table;
  }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const bytes = sjisTable.get(ch);
    if (!bytes) throw new Error(`no Shift_JIS code for ${JSON.stringify(ch)}`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** CSV text from lines, with Excel's CRLF line ends. */
function csv(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

/** Whether bytes are valid UTF-8. */
function isUTF8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Helpers: UI

/** Goes to ユーザー through the sidebar and waits until the list has loaded. */
async function openUsers(page: Page, expectTotal?: number): Promise<void> {
  await page.getByTestId('nav-users').click();
  await expect(page).toHaveURL(/#\/users$/);
  await expect(page.getByTestId('users-table')).toBeVisible();
  if (expectTotal !== undefined) await expectTotalCount(page, expectTotal);
  await expect(page.getByTestId('users-table').locator('..')).toHaveAttribute('aria-busy', 'false');
}

/** The list shows exactly these user codes, in this order. */
async function expectCodes(page: Page, codes: string[]): Promise<void> {
  await expect(page.getByTestId('user-row-code')).toHaveText(codes);
}

async function expectTotalCount(page: Page, n: number): Promise<void> {
  await expect(page.getByTestId('users-total')).toHaveText(`${n}件`);
}

/** The list row of a user code. */
function row(page: Page, code: string): Locator {
  return page.locator(`[data-testid="user-row"][data-code="${code}"]`);
}

/** Opens a user's detail dialog by clicking the row (its code cell). */
async function openUser(page: Page, code: string): Promise<Locator> {
  await row(page, code).getByTestId('user-row-code').click();
  const dialog = page.getByTestId('user-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'ユーザー詳細' })).toBeVisible();
  await expect(dialog.getByTestId('user-code')).toHaveValue(code);
  return dialog;
}

/** Answers the shared confirm dialog; returns its body text. */
async function answerConfirm(page: Page, ok: boolean, title?: string): Promise<string> {
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toBeVisible();
  if (title) await expect(confirm.getByRole('heading', { name: title })).toBeVisible();
  const body = (await confirm.getByTestId('confirm-body').textContent()) ?? '';
  await confirm.getByTestId(ok ? 'confirm-ok' : 'confirm-cancel').click();
  await expect(confirm).toBeHidden();
  return body;
}

/** A success toast with this text is shown. */
async function expectToast(page: Page, text: string | RegExp): Promise<void> {
  // The newest one: an earlier toast with the same text may still be showing.
  const toast = page.locator('[data-testid="toast"][data-kind="success"]').filter({ hasText: text });
  await expect(toast.last()).toBeVisible();
}

/** Chooses a CSV file in the import dialog the way a person does: ファイルを選択 → file chooser. */
async function chooseImportFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const dialog = page.getByTestId('import-dialog');
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByText('ファイルを選択', { exact: true }).click();
  await (await chooser).setFiles(file);
}

/** An attribute of every element a locator matches, in order. */
async function attrs(locator: Locator, name: string): Promise<string[]> {
  return locator.evaluateAll((els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);
}

/** Clicks CSVエクスポート → エクスポート and returns the downloaded file. */
async function exportThroughUI(page: Page, encoding: 'sjis' | 'utf8', scope: string) {
  await page.getByTestId('users-export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('export-scope')).toHaveText(scope);
  // Japanese UI: Shift_JIS is the default, as Excel in Japan expects.
  await expect(dialog.getByTestId('export-encoding-sjis')).toBeChecked();
  if (encoding === 'utf8') await dialog.getByTestId('export-encoding-utf8').check();
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-submit').click();
  const download = await downloading;
  const path = await download.path();
  expect(path, 'the download finished').toBeTruthy();
  await expect(dialog).toBeHidden();
  await expectToast(page, `${download.suggestedFilename()} に書き出しました`);
  return { name: download.suggestedFilename(), path, bytes: readFileSync(path) };
}

// ---------------------------------------------------------------------------
// Per-test set-up: an empty user table, the language following the browser
// (ja-JP), and no unexpected errors in the page.

let pageErrors: string[] = [];

test.beforeEach(async ({ api, page }) => {
  await deleteAllUsers(api);
  const settings = await api<{ language: string }>('Settings', 'Get', {});
  if (settings.language !== '') await api('Settings', 'Update', { language: '' });

  pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    // The browser logs every non-2xx fetch; the tests provoke 400/401/409 on purpose.
    if (msg.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
    pageErrors.push(`console.error: ${msg.text()}`);
  });
});

test.afterEach(async () => {
  expect(pageErrors, 'no uncaught exceptions or logged errors in the page').toEqual([]);
});

// ---------------------------------------------------------------------------
// 1. Create

test('creates a user through ユーザー +, with field errors for a bad email and a taken code', async ({
  api,
  adminPage: page,
}) => {
  await seed(api, [{ code: 'taken01', name: '既存 太郎' }]);
  await openUsers(page, 1);
  await expectCodes(page, ['taken01']);
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：1');

  await page.getByTestId('users-new').click();
  const dialog = page.getByTestId('user-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'ユーザーを登録' })).toBeVisible();
  // Creating: no side panel, no delete button, and the first field has the focus.
  await expect(dialog.getByTestId('user-delete')).toHaveCount(0);
  await expect(dialog.getByTestId('user-suspend')).toHaveCount(0);
  await expect(dialog.getByTestId('user-code')).toBeFocused();
  await expect(dialog.getByTestId('user-save')).toHaveText('登録');

  await dialog.getByTestId('user-code').fill('new01');
  await dialog.getByTestId('user-name').fill('新規 花子');
  await dialog.getByTestId('user-email').fill('hanako@@example');
  await dialog.getByTestId('user-phone').fill('03-1234-5678');
  await dialog.getByTestId('user-group').fill('営業部');

  // A bad email: the server's message appears under the email input, and only there.
  await dialog.getByTestId('user-save').click();
  const emailField = dialog.locator('.field', { has: page.getByTestId('user-email') });
  await expect(emailField.getByTestId('field-error-user-email')).toHaveText(
    'メールアドレスの形式が正しくありません: hanako@@example',
  );
  await expect(dialog.getByTestId('user-email')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByTestId('user-email')).toBeFocused();
  await expect(dialog.locator('[data-testid^="field-error-"]')).toHaveCount(1);
  // Field marks only the field in error (a valid one has no aria-invalid, which means false).
  await expect(dialog.getByTestId('user-code')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toBeVisible();
  expect(await userByCode(api, 'new01'), 'nothing was created').toBeUndefined();

  // Fix the email; now the code is taken (codes are unique regardless of case).
  await dialog.getByTestId('user-email').fill('hanako@example.co.jp');
  await dialog.getByTestId('user-code').fill('TAKEN01');
  await dialog.getByTestId('user-save').click();
  const codeField = dialog.locator('.field', { has: page.getByTestId('user-code') });
  await expect(codeField.getByTestId('field-error-user-code')).toHaveText('ユーザーコード TAKEN01 はすでに使われています。');
  await expect(dialog.getByTestId('field-error-user-email')).toHaveCount(0);
  await expect(dialog.locator('[data-testid^="field-error-"]')).toHaveCount(1);
  await expect(dialog.getByTestId('user-code')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByTestId('user-code')).toBeFocused();
  expect((await allUsers(api)).map((u) => u.code), 'nothing was created').toEqual(['taken01']);

  // Fix the code and save: the dialog closes and the row appears.
  await dialog.getByTestId('user-code').fill('new01');
  await dialog.getByTestId('user-save').click();
  await expect(dialog).toBeHidden();
  await expectToast(page, '新規 花子 を登録しました');
  await expectCodes(page, ['new01', 'taken01']);
  await expectTotalCount(page, 2);
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：2');
  const newRow = row(page, 'new01');
  await expect(newRow.getByTestId('user-row-open')).toHaveText('新規 花子');
  await expect(newRow.getByRole('cell', { name: 'hanako@example.co.jp', exact: true })).toBeVisible();
  await expect(newRow.getByRole('cell', { name: '03-1234-5678', exact: true })).toBeVisible();
  await expect(newRow.getByRole('cell', { name: '営業部', exact: true })).toBeVisible();
  await expect(newRow.getByTestId('user-row-state')).toHaveText('有効');

  const created = await userByCode(api, 'new01');
  expect(created).toMatchObject({
    code: 'new01',
    name: '新規 花子',
    email: 'hanako@example.co.jp',
    phone: '03-1234-5678',
    group: '営業部',
    suspended: false,
  });
});

test('cancelling the create dialog creates nothing', async ({ api, adminPage: page }) => {
  await openUsers(page, 0);
  await expect(page.getByTestId('users-empty')).toContainText('ユーザーが登録されていません');
  await page.getByTestId('users-new').click();
  const dialog = page.getByTestId('user-dialog');
  await dialog.getByTestId('user-code').fill('never01');
  await dialog.getByTestId('user-name').fill('登録しない');
  await dialog.getByTestId('user-cancel').click();
  await expect(dialog).toBeHidden();
  // Escape closes it too.
  await page.getByTestId('users-new').click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('user-code')).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await allUsers(api)).toEqual([]);
  await expectTotalCount(page, 0);
});

// ---------------------------------------------------------------------------
// 2. Edit

test('edits a user: row click opens the dialog, the group change shows in the list', async ({
  api,
  adminPage: page,
}) => {
  const [ed1] = await seed(api, [
    { code: 'ed-1', name: '編集 一郎', email: 'ed1@example.com', group: '営業部' },
    { code: 'ed-2', name: '編集 二郎', group: '総務部' },
  ]);
  await openUsers(page, 2);
  await expect(row(page, 'ed-1').getByRole('cell', { name: '営業部', exact: true })).toBeVisible();

  const dialog = await openUser(page, 'ed-1');
  await expect(dialog.getByTestId('user-name')).toHaveValue('編集 一郎');
  await expect(dialog.getByTestId('user-email')).toHaveValue('ed1@example.com');
  await expect(dialog.getByTestId('user-group')).toHaveValue('営業部');
  await expect(dialog.getByTestId('user-state')).toHaveText('有効');
  await expect(dialog.getByTestId('user-save')).toHaveText('更新');
  await expect(dialog.getByTestId('user-save'), 'nothing changed yet').toBeDisabled();
  // The group input suggests the groups in use.
  await expect(dialog.locator('#user-group-options option')).toHaveCount(2);

  await dialog.getByTestId('user-group').fill('総務部');
  await expect(dialog.getByTestId('user-save')).toBeEnabled();
  await dialog.getByTestId('user-save').click();
  await expectToast(page, 'ユーザー情報を更新しました');
  await expect(dialog.getByTestId('user-save'), 'saved: nothing left to save').toBeDisabled();
  await expect(dialog.getByTestId('user-cancel')).toHaveText('閉じる');
  await dialog.getByTestId('user-cancel').click();
  await expect(dialog).toBeHidden();

  await expect(row(page, 'ed-1').getByRole('cell', { name: '総務部', exact: true })).toBeVisible();
  await expect(row(page, 'ed-1').getByRole('cell', { name: '営業部', exact: true })).toHaveCount(0);
  const after = await api<User>('Users', 'Get', { id: ed1.id });
  expect(editable(after)).toEqual({ ...editable(ed1), group: '総務部' });

  // The name button opens the same dialog (keyboard route), and × closes it.
  await row(page, 'ed-2').getByTestId('user-row-open').click();
  await expect(dialog.getByTestId('user-code')).toHaveValue('ed-2');
  await dialog.getByTestId('user-dialog-close').click();
  await expect(dialog).toBeHidden();
});

test('an edit with a taken code shows the error under the code and changes nothing', async ({
  api,
  adminPage: page,
}) => {
  const [a, b] = await seed(api, [
    { code: 'dup-a', name: 'エー' },
    { code: 'dup-b', name: 'ビー' },
  ]);
  await openUsers(page, 2);
  const dialog = await openUser(page, 'dup-b');
  await dialog.getByTestId('user-code').fill('dup-a');
  await dialog.getByTestId('user-name').fill('ビー改');
  await dialog.getByTestId('user-save').click();
  await expect(dialog.getByTestId('field-error-user-code')).toHaveText('ユーザーコード dup-a はすでに使われています。');
  await expect(dialog.locator('[data-testid^="field-error-"]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expectCodes(page, ['dup-a', 'dup-b']);
  expect(editable(await api<User>('Users', 'Get', { id: b.id }))).toEqual(editable(b));
  expect(editable(await api<User>('Users', 'Get', { id: a.id }))).toEqual(editable(a));
});

// ---------------------------------------------------------------------------
// 3. Search

test('quick search by name and code, 詳細検索 by group and state, 条件をクリア', async ({ api, adminPage: page }) => {
  await seed(api, [
    { code: 'yamada01', name: '山田 太郎', group: '営業部' },
    { code: 'suzuki02', name: '鈴木 花子', group: '総務部', suspended: true },
    { code: 'sato03', name: '佐藤 次郎', group: '営業部', suspended: true },
    { code: 'tanaka04', name: '田中 一郎', group: '開発部' },
  ]);
  const all = ['sato03', 'suzuki02', 'tanaka04', 'yamada01'];
  await openUsers(page, 4);
  await expectCodes(page, all);
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：2');
  await expect(page.getByTestId('users-filter-clear-inline')).toHaveCount(0);

  const search = page.getByTestId('users-search');
  await expect(search).toHaveAttribute('placeholder', 'ユーザー名 or ユーザーコード');

  // By name: typing and pausing applies the search.
  await search.fill('鈴木');
  await expectCodes(page, ['suzuki02']);
  await expectTotalCount(page, 1);
  await expect(page.getByTestId('users-filter-clear-inline')).toBeVisible();

  // By code (substring, any case): Enter applies it.
  await search.fill('SATO');
  await search.press('Enter');
  await expectCodes(page, ['sato03']);
  await expectTotalCount(page, 1);

  // Part of a name, applied with the 検索 button.
  await search.fill('郎');
  await page.getByTestId('users-search-submit').click();
  await expectCodes(page, ['sato03', 'tanaka04', 'yamada01']);

  // Nothing matches.
  await search.fill('存在しない人');
  await search.press('Enter');
  await expectCodes(page, []);
  await expect(page.getByTestId('users-empty')).toHaveText('一致する結果がありません。');
  await expectTotalCount(page, 0);

  // The inline 条件をクリア brings everyone back and empties the box.
  await page.getByTestId('users-filter-clear-inline').click();
  await expectCodes(page, all);
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('users-filter-clear-inline')).toHaveCount(0);

  // 詳細検索: group.
  await page.getByTestId('users-advanced-toggle').click();
  const panel = page.getByTestId('users-advanced');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('users-advanced-toggle')).toHaveAttribute('aria-expanded', 'true');
  const groupSelect = panel.getByTestId('users-filter-group');
  await expect(groupSelect.locator('option')).toHaveText(['すべてのグループ', '営業部', '総務部', '開発部']);
  await groupSelect.selectOption('営業部');
  await panel.getByTestId('users-filter-apply').click();
  await expectCodes(page, ['sato03', 'yamada01']);
  await expectTotalCount(page, 2);
  await expect(page.getByTestId('users-advanced-toggle')).toContainText('1'); // one criterion on

  // 詳細検索: group and 利用停止のみ.
  await panel.getByTestId('users-filter-state-suspended').click();
  await expect(panel.getByTestId('users-filter-state-suspended')).toHaveText('利用停止のみ');
  await panel.getByTestId('users-filter-apply').click();
  await expectCodes(page, ['sato03']);
  await expectTotalCount(page, 1);
  await expect(row(page, 'sato03').getByTestId('user-row-state')).toHaveText('利用停止中');

  // 条件をクリア in the panel resets every criterion.
  await panel.getByTestId('users-filter-clear').click();
  await expectCodes(page, all);
  await expectTotalCount(page, 4);
  await expect(groupSelect).toHaveValue('');
  await expect(panel.getByTestId('users-filter-state-all').locator('input')).toBeChecked();

  // 利用停止のみ alone, then 有効のみ.
  await panel.getByTestId('users-filter-state-suspended').click();
  await panel.getByTestId('users-filter-apply').click();
  await expectCodes(page, ['sato03', 'suzuki02']);
  await panel.getByTestId('users-filter-state-active').click();
  await panel.getByTestId('users-filter-apply').click();
  await expectCodes(page, ['tanaka04', 'yamada01']);

  // The quick search and the panel combine.
  await search.fill('田');
  await panel.getByTestId('users-filter-apply').click();
  await expectCodes(page, ['tanaka04', 'yamada01']);
  await search.fill('山田');
  await search.press('Enter');
  await expectCodes(page, ['yamada01']);

  await page.getByTestId('users-filter-clear-inline').click();
  await expectCodes(page, all);
  await expect(search).toHaveValue('');

  // The toggle hides the panel again.
  await page.getByTestId('users-advanced-toggle').click();
  await expect(panel).toBeHidden();
});

// ---------------------------------------------------------------------------
// 4. Paging

test('paging: 10/20/50/100 rows per page, total, next and previous page', async ({ api, adminPage: page }) => {
  const codes = range(1, 27).map((i) => `pg${String(i).padStart(2, '0')}`);
  await seed(
    api,
    codes.map((code, i) => ({ code, name: `ページ ${i + 1}`, group: i % 2 ? '奇数' : '偶数' })),
  );
  await openUsers(page, 27);

  const size = page.getByTestId('users-pager-size');
  const rangeText = page.getByTestId('users-pager-range');
  const prev = page.getByTestId('users-pager-prev');
  const next = page.getByTestId('users-pager-next');
  const current = page.locator('[data-testid="users-pager-page"][aria-current="page"]');

  // Default: 20 per page.
  await expect(size).toHaveValue('20');
  await expectCodes(page, codes.slice(0, 20));
  await expect(rangeText).toHaveText('1-20 / 27');
  await expect(prev).toBeDisabled();
  await expect(current).toHaveText('1');

  // 10 per page: three pages.
  await size.selectOption('10');
  await expectCodes(page, codes.slice(0, 10));
  await expect(rangeText).toHaveText('1-10 / 27');
  await expectTotalCount(page, 27);
  await expect(page.getByTestId('users-pager-page')).toHaveText(['1', '2', '3']);

  await next.click();
  await expectCodes(page, codes.slice(10, 20));
  await expect(rangeText).toHaveText('11-20 / 27');
  await expect(current).toHaveText('2');
  await expect(prev).toBeEnabled();

  // A checked row is forgotten when the page changes (ページ内一括処理).
  await row(page, 'pg11').getByTestId('user-row-check').check();
  await expect(page.getByTestId('users-bulk-count')).toHaveText('1件選択中');

  await next.click();
  await expectCodes(page, codes.slice(20));
  await expect(rangeText).toHaveText('21-27 / 27');
  await expect(current).toHaveText('3');
  await expect(next).toBeDisabled();
  await expect(page.getByTestId('users-bulk')).toBeHidden();

  await prev.click();
  await expectCodes(page, codes.slice(10, 20));
  await expect(rangeText).toHaveText('11-20 / 27');
  await expect(row(page, 'pg11').getByTestId('user-row-check')).not.toBeChecked();

  await page.getByTestId('users-pager-page').filter({ hasText: /^1$/ }).click();
  await expectCodes(page, codes.slice(0, 10));
  await expect(current).toHaveText('1');

  // 50 and 100 per page: everyone on one page.
  await size.selectOption('50');
  await expectCodes(page, codes);
  await expect(rangeText).toHaveText('1-27 / 27');
  await expect(prev).toBeDisabled();
  await expect(next).toBeDisabled();
  await size.selectOption('100');
  await expect(size).toHaveValue('100');
  await expectCodes(page, codes);
  await expectTotalCount(page, 27);

  // Back to 20 from page 2: the page size change restarts at page 1.
  await size.selectOption('20');
  await expectCodes(page, codes.slice(0, 20));
  await next.click();
  await expectCodes(page, codes.slice(20));
  await expect(rangeText).toHaveText('21-27 / 27');
  await size.selectOption('10');
  await expectCodes(page, codes.slice(0, 10));
  await expect(rangeText).toHaveText('1-10 / 27');

  // Paging applies to a filtered list too: 13 odd-numbered users.
  await page.getByTestId('users-advanced-toggle').click();
  await page.getByTestId('users-filter-group').selectOption('奇数');
  await page.getByTestId('users-filter-apply').click();
  await expectTotalCount(page, 13);
  await expect(rangeText).toHaveText('1-10 / 13');
  await next.click();
  await expect(rangeText).toHaveText('11-13 / 13');
  await expectCodes(page, ['pg22', 'pg24', 'pg26']);
});

// ---------------------------------------------------------------------------
// 5. Suspend and resume

test('suspends and resumes a user from the dialog, with the confirm dialog', async ({ api, adminPage: page }) => {
  const [u] = await seed(api, [
    { code: 'sus-1', name: '停止 太郎' },
    { code: 'sus-2', name: '継続 花子' },
  ]);
  await openUsers(page, 2);
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：2');

  const dialog = await openUser(page, 'sus-1');
  await expect(dialog.getByTestId('user-state')).toHaveText('有効');

  // Cancelling changes nothing.
  await dialog.getByTestId('user-suspend').click();
  await answerConfirm(page, false, '利用を停止しますか？');
  await expect(dialog.getByTestId('user-state')).toHaveText('有効');
  expect((await api<User>('Users', 'Get', { id: u.id })).suspended).toBe(false);

  await dialog.getByTestId('user-suspend').click();
  const body = await answerConfirm(page, true, '利用を停止しますか？');
  expect(body).toContain('停止 太郎（sus-1）');
  expect(body).toContain('ログインできなくなり');
  await expectToast(page, '停止 太郎 の利用を停止しました');
  await expect(dialog.getByTestId('user-state')).toHaveText('利用停止中');
  await expect(dialog.getByTestId('user-resume')).toHaveText('利用を再開');
  await expect(dialog.getByTestId('user-suspend')).toHaveCount(0);
  // The list behind the dialog follows at once.
  await expect(row(page, 'sus-1').getByTestId('user-row-state')).toHaveText('利用停止中');
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：1');
  expect((await api<User>('Users', 'Get', { id: u.id })).suspended).toBe(true);

  await dialog.getByTestId('user-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'sus-1').getByTestId('user-row-state')).toHaveText('利用停止中');
  await expect(row(page, 'sus-2').getByTestId('user-row-state')).toHaveText('有効');

  // Reopen: the dialog shows the stored state; resume.
  await openUser(page, 'sus-1');
  await expect(dialog.getByTestId('user-state')).toHaveText('利用停止中');
  await dialog.getByTestId('user-resume').click();
  await answerConfirm(page, true, '利用を再開しますか？');
  await expectToast(page, '停止 太郎 の利用を再開しました');
  await expect(dialog.getByTestId('user-state')).toHaveText('有効');
  // (× rather than Escape: see the Escape test below.)
  await dialog.getByTestId('user-dialog-close').click();
  await expect(dialog).toBeHidden();
  await expect(row(page, 'sus-1').getByTestId('user-row-state')).toHaveText('有効');
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：2');
  expect((await api<User>('Users', 'Get', { id: u.id })).suspended).toBe(false);
});

test('Escape closes the user dialog after an action confirmed in it', async ({
  api,
  adminPage: page,
}) => {
  // After the nested confirm closes, the button that opened it is disabled or
  // replaced (利用を停止 ↔ 利用を再開); focus must not be lost to <body>.
  await seed(api, [{ code: 'esc-1', name: 'エスケープ' }]);
  await openUsers(page, 1);
  const dialog = await openUser(page, 'esc-1');
  await dialog.getByTestId('user-suspend').click();
  await answerConfirm(page, true);
  await expect(dialog.getByTestId('user-state')).toHaveText('利用停止中');
  await expect(dialog.locator(':focus'), 'focus stays in the dialog').toHaveCount(1, { timeout: 2_000 });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden({ timeout: 2_000 });
});

test('bulk suspend and resume for checked rows', async ({ api, adminPage: page }) => {
  await seed(api, [
    { code: 'b-1', name: '一括 一' },
    { code: 'b-2', name: '一括 二' },
    { code: 'b-3', name: '一括 三' },
  ]);
  await openUsers(page, 3);
  await expect(page.getByTestId('users-bulk')).toBeHidden();

  await row(page, 'b-1').getByTestId('user-row-check').check();
  await row(page, 'b-3').getByTestId('user-row-check').check();
  await expect(page.getByTestId('users-bulk-count')).toHaveText('2件選択中');
  // Checking a row does not open the dialog.
  await expect(page.getByTestId('user-dialog')).toHaveCount(0);

  // Cancel first: nothing changes and the selection stays.
  await page.getByTestId('users-bulk-suspend').click();
  await answerConfirm(page, false);
  await expect(page.getByTestId('users-bulk-count')).toHaveText('2件選択中');

  await page.getByTestId('users-bulk-suspend').click();
  const body = await answerConfirm(page, true, '利用を停止しますか？');
  expect(body).toContain('選択した2人のユーザーの利用を停止します。');
  await expectToast(page, '2人の利用を停止しました');
  await expect(page.getByTestId('user-row-state')).toHaveText(['利用停止中', '有効', '利用停止中']);
  await expect(page.getByTestId('users-bulk')).toBeHidden();
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：1');
  expect((await allUsers(api)).map((u) => [u.code, u.suspended])).toEqual([
    ['b-1', true],
    ['b-2', false],
    ['b-3', true],
  ]);

  // Select the whole page and resume: only the two suspended ones change.
  await page.getByTestId('users-select-all').check();
  await expect(page.getByTestId('users-bulk-count')).toHaveText('3件選択中');
  await page.getByTestId('users-bulk-resume').click();
  expect(await answerConfirm(page, true, '利用を再開しますか？')).toContain('選択した3人のユーザーの利用を再開します。');
  await expectToast(page, '2人の利用を再開しました');
  await expect(page.getByTestId('user-row-state')).toHaveText(['有効', '有効', '有効']);
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：3');
  expect((await allUsers(api)).every((u) => !u.suspended)).toBe(true);

  // 選択を解除.
  await page.getByTestId('users-select-all').check();
  await page.getByTestId('users-bulk-clear').click();
  await expect(page.getByTestId('users-bulk')).toBeHidden();
  await expect(page.getByTestId('users-select-all')).not.toBeChecked();
});

test('端末指定 in bulk for users who never requested a device: the 申請 at the next sign-in is explained, they show as 未申請; with 認証を使う on the change is refused', async ({
  api,
  adminPage: page,
}) => {
  const [d1, , d3] = await seed(api, [
    { code: 'd-1', name: '端末 一' },
    { code: 'd-2', name: '端末 二' },
    { code: 'd-3', name: '端末 三' },
  ]);
  await openUsers(page, 3);
  await row(page, 'd-1').getByTestId('user-row-check').check();
  await row(page, 'd-2').getByTestId('user-row-check').check();
  await page.getByTestId('users-bulk-device-on').click();
  const body = await answerConfirm(page, true, '端末指定を有効にしますか？');
  expect(body).toContain('選択した2人の「端末指定を使う」を有効にします。');
  expect(body).toContain('次にゲートウェイにサインインしたときに端末の利用申請');
  await expectToast(page, '2人の端末指定を有効にしました');
  await expect(row(page, 'd-1').getByTestId('user-row-require-device')).toBeVisible();
  await expect(row(page, 'd-2').getByTestId('user-row-require-device')).toBeVisible();
  await expect(row(page, 'd-3').getByTestId('user-row-require-device')).toHaveCount(0);
  expect((await allUsers(api)).map((u) => [u.code, u.requireDevice])).toEqual([
    ['d-1', true],
    ['d-2', true],
    ['d-3', false],
  ]);

  // They now wait for their 申請: 端末 → 未申請 lists them.
  await page.goto(page.url().replace(/#.*$/, '#/devices?view=unrequested'));
  await expect(page.getByTestId('unrequested-row-code')).toHaveText(['d-1', 'd-2']);

  // d-3 requires a certificate: the confirmation names d-3, the server refuses
  // the whole change and says what to do.
  await api('Users', 'SetRequireCert', { ids: [d3.id], enabled: true });
  await openUsers(page, 3);
  await row(page, 'd-3').getByTestId('user-row-check').check();
  await row(page, 'd-1').getByTestId('user-row-check').check();
  await page.getByTestId('users-bulk-device-off').click();
  expect(await answerConfirm(page, true, '端末指定を無効にしますか？')).toContain('選択した2人');
  await expectToast(page, '1人の端末指定を無効にしました');
  await row(page, 'd-3').getByTestId('user-row-check').check();
  await row(page, 'd-1').getByTestId('user-row-check').check();
  await page.getByTestId('users-bulk-device-on').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm.getByTestId('confirm-list-item')).toHaveText([/d-3 端末 三/]);
  await expect(confirm).toContainText('併用することはできない');
  await answerConfirm(page, true);
  const error = page.getByTestId('users-bulk-error');
  await expect(error).toContainText('証明書認証と端末指定は併用することはできません。d-3 は証明書認証が有効です。');
  await expect(error).toContainText('先に証明書認証を無効にしてから');
  expect((await api<User>('Users', 'Get', { id: d1.id })).requireDevice, 'nothing changed').toBe(false);
  expect((await api<User>('Users', 'Get', { id: d3.id })).requireDevice).toBe(false);
});

// ---------------------------------------------------------------------------
// 6. Delete

test('deletes a user after confirmation, and checked rows in bulk', async ({ api, adminPage: page }) => {
  const [d1] = await seed(api, [
    { code: 'del-1', name: '削除 一' },
    { code: 'del-2', name: '削除 二' },
    { code: 'del-3', name: '削除 三' },
    { code: 'del-4', name: '残る 四' },
  ]);
  await openUsers(page, 4);

  const dialog = await openUser(page, 'del-1');
  await dialog.getByTestId('user-delete').click();
  await answerConfirm(page, false, 'ユーザーを削除しますか？');
  await expect(dialog, 'cancel keeps the dialog open').toBeVisible();
  expect(await userByCode(api, 'del-1')).toBeDefined();

  await dialog.getByTestId('user-delete').click();
  const body = await answerConfirm(page, true, 'ユーザーを削除しますか？');
  expect(body).toContain('削除 一（del-1）を削除します。この操作は元に戻せません。');
  await expect(dialog).toBeHidden();
  await expectToast(page, '削除 一 を削除しました');
  await expectCodes(page, ['del-2', 'del-3', 'del-4']);
  await expectTotalCount(page, 3);
  await expect(api('Users', 'Get', { id: d1.id })).rejects.toMatchObject({ status: 404, code: 'not_found' });

  // Bulk delete.
  await row(page, 'del-2').getByTestId('user-row-check').check();
  await row(page, 'del-3').getByTestId('user-row-check').check();
  await page.getByTestId('users-bulk-delete').click();
  expect(await answerConfirm(page, true, 'ユーザーを削除しますか？')).toContain('選択した2人のユーザーを削除します。');
  await expectToast(page, '2人のユーザーを削除しました');
  await expectCodes(page, ['del-4']);
  await expectTotalCount(page, 1);
  expect((await allUsers(api)).map((u) => u.code)).toEqual(['del-4']);
});

test('deleting the only row of the last page shows the previous page', async ({ api, adminPage: page }) => {
  const codes = range(1, 11).map((i) => `lp${String(i).padStart(2, '0')}`);
  await seed(api, codes.map((code) => ({ code, name: `最終 ${code}` })));
  await openUsers(page, 11);
  await page.getByTestId('users-pager-size').selectOption('10');
  await page.getByTestId('users-pager-next').click();
  await expectCodes(page, ['lp11']);
  await expect(page.getByTestId('users-pager-range')).toHaveText('11-11 / 11');

  const dialog = await openUser(page, 'lp11');
  await dialog.getByTestId('user-delete').click();
  await answerConfirm(page, true);
  await expect(dialog).toBeHidden();
  await expectCodes(page, codes.slice(0, 10));
  await expect(page.getByTestId('users-pager-range')).toHaveText('1-10 / 10');
  await expect(page.getByTestId('users-pager-page')).toHaveText(['1']);
  await expect(page.getByTestId('users-pager-next')).toBeDisabled();
  await expectTotalCount(page, 10);
});

// ---------------------------------------------------------------------------
// 7. Password reset

test('resets the password: shown once, with a working copy button', async ({
  api,
  adminPage: page,
  context,
  server,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.adminURL).origin });
  const [u] = await seed(api, [{ code: 'pw-1', name: 'パス 太郎' }]);
  await openUsers(page, 1);
  const dialog = await openUser(page, 'pw-1');

  // Cancel: no password is issued.
  await dialog.getByTestId('user-reset-password').click();
  await answerConfirm(page, false, 'パスワードを再発行しますか？');
  await expect(page.getByTestId('password-dialog')).toHaveCount(0);

  await dialog.getByTestId('user-reset-password').click();
  expect(await answerConfirm(page, true, 'パスワードを再発行しますか？')).toContain(
    'パス 太郎 の現在のログインパスワードは使えなくなります。',
  );
  const pwDialog = page.getByTestId('password-dialog');
  await expect(pwDialog).toBeVisible();
  await expect(pwDialog.getByRole('heading', { name: '新しいログインパスワード' })).toBeVisible();
  await expect(pwDialog).toContainText('パス 太郎');
  await expect(pwDialog).toContainText('このログインパスワードは今だけ表示されます。');
  const value = pwDialog.getByTestId('password-value');
  await expect(value).toHaveAttribute('readonly', '');
  await expect(value).not.toHaveValue('');
  const password = await value.inputValue();
  expect(password.length, 'a password of reasonable length').toBeGreaterThanOrEqual(10);

  const copy = pwDialog.getByTestId('password-copy');
  await expect(copy).toBeVisible();
  await expect(copy).toHaveText('コピー');
  await copy.click();
  await expect(copy).toHaveText('コピーしました');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);

  await pwDialog.getByTestId('password-close').click();
  await expect(pwDialog).toBeHidden();
  // Shown once: it is nowhere on the page any more, not even after reopening the user.
  const onPage = (pw: string) =>
    page.evaluate((p) => {
      const inInput = Array.from(document.querySelectorAll('input')).some((i) => i.value === p);
      return inInput || document.body.innerText.includes(p);
    }, pw);
  expect(await onPage(password)).toBe(false);
  await dialog.getByTestId('user-cancel').click();
  await openUser(page, 'pw-1');
  expect(await onPage(password)).toBe(false);

  const history = await api<{ items: HistoryEntry[] }>('History', 'List', { targetType: 'user', pageSize: 10 });
  expect(history.items[0]).toMatchObject({ action: 'user.password_reset', target: u.code });
  expect(JSON.stringify(history.items)).not.toContain(password);
});

// ---------------------------------------------------------------------------
// 8. CSV import

test('CSV import: a Shift_JIS file is previewed (create/update) and imported', async ({ api, adminPage: page }) => {
  const [existing] = await seed(api, [{ code: 'sj-exist', name: '既存 一郎', group: '総務部' }]);
  const text = csv(
    'ユーザーコード,氏名,メールアドレス,電話番号,グループ,状態',
    'sj-new1,山田 太郎,yamada@example.co.jp,03-1234-5678,営業部,有効',
    'sj-new2,鈴木 花子,suzuki@example.co.jp,,開発部,利用停止',
    'sj-exist,既存 一郎,kizon@example.co.jp,,経理部,',
  );
  const bytes = shiftJIS(text);
  expect(isUTF8(bytes), 'the file really is Shift_JIS, not UTF-8').toBe(false);
  expect(new TextDecoder('shift_jis').decode(bytes)).toBe(text);

  await openUsers(page, 1);
  await page.getByTestId('users-import').click();
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('import-file-name')).toHaveText('ファイルが選択されていません');
  await expect(dialog.getByTestId('import-submit')).toBeDisabled();

  await chooseImportFile(page, { name: 'ユーザー一覧.csv', mimeType: 'text/csv', buffer: bytes });
  await expect(dialog.getByTestId('import-file-name')).toHaveText('ユーザー一覧.csv');
  await expect(dialog.getByTestId('import-summary')).toHaveText('取り込むと、2件を新規登録し、1件を更新します。');
  await expect(dialog.getByTestId('import-errors')).toHaveCount(0);
  const preview = dialog.getByTestId('import-preview-row');
  await expect(preview).toHaveCount(3);
  await expect(preview.nth(0).locator('td')).toHaveText([
    '2', '新規', 'sj-new1', '山田 太郎', 'yamada@example.co.jp', '03-1234-5678', '営業部', '有効',
  ]);
  await expect(preview.nth(1).locator('td')).toHaveText([
    '3', '新規', 'sj-new2', '鈴木 花子', 'suzuki@example.co.jp', '', '開発部', '利用停止中',
  ]);
  await expect(preview.nth(2).locator('td')).toHaveText([
    '4', '更新', 'sj-exist', '既存 一郎', 'kizon@example.co.jp', '', '経理部', '変更なし',
  ]);
  expect(await attrs(preview, 'data-action')).toEqual([
    'create',
    'create',
    'update',
  ]);
  // The preview is a dry run.
  expect((await allUsers(api)).map((u) => u.code)).toEqual(['sj-exist']);

  await expect(dialog.getByTestId('import-submit')).toBeEnabled();
  await dialog.getByTestId('import-submit').click();
  await expect(dialog).toBeHidden();
  await expectToast(page, '2件作成, 1件更新');
  await expectCodes(page, ['sj-exist', 'sj-new1', 'sj-new2']);
  await expect(row(page, 'sj-new1').getByTestId('user-row-open')).toHaveText('山田 太郎');
  await expect(page.getByTestId('user-row-state')).toHaveText(['有効', '有効', '利用停止中']);
  await expect(row(page, 'sj-exist').getByRole('cell', { name: '経理部', exact: true })).toBeVisible();

  const users = await allUsers(api);
  expect(users.map(editable)).toEqual([
    { ...editable(existing), email: 'kizon@example.co.jp', group: '経理部' },
    expect.objectContaining({
      code: 'sj-new1',
      name: '山田 太郎',
      email: 'yamada@example.co.jp',
      phone: '03-1234-5678',
      group: '営業部',
      suspended: false,
    }),
    expect.objectContaining({
      code: 'sj-new2',
      name: '鈴木 花子',
      email: 'suzuki@example.co.jp',
      phone: '',
      group: '開発部',
      suspended: true,
    }),
  ]);
});

test('CSV import: a UTF-8 file with BOM and English headers in another order', async ({ api, adminPage: page }) => {
  const [existing] = await seed(api, [{ code: 'bom-exist', name: '既存 二郎', group: '営業部' }]);
  const bytes = Buffer.concat([
    BOM,
    Buffer.from(
      csv(
        'name,code,group,email,state',
        '佐藤 次郎,bom-1,営業部,sato@example.com,active',
        '"高橋, 三郎",bom-2,,,',
        '既存 二郎,bom-exist,総務部,,suspended',
      ),
      'utf8',
    ),
  ]);

  await openUsers(page, 1);
  await page.getByTestId('users-import').click();
  const dialog = page.getByTestId('import-dialog');
  await chooseImportFile(page, { name: 'users-utf8-bom.csv', mimeType: 'text/csv', buffer: bytes });
  await expect(dialog.getByTestId('import-summary')).toHaveText('取り込むと、2件を新規登録し、1件を更新します。');
  const preview = dialog.getByTestId('import-preview-row');
  expect(await attrs(preview, 'data-action')).toEqual([
    'create',
    'create',
    'update',
  ]);
  await expect(preview.nth(1).locator('td').nth(3)).toHaveText('高橋, 三郎');
  await expect(preview.nth(2).locator('td').nth(7)).toHaveText('利用停止中');

  await dialog.getByTestId('import-submit').click();
  await expect(dialog).toBeHidden();
  await expectToast(page, '2件作成, 1件更新');
  await expectCodes(page, ['bom-1', 'bom-2', 'bom-exist']);
  await expect(row(page, 'bom-exist').getByTestId('user-row-state')).toHaveText('利用停止中');

  const users = await allUsers(api);
  expect(users.map(editable)).toEqual([
    expect.objectContaining({
      code: 'bom-1',
      name: '佐藤 次郎',
      email: 'sato@example.com',
      group: '営業部',
      suspended: false,
    }),
    expect.objectContaining({ code: 'bom-2', name: '高橋, 三郎', email: '', group: '', suspended: false }),
    { ...editable(existing), group: '総務部', suspended: true },
  ]);
});

test('CSV import: every bad line is listed with its number, nothing is imported; the fixed file imports', async ({
  api,
  adminPage: page,
}) => {
  const [existing] = await seed(api, [{ code: 'bad-exist', name: '変わらない', group: '総務部' }]);
  const before = await allUsers(api);
  const header = 'ユーザーコード,氏名,メールアドレス,状態';
  const bad = csv(
    header, //                                       line 1
    'ok-1,正しい 一,ok1@example.com,有効', //         line 2: good
    'ok-2,,ok2@example.com,', //                       line 3: no name
    'ok-3,正しい 三,not-an-email,', //                 line 4: bad email
    'ok 4,正しい 四,,', //                             line 5: bad code
    'ok-5,正しい 五,,休止', //                         line 6: unknown state
    'OK-1,重複 一,,', //                               line 7: same code as line 2
    '', //                                             line 8: blank, skipped
    'bad-exist,更新 される,,', //                      line 9: good (update)
  );
  const good = csv(
    header,
    'ok-1,正しい 一,ok1@example.com,有効',
    'ok-2,正しい 二,ok2@example.com,',
    'ok-3,正しい 三,ok3@example.com,',
    'ok-4,正しい 四,,',
    'ok-5,正しい 五,,利用停止',
    '',
    'bad-exist,更新 される,,',
  );

  await openUsers(page, 1);
  await page.getByTestId('users-import').click();
  const dialog = page.getByTestId('import-dialog');

  // A file that cannot be read at all.
  await chooseImportFile(page, { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await expect(dialog.getByTestId('import-failure')).toHaveText('CSVファイルが空です。');
  await expect(dialog.getByTestId('import-submit')).toBeDisabled();

  // A file with bad lines.
  await chooseImportFile(page, { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  await expect(dialog.getByTestId('import-file-name')).toHaveText('bad.csv');
  await expect(dialog.getByTestId('import-failure')).toHaveCount(0);
  await expect(dialog.getByTestId('import-errors-summary')).toHaveText(
    '5件の誤りがあります。修正してから、もう一度ファイルを選択してください。何も取り込まれていません。',
  );
  const errors = dialog.getByTestId('import-error-row');
  await expect(errors).toHaveCount(5);
  expect(await attrs(errors, 'data-line')).toEqual(['3', '4', '5', '6', '7']);
  const expected: [line: string, message: string | RegExp][] = [
    ['3', '氏名: 氏名を入力してください。'],
    ['4', 'メールアドレス: メールアドレスの形式が正しくありません: not-an-email'],
    ['5', /^ユーザーコード: ユーザーコードに「 」は使えません。/],
    ['6', '状態: 状態は「有効」か「利用停止」です: 休止'],
    ['7', 'ユーザーコード: ユーザーコード OK-1 が2行目と重複しています。'],
  ];
  for (const [i, [line, message]] of expected.entries()) {
    await expect(errors.nth(i).locator('td').first()).toHaveText(line);
    await expect(errors.nth(i).locator('td').nth(1)).toHaveText(message);
  }
  await expect(dialog.getByTestId('import-summary')).toHaveCount(0);
  await expect(dialog.getByTestId('import-submit')).toBeDisabled();
  expect(await allUsers(api), 'nothing was imported').toEqual(before);

  // Fix the file and choose it again in the same dialog.
  await chooseImportFile(page, { name: 'fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
  await expect(dialog.getByTestId('import-file-name')).toHaveText('fixed.csv');
  await expect(dialog.getByTestId('import-errors')).toHaveCount(0);
  await expect(dialog.getByTestId('import-summary')).toHaveText('取り込むと、5件を新規登録し、1件を更新します。');
  const preview = dialog.getByTestId('import-preview-row');
  await expect(preview.locator('td:first-child')).toHaveText(['2', '3', '4', '5', '6', '8']);
  expect(await attrs(preview, 'data-action')).toEqual([
    'create', 'create', 'create', 'create', 'create', 'update',
  ]);
  await dialog.getByTestId('import-submit').click();
  await expect(dialog).toBeHidden();
  await expectToast(page, '5件作成, 1件更新');
  await expectCodes(page, ['bad-exist', 'ok-1', 'ok-2', 'ok-3', 'ok-4', 'ok-5']);
  await expect(row(page, 'ok-5').getByTestId('user-row-state')).toHaveText('利用停止中');
  await expect(row(page, 'bad-exist').getByTestId('user-row-open')).toHaveText('更新 される');

  const after = await allUsers(api);
  expect(after.map((u) => [u.code, u.name, u.suspended])).toEqual([
    ['bad-exist', '更新 される', false],
    ['ok-1', '正しい 一', false],
    ['ok-2', '正しい 二', false],
    ['ok-3', '正しい 三', false],
    ['ok-4', '正しい 四', false],
    ['ok-5', '正しい 五', true],
  ]);
  expect(after[0].id, 'bad-exist was updated in place').toBe(existing.id);
});

test('CSV import: cancelling after the preview imports nothing', async ({ api, adminPage: page }) => {
  await openUsers(page, 0);
  await page.getByTestId('users-import').click();
  const dialog = page.getByTestId('import-dialog');
  await chooseImportFile(page, {
    name: 'one.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv('code,name', 'c-1,キャンセル 一'), 'utf8'),
  });
  await expect(dialog.getByTestId('import-summary')).toHaveText('取り込むと、1件を新規登録し、0件を更新します。');
  await dialog.getByTestId('import-cancel').click();
  await expect(dialog).toBeHidden();
  await expectTotalCount(page, 0);
  expect(await allUsers(api)).toEqual([]);
});

// ---------------------------------------------------------------------------
// 9. CSV export

test('CSV export downloads the users (Shift_JIS, UTF-8, filtered); re-importing it is a no-op update', async ({
  api,
  adminPage: page,
}) => {
  await seed(api, [
    { code: 'e-1', name: '山田 太郎', email: 'yamada@example.jp', phone: '03-1111-2222', group: '営業部' },
    { code: 'e-2', name: '鈴木 花子', group: '総務部', suspended: true },
    { code: 'e-3', name: `O'Brien, "Jr"` },
  ]);
  const before = (await allUsers(api)).map(editable);
  const header = 'ユーザーコード,氏名,メールアドレス,電話番号,グループ,状態';
  const line1 = 'e-1,山田 太郎,yamada@example.jp,03-1111-2222,営業部,有効';
  const line2 = 'e-2,鈴木 花子,,,総務部,利用停止';
  const line3 = `e-3,"O'Brien, ""Jr""",,,,有効`;
  await openUsers(page, 3);

  // All users, Shift_JIS (the default in Japanese).
  const sjis = await exportThroughUI(page, 'sjis', 'すべてのユーザー（3件）をCSVファイルに書き出します。');
  expect(sjis.name).toMatch(/^users-\d{8}-\d{6}\.csv$/);
  expect(isUTF8(sjis.bytes), 'Shift_JIS bytes').toBe(false);
  expect(new TextDecoder('shift_jis', { fatal: true }).decode(sjis.bytes)).toBe(csv(header, line1, line2, line3));

  // Re-import the downloaded file: every line is an update that changes nothing.
  await page.getByTestId('users-import').click();
  const dialog = page.getByTestId('import-dialog');
  await chooseImportFile(page, { name: sjis.name, mimeType: 'text/csv', buffer: sjis.bytes });
  await expect(dialog.getByTestId('import-summary')).toHaveText('取り込むと、0件を新規登録し、3件を更新します。');
  const preview = dialog.getByTestId('import-preview-row');
  expect(await attrs(preview, 'data-action')).toEqual([
    'update',
    'update',
    'update',
  ]);
  await expect(preview.nth(2).locator('td').nth(3)).toHaveText(`O'Brien, "Jr"`);
  await dialog.getByTestId('import-submit').click();
  await expect(dialog).toBeHidden();
  await expectToast(page, '0件作成, 3件更新');
  await expectCodes(page, ['e-1', 'e-2', 'e-3']);
  expect((await allUsers(api)).map(editable), 'the round trip changed nothing').toEqual(before);

  // The current filter, UTF-8 with a BOM.
  await page.getByTestId('users-search').fill('鈴木');
  await page.getByTestId('users-search').press('Enter');
  await expectCodes(page, ['e-2']);
  const utf8 = await exportThroughUI(page, 'utf8', '現在の検索条件に一致するユーザー（1件）をCSVファイルに書き出します。');
  expect(utf8.bytes.subarray(0, 3).equals(BOM), 'UTF-8 export starts with a BOM').toBe(true);
  expect(utf8.bytes.subarray(3).toString('utf8')).toBe(csv(header, line2));

  // Cancelling the export dialog downloads nothing.
  await page.getByTestId('users-export').click();
  await page.getByTestId('export-cancel').click();
  await expect(page.getByTestId('export-dialog')).toBeHidden();
});

// ---------------------------------------------------------------------------
// 10. History

test('変更履歴 lists the actions done on the Users screen, newest first', async ({ api, adminPage: page }) => {
  await openUsers(page, 0);

  // Create.
  await page.getByTestId('users-new').click();
  const dialog = page.getByTestId('user-dialog');
  await dialog.getByTestId('user-code').fill('h-1');
  await dialog.getByTestId('user-name').fill('履歴 一郎');
  await dialog.getByTestId('user-save').click();
  await expect(dialog).toBeHidden();
  await expectCodes(page, ['h-1']);

  // Update, require a certificate, suspend, resume, reset the password, delete.
  await openUser(page, 'h-1');
  await dialog.getByTestId('user-group').fill('営業部');
  await dialog.getByTestId('user-save').click();
  await expectToast(page, 'ユーザー情報を更新しました');
  await dialog.getByTestId('user-require-cert').click();
  await expect(dialog.getByTestId('user-require-cert')).toBeChecked();
  await expect(row(page, 'h-1').getByTestId('user-row-require-cert')).toHaveText('証明書認証');
  await dialog.getByTestId('user-suspend').click();
  await answerConfirm(page, true);
  await expect(dialog.getByTestId('user-state')).toHaveText('利用停止中');
  await dialog.getByTestId('user-resume').click();
  await answerConfirm(page, true);
  await expect(dialog.getByTestId('user-state')).toHaveText('有効');
  await dialog.getByTestId('user-reset-password').click();
  await answerConfirm(page, true);
  await page.getByTestId('password-close').click();
  await answerConfirm(page, true, '閉じますか？');
  await expect(page.getByTestId('password-dialog')).toBeHidden();
  await dialog.getByTestId('user-delete').click();
  await answerConfirm(page, true);
  await expect(dialog).toBeHidden();
  await expectCodes(page, []);

  await page.getByTestId('users-tab-history').click();
  await expect(page).toHaveURL(/#\/users\/history$/);
  await expect(page.getByTestId('users-tab-history')).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByTestId('history-panel');
  await expect(panel).toBeVisible();
  // The list's actions are not offered on the history tab.
  await expect(page.getByTestId('users-new')).toHaveCount(0);

  const expected: [action: string, label: string][] = [
    ['user.delete', 'ユーザー削除'],
    ['user.password_reset', 'パスワード再発行'],
    ['user.resume', '利用再開'],
    ['user.suspend', '利用停止'],
    ['user.require_cert.on', '証明書認証を有効化'],
    ['user.update', 'ユーザー更新'],
    ['user.create', 'ユーザー登録'],
  ];
  const rows = panel.getByTestId('history-row');
  await expect(rows.first()).toHaveAttribute('data-action', 'user.delete');
  const actions = await attrs(rows, 'data-action');
  expect(actions.slice(0, expected.length)).toEqual(expected.map(([a]) => a));
  for (const [i, [, label]] of expected.entries()) {
    const cells = rows.nth(i).locator('td');
    await expect(cells.nth(1)).toHaveText('管理者（ブラウザ）'); // the admin API's actor "api", in words
    await expect(cells.nth(2)).toHaveText(label);
    await expect(cells.nth(3)).toHaveText(/ユーザー\s*h-1/);
  }
  await expect(rows.nth(5).locator('td').nth(4)).toContainText('営業部'); // the update says what changed
  await expect(rows.nth(6).locator('td').nth(4)).toHaveText('履歴 一郎'); // the created user's name

  const all = await api<{ total: number }>('History', 'List', {});
  await expect(panel.getByTestId('history-total')).toHaveText(`${all.total}件`);

  // Filter by target: users only, then settings only.
  await panel.getByTestId('history-filter').selectOption('user');
  const userTotal = (await api<{ total: number }>('History', 'List', { targetType: 'user' })).total;
  await expect(panel.getByTestId('history-total')).toHaveText(`${userTotal}件`);
  expect((await attrs(rows, 'data-action')).every((a) => a.startsWith('user.'))).toBe(true);
  await panel.getByTestId('history-filter').selectOption('settings');
  const settingsTotal = (await api<{ total: number }>('History', 'List', { targetType: 'settings' })).total;
  await expect(panel.getByTestId('history-total')).toHaveText(`${settingsTotal}件`);
  if (settingsTotal === 0) await expect(panel).toContainText('変更履歴はまだありません。');
  expect((await attrs(rows, 'data-action')).some((a) => a.startsWith('user.'))).toBe(false);

  // Refresh picks up a change made elsewhere (here: through the API).
  await panel.getByTestId('history-filter').selectOption('user');
  await expect(rows.first()).toHaveAttribute('data-action', 'user.delete');
  await seed(api, [{ code: 'h-2', name: '履歴 二郎' }]);
  await panel.getByTestId('history-refresh').click();
  await expect(rows.first()).toHaveAttribute('data-action', 'user.create');
  await expect(rows.first().locator('td').nth(3)).toContainText('h-2');

  // Back to the list tab: the list is current.
  await page.getByTestId('users-tab-list').click();
  await expect(page).toHaveURL(/#\/users$/);
  await expectCodes(page, ['h-2']);
});

// ---------------------------------------------------------------------------
// 11. Language

test('switching to English relabels the Users screen (and server messages); switching back restores Japanese', async ({
  api,
  adminPage: page,
}) => {
  await seed(api, [
    { code: 'lang-1', name: '言語 一郎', group: '営業部' },
    { code: 'lang-2', name: '言語 二郎', suspended: true },
  ]);
  await openUsers(page, 2);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('ユーザー');
  await expect(page.getByTestId('lang-ja')).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('lang-ja')).toHaveAttribute('aria-pressed', 'false');
  await expectEnglish(page);
  await expect.poll(async () => (await api<{ language: string }>('Settings', 'Get', {})).language).toBe('en');

  // Server messages follow the language too.
  const dialog = await (async () => {
    await row(page, 'lang-1').getByTestId('user-row-code').click();
    const d = page.getByTestId('user-dialog');
    await expect(d.getByRole('heading', { name: 'User details' })).toBeVisible();
    return d;
  })();
  await expect(dialog.getByTestId('user-save')).toHaveText('Save changes');
  await expect(dialog.getByTestId('user-suspend')).toHaveText('Suspend');
  await dialog.getByTestId('user-email').fill('nope');
  await dialog.getByTestId('user-save').click();
  await expect(dialog.getByTestId('field-error-user-email')).toHaveText('This is not a valid email address: nope');
  await dialog.getByTestId('user-cancel').click();
  await expect(dialog).toBeHidden();

  // The choice is saved: a reload keeps English.
  await page.reload();
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expectEnglish(page);

  await page.getByTestId('lang-ja').click();
  await expect(page.getByTestId('lang-ja')).toHaveAttribute('aria-pressed', 'true');
  await expect(heading).toHaveText('ユーザー');
  await expect(page.getByTestId('nav-users')).toHaveText('ユーザー');
  await expect(page.getByTestId('users-new')).toHaveText('ユーザー +');
  await expect(page.getByTestId('users-import')).toHaveText('CSVインポート');
  await expect(page.getByTestId('users-export')).toHaveText('CSVエクスポート');
  await expect(page.getByTestId('users-advanced-toggle')).toHaveText('詳細検索');
  await expect(page.getByTestId('users-tab-list')).toHaveText('ユーザー一覧');
  await expect(page.getByTestId('users-tab-history')).toHaveText('変更履歴');
  await expect(page.getByTestId('users-total')).toHaveText('2件');
  await expect(page.getByTestId('users-active-count')).toHaveText('利用ユーザー数：1');
  await expect(page.getByTestId('user-row-state')).toHaveText(['有効', '利用停止中']);
  await expect(page.getByTestId('users-pager-range')).toHaveText('1-2 / 2');
  await expect(page.getByRole('columnheader', { name: 'ユーザーコード' })).toBeVisible();
  await expect(page.getByTestId('users-search')).toHaveAttribute('placeholder', 'ユーザー名 or ユーザーコード');
  await expect.poll(async () => (await api<{ language: string }>('Settings', 'Get', {})).language).toBe('ja');
});

/** The Users screen is in English. */
async function expectEnglish(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
  await expect(page.getByTestId('nav-users')).toHaveText('Users');
  await expect(page.getByRole('navigation', { name: 'Main menu' })).toBeVisible();
  await expect(page.getByTestId('users-new')).toHaveText('User +');
  await expect(page.getByTestId('users-import')).toHaveText('Import CSV');
  await expect(page.getByTestId('users-export')).toHaveText('Export CSV');
  await expect(page.getByTestId('users-advanced-toggle')).toHaveText('Advanced search');
  await expect(page.getByTestId('users-tab-list')).toHaveText('User list');
  await expect(page.getByTestId('users-tab-history')).toHaveText('History');
  await expect(page.getByTestId('users-total')).toHaveText('2 items');
  await expect(page.getByTestId('users-active-count')).toHaveText('Active users: 1');
  await expect(page.getByTestId('user-row-state')).toHaveText(['Active', 'Suspended']);
  await expect(page.getByTestId('users-pager-range')).toHaveText('1–2 of 2');
  await expect(page.getByRole('columnheader', { name: 'User code' })).toBeVisible();
  await expect(page.getByTestId('users-search')).toHaveAttribute('placeholder', 'User name or user code');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

// ---------------------------------------------------------------------------
// 12. Token

test('a wrong #token= shows the token prompt; the right token loads the app', async ({ page, server }) => {
  await page.goto(`${server.adminURL}#/users&token=wrong-token`);
  const form = page.getByTestId('token-form');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('token-error')).toBeVisible();
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await expect(page, 'the token left the address bar').not.toHaveURL(/token=/);

  // Another wrong one, typed in.
  await expect(page.getByTestId('token-submit')).toBeDisabled();
  await page.getByTestId('token-input').fill('still-wrong');
  await page.getByTestId('token-submit').click();
  await expect(page.getByTestId('token-error')).toBeVisible();
  await expect(form).toBeVisible();

  // The right one.
  await page.getByTestId('token-input').fill(server.token);
  await page.getByTestId('token-submit').click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'メインメニュー' })).toBeVisible();
  await expect(page.getByTestId('app-mode')).toContainText('serve');
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expect(page.getByTestId('users-total')).toHaveText('0件');
});

test('no token at all shows the prompt without an error; entering the token loads the Users screen', async ({
  page,
  server,
}) => {
  await page.goto(`${server.adminURL}#/users`);
  await expect(page.getByTestId('token-form')).toBeVisible();
  await expect(page.getByTestId('token-error')).toHaveCount(0);
  await page.getByTestId('token-input').fill(server.token);
  await page.getByTestId('token-input').press('Enter');
  await expect(page.getByTestId('token-form')).toBeHidden();
  // The route in the address bar survives the prompt.
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expect(page.getByTestId('nav-users')).toHaveAttribute('aria-current', 'page');
});
