// Layout math of the coverage timeline (有効期間と更新): a time axis with
// month ticks, one bar per certificate, a "today" line, a band that counts
// how many valid certificates overlap from today on, and successor links.
// Pure functions so they can be tested without a DOM.

import type { CertKind, CertState, Coverage, CoverageItem } from './api/types';

export interface TimelineOptions {
  width: number;
  /** space on the left for the certificate names */
  labelWidth: number;
  rowHeight: number;
  barHeight: number;
  /** height of the month axis at the top */
  axisHeight: number;
  /** height of the overlap band under the axis (0 = none) */
  bandHeight: number;
  /** at most this many bars; the rest are counted in `hidden` */
  maxRows: number;
  padRight: number;
}

export const DEFAULT_OPTIONS: TimelineOptions = {
  width: 800,
  labelWidth: 150,
  rowHeight: 26,
  barHeight: 14,
  axisHeight: 28,
  bandHeight: 10,
  maxRows: 200,
  padRight: 12,
};

export interface Bar {
  id: string;
  name: string;
  kind: CertKind;
  userCode: string;
  state: CertState;
  from: string;
  until: string;
  x: number;
  w: number;
  y: number;
  /** the bar starts before / ends after the visible range */
  clipStart: boolean;
  clipEnd: boolean;
  successorId: string;
}

export interface Tick {
  x: number;
  date: Date;
  /** the first tick of a year (or the first tick): its label carries the year */
  withYear: boolean;
}

export interface BandSegment {
  x: number;
  w: number;
  count: number;
}

export interface LinkLine {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TimelineLayout {
  width: number;
  height: number;
  plotX: number;
  plotW: number;
  bars: Bar[];
  ticks: Tick[];
  /** x of today, or null when today is outside the range */
  todayX: number | null;
  band: BandSegment[];
  links: LinkLine[];
  /** items not drawn because of maxRows */
  hidden: number;
}

const ms = (s: string | undefined | null): number => {
  if (!s) return NaN;
  const t = new Date(s).getTime();
  return t;
};

/** timeScale maps a time (ms) to x, linearly from [t0, t1] onto [x0, x1]. */
export function timeScale(t0: number, t1: number, x0: number, x1: number): (t: number) => number {
  const span = t1 - t0 || 1;
  return (t) => x0 + ((t - t0) / span) * (x1 - x0);
}

const STEPS = [1, 2, 3, 6, 12];

/**
 * monthTicks lists local month starts inside (t0, t1], every 1, 2, 3, 6 or 12
 * months so that there are at most maxTicks of them. Steps above one month
 * keep January on a tick.
 */
export function monthTicks(t0: number, t1: number, maxTicks = 14): Date[] {
  if (!(t1 > t0)) return [];
  const start = new Date(t0);
  const all: Date[] = [];
  const d = new Date(start.getFullYear(), start.getMonth() + 1, 1);
  while (d.getTime() <= t1 && all.length < 2400) {
    all.push(new Date(d));
    d.setMonth(d.getMonth() + 1);
  }
  for (const step of STEPS) {
    const picked = step === 1 ? all : all.filter((x) => x.getMonth() % step === 0);
    if (picked.length <= maxTicks) return picked;
  }
  // Very long ranges: every n-th year.
  const years = all.filter((x) => x.getMonth() === 0);
  const every = Math.ceil(years.length / maxTicks);
  return years.filter((_, i) => i % every === 0);
}

/** tickLabel: "4月" / "2026年1月" in Japanese, "Apr" / "Jan 2026" in English. */
export function tickLabel(d: Date, lang: string, withYear: boolean): string {
  const m = d.getMonth() + 1;
  if (lang === 'ja') return withYear ? `${d.getFullYear()}年${m}月` : `${m}月`;
  const name = new Intl.DateTimeFormat('en-US', { month: 'short' }).format(d);
  return withYear ? `${name} ${d.getFullYear()}` : name;
}

/** States whose window counts toward coverage (enabled and not revoked). */
export const COUNTING_STATES: readonly CertState[] = ['valid', 'notYetValid'];

/**
 * overlapSegments counts, for every stretch of [t0, t1), how many counting
 * shared certificates are valid at once (a sweep over the window
 * boundaries), as the server's lowOverlap warning does: personal
 * certificates belong to one user each and do not cover for one another.
 * Adjacent stretches with the same count are merged.
 */
export function overlapSegments(items: CoverageItem[], t0: number, t1: number): { from: number; until: number; count: number }[] {
  if (!(t1 > t0)) return [];
  const events: [number, number][] = [];
  for (const it of items) {
    if (it.kind !== 'shared' || !COUNTING_STATES.includes(it.state)) continue;
    const a = Math.max(ms(it.validFrom), t0);
    const b = Math.min(ms(it.validUntil), t1);
    if (!(b > a)) continue;
    events.push([a, +1], [b, -1]);
  }
  events.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const out: { from: number; until: number; count: number }[] = [];
  let count = 0;
  let at = t0;
  const push = (until: number) => {
    if (until <= at) return;
    const last = out[out.length - 1];
    if (last && last.count === count && last.until === at) last.until = until;
    else out.push({ from: at, until, count });
    at = until;
  };
  for (const [t, delta] of events) {
    push(t);
    count += delta;
  }
  push(t1);
  return out;
}

/**
 * sortForTimeline puts shared certificates first, then orders by start, end
 * and name (a staircase for renewal chains).
 */
export function sortForTimeline(items: CoverageItem[]): CoverageItem[] {
  const rank = (k: CertKind) => (k === 'shared' ? 0 : 1);
  return [...items].sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) ||
      ms(a.validFrom) - ms(b.validFrom) ||
      ms(a.validUntil) - ms(b.validUntil) ||
      a.name.localeCompare(b.name),
  );
}

/** layoutTimeline places everything of a coverage answer in a width × height drawing. */
export function layoutTimeline(cov: Coverage, options: Partial<TimelineOptions> = {}): TimelineLayout {
  const o = { ...DEFAULT_OPTIONS, ...options };
  const t0 = ms(cov.from);
  const t1 = ms(cov.until);
  const now = ms(cov.now);
  const plotX = o.labelWidth;
  const plotW = Math.max(40, o.width - o.labelWidth - o.padRight);
  const x = timeScale(t0, t1, plotX, plotX + plotW);
  const clampX = (v: number) => Math.min(plotX + plotW, Math.max(plotX, v));

  const sorted = sortForTimeline(cov.items ?? []);
  const shown = sorted.slice(0, Math.max(0, o.maxRows));
  const top = o.axisHeight + o.bandHeight + (o.bandHeight ? 6 : 0);
  const bars: Bar[] = shown.map((it, i) => {
    const a = ms(it.validFrom);
    const b = ms(it.validUntil);
    const xa = clampX(x(a));
    const xb = clampX(x(b));
    return {
      id: it.id,
      name: it.name,
      kind: it.kind,
      userCode: it.userCode ?? '',
      state: it.state,
      from: it.validFrom,
      until: it.validUntil,
      x: xa,
      w: Math.max(xb - xa, 2),
      y: top + i * o.rowHeight + (o.rowHeight - o.barHeight) / 2,
      clipStart: a < t0,
      clipEnd: b > t1,
      successorId: it.successorId ?? '',
    };
  });

  const byId = new Map(bars.map((b) => [b.id, b]));
  const links: LinkLine[] = [];
  for (const b of bars) {
    const s = b.successorId ? byId.get(b.successorId) : undefined;
    if (!s) continue;
    links.push({
      from: b.id,
      to: s.id,
      x1: Math.min(s.x, b.x + b.w),
      y1: b.y + o.barHeight,
      x2: s.x,
      y2: s.y,
    });
  }

  const ticks = monthTicks(t0, t1, Math.max(2, Math.floor(plotW / 70))).map((date, i, arr) => ({
    x: x(date.getTime()),
    date,
    withYear: i === 0 || date.getMonth() === 0 || date.getFullYear() !== arr[i - 1].getFullYear(),
  }));

  const bandFrom = Number.isFinite(now) ? Math.max(t0, now) : t0;
  // The band is about shared certificates (the overlap warning's subject).
  const hasShared = (cov.items ?? []).some((it) => it.kind === 'shared');
  const band = o.bandHeight && hasShared
    ? overlapSegments(cov.items ?? [], bandFrom, t1).map((s) => ({
        x: x(s.from),
        w: Math.max(0, x(s.until) - x(s.from)),
        count: s.count,
      }))
    : [];

  return {
    width: o.width,
    height: top + Math.max(1, bars.length) * o.rowHeight + 4,
    plotX,
    plotW,
    bars,
    ticks,
    todayX: Number.isFinite(now) && now >= t0 && now <= t1 ? x(now) : null,
    band,
    links,
    hidden: sorted.length - shown.length + Math.max(0, (cov.total ?? 0) - sorted.length),
  };
}
