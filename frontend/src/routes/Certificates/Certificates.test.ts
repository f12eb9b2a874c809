// Component tests of the Certificates screen against the in-memory backend.
import { describe, expect, it } from 'vitest';
import Certificates from './Certificates.svelte';
import { createFakeBackend, makeCert, sampleUsers, type FakeBackend } from '../../test/fakeBackend';
import { click, choose, settle, toastTexts, type, waitFor, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { router } from '../../lib/stores/router.svelte';
import { app } from '../../lib/stores/app.svelte';
import { addDays, todayISO, zipFilename } from '../../lib/dates';

let backend: FakeBackend;
let s: Screen;

async function open(path = '/certificates', b: FakeBackend = createFakeBackend({ users: sampleUsers(12) })) {
  app.settings = b.settings;
  router.path = path;
  s = await openScreen(Certificates, (backend = b));
}

useScreenTests();

const calls = (m: string) => backend.calls.filter((c) => c.method === m);

describe('証明書一覧', () => {
  it('lists certificates with dates, users, kind and state', async () => {
    await open();
    const rows = s.$$('cert-row');
    expect(rows).toHaveLength(5);
    const states = Object.fromEntries(rows.map((r) => [r.dataset.certId, r.dataset.state]));
    expect(states).toEqual({ '1': 'valid', '2': 'valid', '3': 'expired', '4': 'disabled', '5': 'valid' });
    const personal = rows.find((r) => r.dataset.kind === 'personal')!;
    expect(personal.querySelector('[data-testid="cert-row-kind"]')!.textContent).toContain('田中 直樹');
    expect(rows.find((r) => r.dataset.certId === '3')!.querySelector('[data-testid="cert-row-state"]')!.textContent).toBe('期限切れ');
    expect(s.$('certs-total')!.textContent).toContain('5件');
    expect(rows[0].querySelector('[data-testid="cert-row-not-before"]')!.textContent).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
  });

  it('filters by kind and state and searches', async () => {
    await open();
    choose(s.$('certs-filter-state'), 'expired');
    await settle();
    expect(s.$$('cert-row').map((r) => r.dataset.certId)).toEqual(['3']);
    expect(calls('Certs.List').at(-1)!.req).toEqual({ state: 'expired', page: 1, pageSize: 20 });
    click(s.$('certs-filter-clear'));
    await settle();
    choose(s.$('certs-filter-kind'), 'personal');
    await settle();
    expect(s.$$('cert-row').map((r) => r.dataset.certId)).toEqual(['5']);
    choose(s.$('certs-filter-kind'), '');
    type(s.$('certs-search'), 'osaka');
    click(s.$('certs-search-submit'));
    await settle();
    expect(s.$$('cert-row').map((r) => r.dataset.certId)).toEqual(['2']);
  });

  it('issues a shared certificate, shows the passphrase once and asks before closing', async () => {
    await open();
    click(s.$('certs-new'));
    expect(s.$('issue-dialog')).toBeTruthy();
    expect(s.$<HTMLInputElement>('issue-not-before')!.value).toBe(todayISO());
    expect(s.$<HTMLInputElement>('issue-not-after')!.value).toBe(addDays(todayISO(), 364));

    type(s.$('issue-name'), 'tokyo-1');
    expect(s.$('issue-name-count')!.textContent).toBe('7 / 20');
    click(s.$('issue-submit'));
    await settle();
    expect(s.$('field-error-issue-name')!.textContent).toContain('英数字のみ');
    expect(calls('Certs.IssueShared')).toHaveLength(0);

    type(s.$('issue-name'), 'Nagoya2026');
    click(s.$('issue-submit'));
    await settle();
    expect(calls('Certs.IssueShared')[0].req).toMatchObject({ name: 'Nagoya2026', enabled: true, notBefore: todayISO() });
    expect(s.$('passphrase-dialog')).toBeTruthy();
    const pp = s.$('passphrase-value')!;
    expect(pp.dataset.value).toMatch(/^Abc\d+d-/);
    expect(pp.textContent).toBe(pp.dataset.value);
    expect(s.$('passphrase-once')!.textContent).toContain('再表示されません');

    click(s.$('passphrase-close'));
    expect(s.$('confirm-body')!.textContent).toBe('表示されている証明書のパスワードは二度と表示されません。閉じますか？');
    click(s.$('confirm-cancel'));
    await settle();
    expect(s.$('passphrase-dialog')).toBeTruthy();
    click(s.$('passphrase-dialog-close'));
    click(s.$('confirm-ok'));
    await settle();
    expect(s.$('passphrase-dialog')).toBeNull();
    expect(s.$$('cert-row').some((r) => r.textContent!.includes('Nagoya2026'))).toBe(true);
  });

  it('shows the server field error for a taken name', async () => {
    await open();
    click(s.$('certs-new'));
    type(s.$('issue-name'), 'Osaka2025');
    click(s.$('issue-submit'));
    await settle();
    expect(s.$('field-error-issue-name')!.textContent).toContain('既に使われています');
    expect(s.$('passphrase-dialog')).toBeNull();
  });

  it('issues personal certificates in bulk with progress, zip, links and messages', async () => {
    await open('/certificates', createFakeBackend({ users: sampleUsers(5), issueStepMs: 120 }));
    click(s.$('certs-new'));
    click(s.$('issue-kind-personal'));
    await settle();
    const checks = s.$$('user-picker-check');
    expect(checks).toHaveLength(5);
    click(checks[0]);
    click(checks[1]);
    click(checks[2]);
    expect(s.$('user-picker-count')!.textContent).toContain('3人選択中');
    click(s.$('issue-revoke-existing'));
    click(s.$('issue-submit'));
    await waitFor(() => s.$('issue-progress'));
    await waitFor(() => /[1-3] \/ 3 件/.test(s.$('issue-progress-text')!.textContent!));
    const req = calls('Certs.IssuePersonal')[0].req;
    expect(req).toMatchObject({ userIds: ['1', '2', '3'], revokeExisting: true, enabled: true });
    expect(typeof req.jobId).toBe('string');
    expect(calls('Certs.Progress').every((c) => c.req.jobId === req.jobId)).toBe(true);

    await waitFor(() => s.$('passphrase-dialog'), 4000);
    const rows = s.$$('passphrase-row');
    expect(rows.map((r) => r.dataset.userCode)).toEqual(['001001', '001002', '001003']);
    expect(s.$$('passphrase-row-copy')).toHaveLength(3);

    click(s.$('passphrase-zip'));
    await settle();
    expect(calls('System.SaveFile')[0].req).toMatchObject({ filename: zipFilename(), dataBase64: btoa('PK fake zip') });

    click(s.$('passphrase-links'));
    await waitFor(() => s.$$('passphrase-row-url').length === 3);
    expect(calls('Links.Create')).toHaveLength(3);

    click(s.$('passphrase-messages'));
    await waitFor(() => s.$$('message-item').length === 3);
    const render = calls('Messages.Render')[0].req as { items: Record<string, string>[] };
    expect(render.items[0]).toMatchObject({ userId: '1', password: expect.stringMatching(/^Abc/), url: expect.stringContaining('/d/') });
    expect(s.$$('message-body')[0].textContent).toContain(render.items[0].password);
  }, 10000);

  it('the user picker filters by group and certificate state on the server; 一致するN人 takes exactly those', async () => {
    const b = createFakeBackend({ users: sampleUsers(12) });
    const today = todayISO();
    const personal = (id: number, userId: string, over: Record<string, unknown> = {}) => {
      const u = b.users.find((x) => x.id === userId)!;
      return makeCert(id, { name: u.code, kind: 'personal', userId, userCode: u.code, userName: u.name, ...over });
    };
    // user 4 has a valid one (sample cert 5); 1 expired; 2 revoked; 3 expired and revoked (expired wins)
    b.certs.push(
      personal(11, '1', { notBefore: addDays(today, -400), notAfter: addDays(today, -35) }),
      personal(12, '2', { revokedAt: '2026-01-01T00:00:00Z' }),
      personal(13, '3', { notBefore: addDays(today, -400), notAfter: addDays(today, -35) }),
      personal(14, '3', { revokedAt: '2026-01-01T00:00:00Z' }),
    );
    await open('/certificates', b);
    click(s.$('certs-new'));
    click(s.$('issue-kind-personal'));
    await settle();
    const rowIds = () => s.$$('user-picker-row').map((r) => r.dataset.userId);
    // Active users only (7 is suspended).
    expect(rowIds()).toHaveLength(11);
    const state = s.$<HTMLSelectElement>('user-picker-cert-state')!;
    expect([...state.options].map((o) => o.textContent!.trim())).toEqual(['すべて', '未発行', '有効', '期限切れ', '失効']);

    choose(state, 'expired');
    await settle();
    expect(rowIds()).toEqual(['1', '3']);
    expect(calls('Users.List').at(-1)!.req).toEqual({ certState: 'expired', state: 'active', page: 1, pageSize: 20 });
    choose(state, 'revoked');
    await settle();
    expect(rowIds()).toEqual(['2']);
    choose(state, 'valid');
    await settle();
    expect(rowIds()).toEqual(['4']);

    choose(state, 'none');
    await settle();
    const none = rowIds();
    expect(none).not.toContain('1');
    expect(none).toHaveLength(7);
    const groupOf = (id: string) => b.users.find((u) => u.id === id)!.group;
    const group = groupOf(none[0]!);
    choose(s.$('user-picker-group'), group);
    await settle();
    const inGroup = none.filter((id) => groupOf(id!) === group);
    expect(rowIds()).toEqual(inGroup);
    expect(calls('Users.List').at(-1)!.req).toEqual({ group, certState: 'none', state: 'active', page: 1, pageSize: 20 });

    click(s.$('user-picker-all-matching'));
    await settle();
    expect(s.$('user-picker-count')!.textContent).toContain(`${inGroup.length}人選択中`);
    expect(calls('Users.List').at(-1)!.req).toEqual({ group, certState: 'none', state: 'active', page: 1, pageSize: 100 });
  });

  it('cancels a bulk run: nothing is issued and it says so as information', async () => {
    await open('/certificates', createFakeBackend({ users: sampleUsers(8), issueStepMs: 150 }));
    const before = backend.certs.length;
    click(s.$('certs-new'));
    click(s.$('issue-kind-personal'));
    await settle();
    click(s.$('user-picker-page-all'));
    click(s.$('issue-submit'));
    await waitFor(() => s.$('issue-cancel-job'));
    click(s.$('issue-cancel-job'));
    await waitFor(() => s.$('issue-cancelled'), 4000);
    expect(calls('Certs.Cancel')).toHaveLength(1);
    expect(s.$('issue-cancelled')!.textContent).toContain('発行されていません');
    expect(toastTexts().some((t) => t.kind === 'info' && t.text.includes('取り消しました'))).toBe(true);
    expect(toastTexts().some((t) => t.kind === 'error')).toBe(false);
    expect(backend.certs.length).toBe(before);
    expect(s.$('issue-dialog')).toBeTruthy();
  }, 10000);

  it('opens the details: disable, narrow, revoke with a reason, links', async () => {
    await open();
    click(s.$$('cert-row').find((r) => r.dataset.certId === '2'));
    await settle();
    expect(s.$('cert-dialog')).toBeTruthy();

    click(s.$('cert-enabled'));
    await settle();
    expect(backend.certs.find((c) => c.id === '2')!.enabled).toBe(false);
    expect(s.$('cert-state')!.dataset.state).toBe('disabled');

    const c2 = backend.certs.find((c) => c.id === '2')!;
    type(s.$('cert-not-after'), addDays(c2.notAfter, 30));
    click(s.$('cert-window-save'));
    await settle();
    expect(s.$('cert-window-error')!.textContent).toContain('更新');

    click(s.$('cert-link-create'));
    click(s.$('link-create-submit'));
    await settle();
    expect(s.$<HTMLInputElement>('link-url')!.value).toContain('/d/');
    expect(s.$<HTMLImageElement>('link-qr')!.src).toMatch(/^data:image\/png;base64,/);
    click(s.$('link-done'));
    await settle();
    expect(s.$$('cert-link-row')).toHaveLength(1);
    click(s.$('cert-link-revoke'));
    click(s.$('confirm-ok'));
    await settle();
    expect(s.$$('cert-link-row')[0].dataset.state).toBe('revoked');

    click(s.$('cert-revoke'));
    expect(s.$('revoke-warning')!.textContent).toContain('取り消せません');
    type(s.$('revoke-reason'), '端末の紛失');
    click(s.$('revoke-submit'));
    await settle();
    expect(calls('Certs.Revoke')[0].req).toEqual({ id: '2', reason: '端末の紛失', confirm: true });
    expect(s.$('cert-state')!.dataset.state).toBe('revoked');
    expect(s.$('cert-revoke')).toBeNull();
  });

  it('widens a narrowed window back up to the X.509 dates, shows the allowed range and refuses beyond it', async () => {
    const b = createFakeBackend({ users: sampleUsers(3) });
    const c2 = b.certs.find((c) => c.id === '2')!;
    const { notBefore: from, notAfter: until } = c2;
    c2.notBefore = addDays(from, 10);
    c2.notAfter = addDays(until, -60);
    await open('/certificates', b);
    click(s.$$('cert-row').find((r) => r.dataset.certId === '2'));
    await settle();
    const start = s.$<HTMLInputElement>('cert-not-before')!;
    const end = s.$<HTMLInputElement>('cert-not-after')!;
    expect([start.min, start.max, end.min, end.max]).toEqual([from, until, from, until]);
    const hint = s.$('cert-window-hint')!.textContent!;
    expect(hint).toContain(from.replace(/-/g, '/'));
    expect(hint).toContain(until.replace(/-/g, '/'));
    expect(hint).toContain('広げる');
    expect(hint).toContain('更新');

    type(start, from);
    type(end, until);
    click(s.$('cert-window-save'));
    await settle();
    expect(s.$('cert-window-error')).toBeNull();
    expect(calls('Certs.Update').at(-1)!.req).toEqual({ id: '2', notBefore: from, notAfter: until });
    expect([c2.notBefore, c2.notAfter]).toEqual([from, until]);

    type(end, addDays(until, 1));
    click(s.$('cert-window-save'));
    await settle();
    expect(s.$('cert-window-error')!.textContent).toContain(until.replace(/-/g, '/'));
    expect(s.$('cert-window-error')!.textContent).toContain('更新');
    expect(calls('Certs.Update')).toHaveLength(1);
  });

  it('shows a new link on the download listener with the CA fingerprint read now, or on HTTPS when so set', async () => {
    const b = createFakeBackend({ users: sampleUsers(12) });
    // app.info from start-up; another window changed the CA since
    app.info = { ...b.info, caFingerprint: 'aa'.repeat(32) };
    b.info.caFingerprint = '0f'.repeat(32);
    try {
      await open('/certificates', b);
      click(s.$$('cert-row').find((r) => r.dataset.certId === '2'));
      await settle();
      click(s.$('cert-link-create'));
      click(s.$('link-create-submit'));
      await settle();
      expect(s.$<HTMLInputElement>('link-url')!.value).toMatch(/^http:\/\/192\.168\.1\.10:7080\/d\//);
      const fp = s.$('link-ca-fingerprint')!;
      expect(fp.dataset.value).toBe('0f'.repeat(32));
      expect(fp.textContent).toContain('ルート証明書のフィンガープリント (SHA-256)');
      expect(fp.textContent).toContain(Array(8).fill('0F').join(':'));
      expect(app.info!.caFingerprint).toBe('0f'.repeat(32));
      // and the SHA-1 thumbprint Windows shows when the root is installed
      expect(s.$('link-ca-thumbprint')!.textContent).toBe('1A2B3C4D 5E6F7081 92A3B4C5 D6E7F809 1A2B3C4D');
      click(s.$('link-done'));
      await settle();

      backend.settings.downloadsHttpsOnly = true;
      click(s.$('cert-link-create'));
      click(s.$('link-create-submit'));
      await settle();
      expect(s.$<HTMLInputElement>('link-url')!.value).toMatch(/^https:\/\/192\.168\.1\.20:8443\/d\//);
      expect(s.$('link-ca-fingerprint')!.dataset.value).toBe('0f'.repeat(32));
    } finally {
      app.info = null;
    }
  });

  it('deletes after confirming, explaining the (削除済み) mark', async () => {
    await open();
    click(s.$$('cert-row-open')[0]);
    await settle();
    click(s.$('cert-delete'));
    expect(s.$('confirm-body')!.textContent).toContain('(削除済み)');
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('Certs.Delete')[0].req).toMatchObject({ confirm: true });
    expect(s.$('cert-dialog')).toBeNull();
    expect(s.$$('cert-row')).toHaveLength(4);
  });
});

describe('有効期間と更新', () => {
  it('draws the timeline and the warnings; 更新 renews with a suggested name', async () => {
    await open('/certificates/coverage');
    expect(s.$('coverage-chart')).toBeTruthy();
    expect(s.$$('coverage-bar').length).toBeGreaterThanOrEqual(4);
    expect(s.$('coverage-today')).toBeTruthy();
    const warnings = s.$$('coverage-warning');
    const expiring = warnings.find((w) => w.dataset.kind === 'expiringNoSuccessor')!;
    expect(expiring.textContent).toContain('証明書「Tokyo2025」は20日後に期限切れになりますが、後継の証明書がありません');
    const low = warnings.find((w) => w.dataset.kind === 'lowOverlap')!;
    expect(low.textContent).toContain('有効な証明書の重複が2つ未満です');
    expect(low.textContent).toContain('常に最低2つ以上の証明書の有効期間が重複するように');
    expect(s.$('certs-tab-coverage-count')!.textContent).toBe('2');

    click(expiring.querySelector('[data-testid="coverage-warning-renew"]'));
    await settle();
    expect(s.$<HTMLInputElement>('renew-name')!.value).toBe('Tokyo2026');
    click(s.$('renew-submit'));
    await settle();
    expect(calls('Certs.Renew')[0].req).toMatchObject({ id: '1', name: 'Tokyo2026' });
    expect(s.$('passphrase-dialog')).toBeTruthy();
    await settle();
    expect(s.$$('coverage-warning').some((w) => w.dataset.kind === 'expiringNoSuccessor')).toBe(false);
  });

  it('shows the fail-open banner when no certificate is valid', async () => {
    await open('/certificates/coverage', createFakeBackend({ certs: [makeCert(1, { name: 'Off', enabled: false })] }));
    const banner = s.$('fail-open-banner')!;
    expect(banner.textContent).toContain(
      '有効な証明書が1つもないため、証明書認証を使うユーザーも証明書なしで接続できる状態です（フェイルオープン）',
    );
    expect(banner.textContent).toContain('厳格モード');
    click(s.$('fail-open-issue'));
    expect(s.$('issue-dialog')).toBeTruthy();
  });

  it('says so when the coverage is not available', async () => {
    await open('/certificates/coverage', createFakeBackend({ missing: ['Certs.Coverage'] }));
    expect(s.$('coverage-error')).toBeTruthy();
  });
});
