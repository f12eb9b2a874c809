// Component test: 端末 (device requests) against the in-memory backend.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import Devices from './Devices.svelte';
import { createFakeBackend, type FakeBackend } from '../../test/fakeBackend';
import { choose, click, settle, toastTexts, type, type Screen } from '../../test/dom';
import { openScreen, useScreenTests } from '../../test/screens';
import { router } from '../../lib/stores/router.svelte';
import { dashboardState } from '../../lib/stores/dashboard.svelte';

let backend: FakeBackend;
let s: Screen;

async function open(query = '', b = createFakeBackend()) {
  router.path = '/devices';
  router.query = query;
  s = await openScreen(Devices, (backend = b));
}

useScreenTests();

const calls = (m: string) => backend.calls.filter((c) => c.method === m);
const rowOf = (code: string) => s.$$('device-row').find((r) => r.dataset.code === code)!;
const inRow = (row: HTMLElement, id: string) => row.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;

describe('端末', () => {
  it('lists the requests with their state, OS, device, designation and times', async () => {
    await open();
    expect(s.$('devices-total')!.textContent).toContain('4件');
    expect(s.$$('device-row').map((r) => r.dataset.status)).toEqual(['pending', 'rejected', 'pending', 'approved']);
    const r = rowOf('001018');
    expect(inRow(r, 'device-row-state').textContent!.trim()).toBe('申請中');
    expect(inRow(r, 'device-row-os').textContent).toBe('iOS');
    expect(inRow(r, 'device-row-device').textContent).toBe('iPhone 15');
    expect(inRow(r, 'device-row-requested').textContent).toMatch(/2025\/02\/04/);
    expect(inRow(r, 'device-row-processed').textContent).toBe('–');
    expect(inRow(rowOf('001027'), 'device-row-state').textContent!.trim()).toBe('却下済');
    expect(inRow(rowOf('001036'), 'device-row-state').textContent!.trim()).toBe('承認済');
  });

  it('opens filtered to 申請中 from #/devices?status=pending, and follows a later 確認する', async () => {
    await open('status=pending');
    expect(calls('Devices.List')[0].req).toEqual({ status: 'pending', page: 1, pageSize: 20 });
    expect(s.$$('device-row')).toHaveLength(2);
    expect(dashboardState.pending).toBe(2);
    click(s.$('devices-filter-status-all'));
    await settle();
    expect(s.$$('device-row')).toHaveLength(4);
    router.query = 'status=pending&t=2';
    flushSync();
    await settle();
    expect(s.$$('device-row')).toHaveLength(2);
  });

  it('approves one request at once and rejects another after confirmation', async () => {
    await open();
    click(inRow(rowOf('001018'), 'device-row-approve'));
    await settle();
    expect(calls('Devices.Approve')[0].req).toEqual({ ids: ['4'] });
    expect(rowOf('001018').dataset.status).toBe('approved');
    expect(inRow(rowOf('001018'), 'device-row-processed').textContent).not.toBe('–');

    click(inRow(rowOf('001036'), 'device-row-reject'));
    await settle();
    expect(s.$('confirm-body')!.textContent).toContain('却下します');
    expect(s.$('confirm-body')!.textContent).toContain('承認済みの端末は、次のアクセスからすぐに使えなくなります');
    click(s.$('confirm-cancel'));
    await settle();
    expect(calls('Devices.Reject')).toHaveLength(0);
    click(inRow(rowOf('001036'), 'device-row-reject'));
    await settle();
    click(s.$('confirm-ok'));
    await settle();
    expect(calls('Devices.Reject')[0].req).toEqual({ ids: ['1'] });
    expect(rowOf('001036').dataset.status).toBe('rejected');
  });

  it('approves checked rows in bulk (一括で承認), skipping approved ones', async () => {
    await open();
    for (const r of s.$$('device-row')) click(inRow(r, 'device-row-check'));
    expect(s.$('devices-bulk-count')!.textContent).toContain('4件選択中');
    click(s.$('devices-bulk-approve'));
    await settle();
    expect(calls('Devices.Approve')[0].req).toEqual({ ids: ['4', '3', '2'] });
    expect(s.$$('device-row').every((r) => r.dataset.status === 'approved')).toBe(true);
    expect(s.$('devices-bulk')).toBeNull();
    expect(toastTexts().some((t) => t.text.includes('3件の申請を承認しました'))).toBe(true);
  });

  it('turns 端末指定 on for the users of checked rows, and shows the 409 for a user who requires a certificate', async () => {
    const b = createFakeBackend();
    b.users.find((u) => u.id === '9')!.requireCert = true;
    b.users.find((u) => u.id === '9')!.requireDevice = false;
    await open('', b);
    const switchOf = (code: string) => inRow(rowOf(code), 'device-row-designation') as HTMLInputElement;
    expect(switchOf('001018').checked).toBe(true);
    click(inRow(rowOf('001018'), 'device-row-check'));
    click(inRow(rowOf('001027'), 'device-row-check'));
    click(s.$('devices-bulk-designation-off'));
    await settle();
    expect(calls('Users.SetRequireDevice')[0].req).toEqual({ ids: ['18', '27'], enabled: false });
    expect(switchOf('001018').checked).toBe(false);
    click(s.$('devices-bulk-designation-on'));
    await settle();
    expect(calls('Users.SetRequireDevice')[1].req).toEqual({ ids: ['18', '27'], enabled: true });
    expect(switchOf('001018').checked).toBe(true);

    click(inRow(rowOf('001009'), 'device-row-designation'));
    await settle();
    expect(s.$('devices-error')!.textContent).toContain('併用することはできません');
    expect(toastTexts().some((t) => t.kind === 'error' && t.text.includes('併用することはできません'))).toBe(true);
  });

  it('searches by OS, device name, designation and dates (詳細検索)', async () => {
    await open();
    click(s.$('devices-advanced-toggle'));
    choose(s.$('devices-filter-os'), 'Android');
    type(s.$('devices-filter-name'), 'Pixel');
    click(s.$('devices-filter-apply'));
    await settle();
    expect(calls('Devices.List').at(-1)!.req).toEqual({ os: 'Android', deviceName: 'Pixel', page: 1, pageSize: 20 });
    expect(s.$$('device-row').map((r) => r.dataset.code)).toEqual(['001027']);

    click(s.$('devices-filter-clear'));
    await settle();
    click(s.$('devices-advanced-toggle'));
    click(s.$('devices-advanced-toggle'));
    type(s.$('devices-filter-requested-from'), '2025-02-02');
    type(s.$('devices-filter-requested-to'), '2025-02-03');
    choose(s.$('devices-filter-designation'), 'off');
    click(s.$('devices-filter-apply'));
    await settle();
    expect(calls('Devices.List').at(-1)!.req).toMatchObject({ requestedFrom: '2025-02-02', requestedTo: '2025-02-03', designation: 'off' });

    type(s.$('devices-filter-processed-from'), '2025-03-01');
    type(s.$('devices-filter-processed-to'), '2025-02-01');
    click(s.$('devices-filter-apply'));
    await settle();
    expect(s.$('devices-range-error')!.textContent).toContain('処理日');
  });

  it('reloads when a new request arrives', async () => {
    await open();
    const before = calls('Devices.List').length;
    dashboardState.arrivals++;
    flushSync();
    await settle();
    expect(calls('Devices.List').length).toBe(before + 1);
  });
});
