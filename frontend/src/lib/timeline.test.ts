import { describe, expect, it } from 'vitest';
import { layoutTimeline, monthTicks, overlapSegments, sortForTimeline, tickLabel, timeScale } from './timeline';
import type { Coverage, CoverageItem } from './api/types';

const T = (s: string) => new Date(s).getTime();

function item(id: string, from: string, until: string, over: Partial<CoverageItem> = {}): CoverageItem {
  return { id, name: 'C' + id, kind: 'shared', validFrom: from, validUntil: until, state: 'valid', ...over };
}

function cov(items: CoverageItem[], over: Partial<Coverage> = {}): Coverage {
  return {
    now: '2025-03-01T00:00:00Z',
    from: '2025-01-01T00:00:00Z',
    until: '2025-12-31T00:00:00Z',
    items,
    total: items.length,
    warnings: [],
    failOpen: false,
    strictMode: false,
    validCount: items.length,
    ...over,
  };
}

describe('timeScale', () => {
  it('maps time linearly onto x', () => {
    const x = timeScale(0, 100, 10, 210);
    expect(x(0)).toBe(10);
    expect(x(50)).toBe(110);
    expect(x(100)).toBe(210);
  });
});

describe('monthTicks', () => {
  it('lists local month starts inside the range', () => {
    const ticks = monthTicks(new Date(2025, 0, 15).getTime(), new Date(2025, 4, 1).getTime());
    expect(ticks.map((d) => d.getMonth() + 1)).toEqual([2, 3, 4, 5]);
    expect(ticks.every((d) => d.getDate() === 1)).toBe(true);
  });

  it('thins out long ranges and keeps January', () => {
    const ticks = monthTicks(new Date(2025, 0, 15).getTime(), new Date(2028, 0, 15).getTime(), 14);
    expect(ticks.length).toBeLessThanOrEqual(14);
    expect(ticks.some((d) => d.getMonth() === 0)).toBe(true);
    const steps = new Set(ticks.slice(1).map((d, i) => (d.getFullYear() - ticks[i].getFullYear()) * 12 + d.getMonth() - ticks[i].getMonth()));
    expect(steps.size).toBe(1);
    expect(monthTicks(10, 5)).toEqual([]);
  });

  it('labels ticks in both languages', () => {
    expect(tickLabel(new Date(2026, 0, 1), 'ja', true)).toBe('2026年1月');
    expect(tickLabel(new Date(2026, 3, 1), 'ja', false)).toBe('4月');
    expect(tickLabel(new Date(2026, 0, 1), 'en', true)).toBe('Jan 2026');
    expect(tickLabel(new Date(2026, 3, 1), 'en', false)).toBe('Apr');
  });
});

describe('overlapSegments', () => {
  it('counts overlapping valid shared certificates and merges equal stretches', () => {
    const items = [
      item('1', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z'),
      item('2', '2025-03-01T00:00:00Z', '2025-09-01T00:00:00Z'),
      item('3', '2025-04-01T00:00:00Z', '2025-05-01T00:00:00Z', { state: 'disabled' }),
      item('4', '2025-04-01T00:00:00Z', '2025-05-01T00:00:00Z', { kind: 'personal' }),
    ];
    const segs = overlapSegments(items, T('2025-01-01T00:00:00Z'), T('2025-12-01T00:00:00Z'));
    expect(segs.map((s) => s.count)).toEqual([1, 2, 1, 0]);
    expect(segs[1]).toEqual({ from: T('2025-03-01T00:00:00Z'), until: T('2025-06-01T00:00:00Z'), count: 2 });
    expect(segs.at(-1)!.until).toBe(T('2025-12-01T00:00:00Z'));
  });

  it('treats back-to-back windows as a hand-over, not an overlap', () => {
    const items = [
      item('1', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z'),
      item('2', '2025-06-01T00:00:00Z', '2025-12-01T00:00:00Z'),
    ];
    const segs = overlapSegments(items, T('2025-01-01T00:00:00Z'), T('2025-12-01T00:00:00Z'));
    expect(segs).toEqual([{ from: T('2025-01-01T00:00:00Z'), until: T('2025-12-01T00:00:00Z'), count: 1 }]);
  });
});

describe('layoutTimeline', () => {
  const items = [
    item('2', '2025-04-01T00:00:00Z', '2026-04-01T00:00:00Z'),
    item('1', '2024-06-01T00:00:00Z', '2025-06-01T00:00:00Z', { successorId: '2' }),
    item('9', '2025-02-01T00:00:00Z', '2025-08-01T00:00:00Z', { kind: 'personal', userCode: 'u9' }),
  ];
  const layout = layoutTimeline(cov(items), { width: 1000, labelWidth: 100, padRight: 0 });

  it('orders shared first, then by start', () => {
    expect(sortForTimeline(items).map((i) => i.id)).toEqual(['1', '2', '9']);
    expect(layout.bars.map((b) => b.id)).toEqual(['1', '2', '9']);
    expect(layout.bars[1].y).toBeGreaterThan(layout.bars[0].y);
  });

  it('places bars on the time axis and clips them to the range', () => {
    const [b1, b2] = layout.bars;
    expect(layout.plotX).toBe(100);
    expect(layout.plotW).toBe(900);
    expect(b1.x).toBe(100); // started before the range
    expect(b1.clipStart).toBe(true);
    expect(b2.clipEnd).toBe(true);
    expect(b2.x + b2.w).toBeCloseTo(1000);
    const x = timeScale(T('2025-01-01T00:00:00Z'), T('2025-12-31T00:00:00Z'), 100, 1000);
    expect(b2.x).toBeCloseTo(x(T('2025-04-01T00:00:00Z')));
  });

  it('draws today, month ticks, successor links and the band', () => {
    const x = timeScale(T('2025-01-01T00:00:00Z'), T('2025-12-31T00:00:00Z'), 100, 1000);
    expect(layout.todayX).toBeCloseTo(x(T('2025-03-01T00:00:00Z')));
    expect(layout.ticks.length).toBeGreaterThan(5);
    expect(layout.ticks[0].withYear).toBe(true);
    expect(layout.links).toHaveLength(1);
    expect(layout.links[0]).toMatchObject({ from: '1', to: '2' });
    // The band starts today and counts shared certificates only.
    expect(layout.band[0].x).toBeCloseTo(layout.todayX!);
    expect(layout.band.map((s) => s.count)).toEqual([1, 2, 1]);
  });

  it('leaves today out when it is outside the range, and counts hidden rows', () => {
    const l = layoutTimeline(cov(items, { now: '2030-01-01T00:00:00Z', total: 10 }), { maxRows: 2 });
    expect(l.todayX).toBeNull();
    expect(l.bars).toHaveLength(2);
    expect(l.hidden).toBe(1 + 7);
    expect(l.band).toEqual([]);
  });

  it('has no band without shared certificates', () => {
    const l = layoutTimeline(cov([items[2]]));
    expect(l.band).toEqual([]);
    expect(l.bars).toHaveLength(1);
  });
});
