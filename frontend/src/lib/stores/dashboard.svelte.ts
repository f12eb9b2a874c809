// System.Dashboard: the Home screen at a glance, and the number of pending
// device requests (the badge on 端末, the "new request" toast). Home reads
// it; the notifications (events.ts) keep it fresh.
import { dashboard as fetchDashboard } from '../api/system';
import { AppError } from '../api/call';
import type { Dashboard } from '../api/types';
import { errorMessage } from './toasts.svelte';

export const dashboardState = $state({
  data: null as Dashboard | null,
  loading: false,
  /** why the last load failed ("" when it worked) */
  error: '',
  /** pending device requests (申請中); null until known */
  pending: null as number | null,
  /** goes up whenever a new device request is noticed (screens reload on it) */
  arrivals: 0,
});

let seq = 0;

/** loadDashboard fetches System.Dashboard; resolves with it, or null when it failed. */
export async function loadDashboard(): Promise<Dashboard | null> {
  const mine = ++seq;
  dashboardState.loading = true;
  try {
    const d = await fetchDashboard();
    if (mine !== seq) return d;
    dashboardState.data = d;
    dashboardState.error = '';
    if (typeof d?.pendingDevices === 'number') dashboardState.pending = d.pendingDevices;
    return d;
  } catch (e) {
    if (mine === seq && !(e instanceof AppError && e.code === 'unauthorized')) dashboardState.error = errorMessage(e);
    return null;
  } finally {
    if (mine === seq) dashboardState.loading = false;
  }
}

/** setPending records a count learnt elsewhere (e.g. Devices.List with status "pending"). */
export function setPending(n: number): void {
  if (Number.isFinite(n) && n >= 0) dashboardState.pending = n;
}
