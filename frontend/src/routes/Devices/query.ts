// Pure logic of the 端末 screen: the filter (詳細検索) → Devices.List
// request, and what the bulk actions apply to.

import {
  DEVICE_STATUSES,
  PAGE_SIZES,
  type Device,
  type DeviceListRequest,
  type DeviceStatus,
  type UnrequestedRequest,
} from '../../lib/api/types';
import { checkRange } from '../../lib/dates';
import { criteria, pageParams } from '../../lib/filters';

/** The platforms the gateway names from the browser (backend/gateway detectOS). */
export const DEVICE_OSES = ['iOS', 'Android', 'Windows', 'macOS', 'ChromeOS', 'Linux', 'Other'] as const;

export interface DeviceFilter {
  status: DeviceStatus | '';
  /** quick search: user code/name or device name */
  query: string;
  os: string;
  /** part of the device name */
  deviceName: string;
  designation: '' | 'on' | 'off';
  requestedFrom: string;
  requestedTo: string;
  processedFrom: string;
  processedTo: string;
}

export const emptyDeviceFilter = (): DeviceFilter => ({
  status: '',
  query: '',
  os: '',
  deviceName: '',
  designation: '',
  requestedFrom: '',
  requestedTo: '',
  processedFrom: '',
  processedTo: '',
});

export const DEFAULT_DEVICE_PAGE_SIZE = 20;

/** parseStatus reads a status from the URL (#/devices?status=pending); "" when not one. */
export function parseStatus(s: string): DeviceStatus | '' {
  return (DEVICE_STATUSES as readonly string[]).includes(s) ? (s as DeviceStatus) : '';
}

function fields(f: DeviceFilter): DeviceListRequest {
  return criteria(f);
}

const normDevicePageSize = (n: number) => (PAGE_SIZES.includes(n) ? n : DEFAULT_DEVICE_PAGE_SIZE);

/** toDeviceRequest builds Devices.List's request; empty criteria are left out. */
export function toDeviceRequest(f: DeviceFilter, page: number, pageSize: number): DeviceListRequest {
  return { ...fields(f), ...pageParams(page, pageSize, normDevicePageSize) };
}

export function isDeviceFiltered(f: DeviceFilter): boolean {
  return Object.keys(fields(f)).length > 0;
}

/** deviceAdvancedCount counts the 詳細検索 criteria (the state switch and the quick search are apart). */
export function deviceAdvancedCount(f: DeviceFilter): number {
  const { status: _s, query: _q, ...rest } = fields(f);
  void _s;
  void _q;
  return Object.keys(rest).length;
}

/** the date ranges of the 詳細検索 (the filter's {range}From and {range}To) */
export const DEVICE_RANGES = ['requested', 'processed'] as const;

/** checkDeviceRanges finds a bad date range: which one and what is wrong (null when fine). */
export function checkDeviceRanges(f: DeviceFilter): { range: (typeof DEVICE_RANGES)[number]; problem: string } | null {
  for (const range of DEVICE_RANGES) {
    const problem = checkRange(f[`${range}From`], f[`${range}To`]);
    if (problem) return { range, problem };
  }
  return null;
}

/** userIdsOf lists the users of the checked devices once each (for 端末指定 on/off). */
export function userIdsOf(devices: Device[], selected: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const d of devices) if (selected.has(d.id) && !out.includes(d.userId)) out.push(d.userId);
  return out;
}

/** actionable keeps the checked devices an action changes: 承認 skips approved ones, 却下 rejected ones. */
export function actionable(devices: Device[], selected: ReadonlySet<string>, action: 'approve' | 'reject'): Device[] {
  const skip = action === 'approve' ? 'approved' : 'rejected';
  return devices.filter((d) => selected.has(d.id) && d.status !== skip);
}

/** toUnrequestedRequest builds Devices.Unrequested's request (未申請: the quick search and paging). */
export function toUnrequestedRequest(query: string, page: number, pageSize: number): UnrequestedRequest {
  return { ...criteria({ query }), ...pageParams(page, pageSize, normDevicePageSize) };
}
