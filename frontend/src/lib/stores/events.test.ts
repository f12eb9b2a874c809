// Device-request notifications: Wails events in the window, polling elsewhere.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeBackend, installFakeBackend, type FakeBackend } from '../../test/fakeBackend';
import { eventDetail, pendingRose, startNotifications } from './events';
import { dashboardState } from './dashboard.svelte';
import { toasts } from './toasts.svelte';
import { router } from './router.svelte';
import { fakeRuntime, waitFor } from '../../test/dom';
import { useScreenTests } from '../../test/screens';

let backend: FakeBackend;
let stop: (() => void) | null = null;

useScreenTests();
beforeEach(() => installFakeBackend((backend = createFakeBackend())));
afterEach(() => {
  stop?.();
  stop = null;
});

const deviceToasts = () => toasts.filter((t) => t.topic === 'device-requested');

describe('helpers', () => {
  it('describe the event and spot a rise', () => {
    expect(eventDetail({ userCode: '000123', deviceName: 'iPhone 15' })).toBe('000123 · iPhone 15');
    expect(eventDetail(null)).toBe('');
    expect(pendingRose(null, 3)).toBe(false);
    expect(pendingRose(2, 3)).toBe(true);
    expect(pendingRose(3, 3)).toBe(false);
    expect(pendingRose(3, 1)).toBe(false);
  });
});

describe('startNotifications', () => {
  it('polls System.Dashboard without the runtime and toasts when pendingDevices rises', async () => {
    stop = startNotifications({ pollMs: 30 });
    await waitFor(() => dashboardState.pending === 2);
    expect(deviceToasts()).toHaveLength(0);
    backend.devices.push({ ...backend.devices[0], id: '9', status: 'pending' });
    await waitFor(() => deviceToasts().length === 1);
    const t = deviceToasts()[0];
    expect(t.message).toContain('端末の利用申請を受け取りました');
    expect(t.action!.label).toBe('確認する');
    expect(dashboardState.pending).toBe(3);
    expect(dashboardState.arrivals).toBe(1);
    t.action!.run();
    expect(location.hash).toBe('#/devices?status=pending');
    expect(router.path).toBe('/devices');
    expect(router.query).toBe('status=pending');
    // No new toast while the count stays.
    await new Promise((r) => setTimeout(r, 100));
    expect(deviceToasts()).toHaveLength(1);
  });

  it('subscribes to device:requested in the window and unsubscribes when stopped', async () => {
    const off = vi.fn();
    const handlers = fakeRuntime(off);
    const dashboards = () => backend.calls.filter((c) => c.method === 'System.Dashboard').length;
    stop = startNotifications({ pollMs: 30 });
    await waitFor(() => dashboardState.pending === 2);
    const polled = dashboards();
    await new Promise((r) => setTimeout(r, 100));
    expect(dashboards(), 'no polling with events').toBe(polled);

    handlers.get('device:requested')!({ userId: '18', userCode: '001018', deviceName: 'iPhone 15' });
    expect(deviceToasts()[0].message).toContain('001018 · iPhone 15');
    expect(dashboardState.arrivals).toBe(1);
    stop();
    stop = null;
    expect(off).toHaveBeenCalled();
  });
});
