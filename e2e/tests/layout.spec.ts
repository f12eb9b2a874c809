// Layout and accessibility checks that only a real browser can make (issue
// 12, the walkthrough's defects): what lies beyond a dialog's edge, what a
// toast covers, where a page opens scrolled, and what a screen reader hears
// for a form field. Measured with bounding boxes, elementFromPoint and the
// accessible description, at the window sizes an admin uses.
import type { Locator, Page } from '@playwright/test';
import {
  test,
  expect,
  collectPageErrors,
  deleteAllCerts,
  deleteAllRoutes,
  deleteAllUsers,
  importUsers,
} from '../fixtures';

let pageErrors: string[] = [];

test.beforeEach(async ({ api, page }) => {
  await deleteAllCerts(api);
  await deleteAllUsers(api);
  await deleteAllRoutes(api);
  await api('Settings', 'Update', { language: '', keyAlgorithm: 'ecdsa-p256', strictMode: false, linkDownloadsEnabled: true });
  pageErrors = collectPageErrors(page);
});

test.afterEach(async () => {
  expect(pageErrors, 'no uncaught exceptions or logged errors in the page').toEqual([]);
});

/** The element at the centre of a locator's box is that element (or inside it): nothing covers it. */
async function expectUncovered(target: Locator, what: string): Promise<void> {
  const box = (await target.boundingBox())!;
  expect(box, `${what} is laid out`).not.toBeNull();
  const hit = await target.evaluate((el, p) => {
    const at = document.elementFromPoint(p.x, p.y);
    return { inside: !!at && (at === el || el.contains(at)), at: at ? `${at.tagName}.${at.className}` : 'nothing' };
  }, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  expect(hit.inside, `${what}: elementFromPoint at its centre is ${hit.at}`).toBe(true);
}

/** Every box of `inner` lies within the box of `outer` (horizontally). */
async function expectWithin(inner: Locator, outer: Locator, what: string): Promise<void> {
  const o = (await outer.boundingBox())!;
  const n = await inner.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const b = (await inner.nth(i).boundingBox())!;
    expect(b.x, `${what} #${i + 1}: left edge inside`).toBeGreaterThanOrEqual(o.x - 0.5);
    expect(b.x + b.width, `${what} #${i + 1}: right edge (${b.x + b.width}) inside ${o.x + o.width}`).toBeLessThanOrEqual(o.x + o.width + 0.5);
  }
}

/** No element scrolls sideways: its content fits its width. */
async function expectNoHorizontalScroll(el: Locator, what: string): Promise<void> {
  const m = await el.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  expect(m.scroll, `${what}: scrollWidth ${m.scroll} ≤ clientWidth ${m.client}`).toBeLessThanOrEqual(m.client);
}

// ---------------------------------------------------------------------------
// 1. The passphrase table of a bulk personal issuance

const LONG_NAME = '長谷川部長代理補佐　山ノ内右衛門三郎太郎兵衛';

async function issueForThree(page: Page): Promise<Locator> {
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('users-total')).toHaveText('3件');
  await page.getByTestId('users-select-all').check();
  await page.getByTestId('users-bulk-issue').click();
  const dialog = page.getByTestId('issue-dialog');
  await expect(dialog.getByTestId('user-picker-count')).toHaveText('3人選択中');
  await dialog.getByTestId('issue-submit').click();
  const pp = page.getByTestId('passphrase-dialog');
  await expect(pp.getByTestId('passphrase-row')).toHaveCount(3);
  await pp.getByTestId('passphrase-links').click();
  await expect(pp.getByTestId('passphrase-row-url')).toHaveCount(3);
  // The toasts of the issuance and the links cover neither the dialog's × nor its footer.
  await expect(page.getByTestId('toast').filter({ hasText: '3件のダウンロードリンクを作成しました' })).toBeVisible();
  await expectUncovered(pp.getByTestId('passphrase-dialog-close'), 'the dialog\'s ×');
  await expectUncovered(pp.getByTestId('passphrase-close'), 'the dialog\'s 閉じる');
  return pp;
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 640, height: 760 },
]) {
  test(`the passphrase table shows every row's copy buttons inside the dialog at ${size.width}×${size.height}`, async ({ api, adminPage: page }) => {
    await page.setViewportSize(size);
    await importUsers(api, [
      { code: 'layout-user-with-a-long-code-01', name: LONG_NAME },
      { code: 'lu02', name: '表 二郎' },
      { code: 'lu03', name: '表 三郎' },
    ]);
    const pp = await issueForThree(page);
    const wrap = pp.getByTestId('passphrase-table').locator('..');
    await expectNoHorizontalScroll(wrap, 'the table');
    await expectNoHorizontalScroll(pp.locator('.modal-body'), 'the dialog body');
    await expectWithin(pp.getByTestId('passphrase-row-link-copy'), wrap, 'link copy');
    await expectWithin(pp.getByTestId('passphrase-row-copy'), wrap, 'passphrase copy');
    await expectWithin(pp.getByTestId('passphrase-row-value'), wrap, 'passphrase');
    // A long name is cut with an ellipsis and its whole text is the title.
    const row = pp.locator('[data-testid="passphrase-row"][data-user-code="layout-user-with-a-long-code-01"]');
    await expect(row.getByTestId('passphrase-row-name')).toHaveAttribute('title', LONG_NAME);
    await expect(row.getByTestId('passphrase-row-code')).toHaveAttribute('title', 'layout-user-with-a-long-code-01');
    // Each copy button is clickable where it is.
    for (let i = 0; i < 3; i++) {
      await pp.getByTestId('passphrase-row-link-copy').nth(i).scrollIntoViewIfNeeded();
      await expectUncovered(pp.getByTestId('passphrase-row-link-copy').nth(i), `link copy #${i + 1}`);
    }
    await page.screenshot({ path: `/tmp/layout-passphrase-${size.width}.png` });
  });
}

// ---------------------------------------------------------------------------
// 2. Toasts cover no header control

for (const size of [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 640, height: 760 },
]) {
  test(`a toast covers neither the page's buttons nor the language switch at ${size.width}×${size.height}`, async ({ adminPage: page }) => {
    await page.setViewportSize(size);
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-new').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-code').fill('toast01');
    await dialog.getByTestId('user-name').fill('通知 太郎');
    await dialog.getByTestId('user-save').click();
    await expect(dialog).toBeHidden();
    const toast = page.getByTestId('toast').filter({ hasText: '通知 太郎' });
    await expect(toast).toBeVisible();
    await expect(toast).toHaveAttribute('role', 'status');
    await page.screenshot({ path: `/tmp/layout-toast-${size.width}.png` });

    for (const id of ['users-import', 'users-export', 'users-new', 'lang-ja', 'lang-en', 'app-mode']) {
      await expectUncovered(page.getByTestId(id), id);
    }
    // The toast is still there, and a click on the header's buttons works.
    await expect(toast).toBeVisible();
    await page.getByTestId('lang-en').click({ timeout: 2000 });
    await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('lang-ja').click({ timeout: 2000 });
    await expect(page.getByTestId('lang-ja')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('users-new').click({ timeout: 2000 });
    await expect(page.getByTestId('user-dialog')).toBeVisible();
  });
}

test('a toast leaves the Settings save bar (sticky at the bottom) uncovered', async ({ api, adminPage: page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await api('Settings', 'Update', { organizationName: '' });
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-org').fill('株式会社レイアウト');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('org-name')).toHaveText('株式会社レイアウト');
  await expect(page.getByTestId('toast').first()).toBeVisible();
  await expectUncovered(page.getByTestId('settings-save'), 'settings-save');
  await page.getByTestId('settings-org').fill('株式会社レイアウト2');
  await page.getByTestId('settings-save').click({ timeout: 2000 });
  await expect(page.getByTestId('org-name')).toHaveText('株式会社レイアウト2');
  await page.screenshot({ path: '/tmp/layout-toast-settings.png' });
  await api('Settings', 'Update', { organizationName: '' });
});

// ---------------------------------------------------------------------------
// 3. A new page opens at its top

test('a page opens scrolled to its top, not where the previous page was', async ({ api, adminPage: page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await importUsers(api, Array.from({ length: 20 }, (_, i) => ({ code: `sc${String(i + 1).padStart(2, '0')}`, name: `巻物 ${i + 1}` })));
  const content = page.locator('main.content');
  // Both pages are longer than the window: the Users list (20 rows) and Settings.
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('users-total')).toHaveText('20件');
  await content.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(() => content.evaluate((el) => el.scrollTop)).toBeGreaterThan(300);

  await page.getByTestId('nav-settings').click();
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByTestId('settings-save')).toBeAttached();
  expect(await content.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeInViewport();

  // And back: Settings scrolled down, the Users list opens at its top.
  await content.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(() => content.evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('users-total')).toHaveText('20件');
  expect(await content.evaluate((el) => el.scrollTop)).toBe(0);

  // A link to a section of Settings still scrolls to that section.
  await page.evaluate(() => (location.hash = '#/settings?section=smtp'));
  const smtp = page.getByTestId('smtp-section');
  await expect(smtp).toBeInViewport();
  await expect.poll(() => content.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
});

// ---------------------------------------------------------------------------
// 4. Hints and errors are the field's accessible description

/** The texts of the elements an input's aria-describedby names, in order. */
async function describedBy(input: Locator): Promise<string[]> {
  return input.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(missing #${id})`),
  );
}

test('a form field is described by its hint and, after a server error, by the error', async ({ api, adminPage: page }) => {
  await api('Users', 'Create', { code: 'taken01', name: '既存 一郎' });
  await page.getByTestId('nav-users').click();
  await page.getByTestId('users-new').click();
  const dialog = page.getByTestId('user-dialog');
  const code = dialog.getByRole('textbox', { name: 'ユーザーコード' });
  await expect(code).toBeVisible();
  const hint = await describedBy(code);
  expect(hint.length).toBe(1);
  expect(hint[0].length).toBeGreaterThan(0);
  await expect(code).toHaveAccessibleDescription(hint[0]);
  await expect(code).not.toHaveAttribute('aria-invalid', 'true');

  await code.fill('taken01');
  await dialog.getByTestId('user-name').fill('重複 二郎');
  await dialog.getByTestId('user-save').click();
  const error = dialog.getByTestId('field-error-user-code');
  await expect(error).toBeVisible();
  const errorText = (await error.textContent())!.trim();
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  expect(await describedBy(code)).toEqual([hint[0], errorText]);
  await expect(code).toHaveAccessibleDescription(`${hint[0]} ${errorText}`);
});
