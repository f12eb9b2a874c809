// Layout of the "recent denials" chart on Home: one bar per hour for the
// last 24 hours, from System.Dashboard's denials (hour = the UTC-aligned
// start of an hour, RFC 3339; hours without denials are missing).

import { ACCESS_REASONS, type AccessReason, type DenialBucket } from './api/types';

export const HOUR_MS = 3_600_000;

export interface HourSlot {
  /** start of the hour (ms since the epoch) */
  start: number;
  count: number;
}

/** hourStart floors a time to the start of its hour (hours are aligned to UTC, as the server counts them). */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * hourSlots lays the buckets on `hours` consecutive hours ending with the
 * current one; hours without a bucket count 0, buckets outside are ignored.
 */
export function hourSlots(buckets: DenialBucket[] | null | undefined, now: number, hours = 24): HourSlot[] {
  const last = hourStart(now);
  const first = last - (hours - 1) * HOUR_MS;
  const counts = new Map<number, number>();
  for (const b of buckets ?? []) {
    const t = Date.parse(b.hour);
    if (Number.isNaN(t)) continue;
    const h = hourStart(t);
    if (h < first || h > last) continue;
    counts.set(h, (counts.get(h) ?? 0) + Math.max(0, b.count | 0));
  }
  const out: HourSlot[] = [];
  for (let i = 0; i < hours; i++) {
    const start = first + i * HOUR_MS;
    out.push({ start, count: counts.get(start) ?? 0 });
  }
  return out;
}

/** niceMax rounds the largest count up to a readable axis maximum (1, 2, 5, 10, 20, 50 …; at least 1). */
export function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  for (const m of [1, 2, 5, 10]) if (n <= m * p) return m * p;
  return 10 * p;
}

export interface Bar extends HourSlot {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DenialChart {
  bars: Bar[];
  max: number;
  total: number;
  /** y of the axis lines with their values (0, max/2, max) */
  gridlines: { y: number; value: number }[];
  /** indexes of bars that get an hour label (every 6 hours, and the last) */
  labelled: number[];
}

/**
 * denialChart computes the bars in a width × height plot area (SVG units):
 * bars grow from the bottom, a bar with a count > 0 is at least 2 units high.
 */
export function denialChart(slots: HourSlot[], width: number, height: number, gap = 2): DenialChart {
  const n = Math.max(1, slots.length);
  const total = slots.reduce((s, x) => s + x.count, 0);
  const max = niceMax(Math.max(0, ...slots.map((s) => s.count)));
  const step = width / n;
  const w = Math.max(1, step - gap);
  const bars = slots.map((s, i) => {
    const h = s.count > 0 ? Math.max(2, (s.count / max) * height) : 0;
    return { ...s, x: i * step + (step - w) / 2, y: height - h, width: w, height: h };
  });
  const half = max / 2;
  const gridlines = [0, Number.isInteger(half) ? half : null, max]
    .filter((v): v is number => v !== null)
    .map((value) => ({ value, y: height - (value / max) * height }));
  const labelled: number[] = [];
  for (let i = 0; i < slots.length; i++) if (i % 6 === 0 || i === slots.length - 1) labelled.push(i);
  return { bars, max, total, gridlines, labelled };
}

/** isKnownReason tells whether the UI has a translation for a reason code. */
export function isKnownReason(code: string): code is AccessReason {
  return (ACCESS_REASONS as readonly string[]).includes(code);
}
