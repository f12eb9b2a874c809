// Events from Go onto store updates and notifications. In the desktop window
// the Go side emits "device:requested" through the Wails runtime; in a
// browser (serve mode), or wherever the runtime is missing, System.Dashboard
// is polled instead and a rise in pendingDevices means a new request. Either
// way the admin sees "端末の利用申請を受け取りました [確認する]".
import { EVENT_CONSOLE_STATE, EVENT_DATA_RESTORED, EVENT_DEVICE_REQUESTED, hasRuntime, onEvent } from '../api/events';
import type { ConsoleState, DeviceRequestedEvent } from '../api/types';
import { app, reloadData } from './app.svelte';
import { dashboardState, loadDashboard } from './dashboard.svelte';
import { navigate } from './router.svelte';
import { toast } from './toasts.svelte';
import { t } from '../i18n/index.svelte';

export const POLL_MS = 15_000;

/** The route the toast's 確認する opens: 端末 filtered to 申請中. */
export const PENDING_DEVICES_ROUTE = '/devices?status=pending';

/** notifyDeviceRequested shows the toast with its 確認する button. */
export function notifyDeviceRequested(detail = ''): void {
  const msg = t('devices.notify.received') + (detail ? '\n' + detail : '');
  toast(msg, 'info', 20_000, {
    topic: 'device-requested',
    action: { label: t('devices.notify.open'), run: () => navigate(PENDING_DEVICES_ROUTE) },
  });
}

/** eventDetail describes a device:requested payload ("000123 · iPhone 15"). */
export function eventDetail(d: DeviceRequestedEvent | null | undefined): string {
  if (!d) return '';
  return [d.userCode, d.deviceName].filter(Boolean).join(' · ');
}

/** pendingRose tells whether a newly polled count means new requests arrived. */
export function pendingRose(before: number | null, after: number | null | undefined): boolean {
  return before !== null && typeof after === 'number' && after > before;
}

/**
 * startNotifications subscribes (desktop) or starts polling (browser) and
 * loads the first count. Returns the function that stops it all; App calls
 * it when it is destroyed.
 */
export function startNotifications(opts: { pollMs?: number } = {}): () => void {
  let stopped = false;
  /** the pending count this poller has accounted for (other screens' loads do not change it) */
  let seen: number | null = null;
  void loadDashboard().then((d) => {
    if (d && typeof d.pendingDevices === 'number') seen = d.pendingDevices;
  });
  if (hasRuntime()) {
    const off = onEvent<DeviceRequestedEvent>(EVENT_DEVICE_REQUESTED, (d) => {
      dashboardState.arrivals++;
      notifyDeviceRequested(eventDetail(d));
      void loadDashboard();
    });
    return () => {
      stopped = true;
      off();
    };
  }
  const timer = setInterval(async () => {
    const d = await loadDashboard();
    if (stopped || !d || typeof d.pendingDevices !== 'number') return;
    const before = seen;
    seen = d.pendingDevices;
    if (pendingRose(before, d.pendingDevices)) {
      dashboardState.arrivals++;
      notifyDeviceRequested(t('devices.notify.pendingNow', { n: d.pendingDevices }));
    }
  }, opts.pollMs ?? POLL_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/**
 * followConsole keeps app.console current in the window (the attached
 * engine heard or not). Returns the unsubscribe function.
 */
export function followConsole(): () => void {
  return onEvent<ConsoleState>(EVENT_CONSOLE_STATE, (s) => {
    if (s && typeof s === 'object') app.console = s;
  });
}

/**
 * followRestores re-reads everything when the engine's data was replaced by
 * a restore (data:restored; the window only: a browser learns of its own
 * restore from the answer). Returns the unsubscribe function.
 */
export function followRestores(): () => void {
  return onEvent(EVENT_DATA_RESTORED, () => {
    void reloadData();
  });
}
