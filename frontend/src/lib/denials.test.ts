import { describe, expect, it } from 'vitest';
import { HOUR_MS, denialChart, hourSlots, hourStart, niceMax } from './denials';

const now = Date.parse('2026-11-23T07:34:00Z');

describe('hourSlots', () => {
  it('lays buckets on the 24 hours ending with the current one, zero where missing', () => {
    const slots = hourSlots(
      [
        { hour: '2026-11-23T07:00:00Z', count: 3 },
        { hour: '2026-11-23T05:00:00Z', count: 1 },
        { hour: '2026-11-22T08:00:00Z', count: 2 }, // the first slot
        { hour: '2026-11-22T07:00:00Z', count: 9 }, // 25 hours ago: outside
        { hour: 'garbage', count: 4 },
      ],
      now,
    );
    expect(slots).toHaveLength(24);
    expect(slots[23]).toEqual({ start: Date.parse('2026-11-23T07:00:00Z'), count: 3 });
    expect(slots[21].count).toBe(1);
    expect(slots[22].count).toBe(0);
    expect(slots[0]).toEqual({ start: Date.parse('2026-11-22T08:00:00Z'), count: 2 });
    expect(slots.reduce((s, x) => s + x.count, 0)).toBe(6);
    for (let i = 1; i < 24; i++) expect(slots[i].start - slots[i - 1].start).toBe(HOUR_MS);
  });

  it('accepts times with offsets and no buckets at all', () => {
    expect(hourSlots([{ hour: '2026-11-23T16:00:00+09:00', count: 2 }], now)[23].count).toBe(2);
    expect(hourSlots(null, now).every((s) => s.count === 0)).toBe(true);
    expect(hourStart(Date.parse('2026-11-23T07:59:59.999Z'))).toBe(Date.parse('2026-11-23T07:00:00Z'));
  });
});

describe('niceMax', () => {
  it('rounds up to 1, 2, 5 × 10ⁿ', () => {
    expect([0, 1, 2, 3, 5, 6, 10, 11, 24, 51, 120, 999].map(niceMax)).toEqual([1, 1, 2, 5, 5, 10, 10, 20, 50, 100, 200, 1000]);
  });
});

describe('denialChart', () => {
  it('scales bars to the plot area from the bottom', () => {
    const slots = hourSlots(
      [
        { hour: '2026-11-23T07:00:00Z', count: 10 },
        { hour: '2026-11-23T06:00:00Z', count: 5 },
        { hour: '2026-11-23T05:00:00Z', count: 1 },
      ],
      now,
    );
    const c = denialChart(slots, 480, 100, 2);
    expect(c.total).toBe(16);
    expect(c.max).toBe(10);
    expect(c.bars).toHaveLength(24);
    const last = c.bars[23];
    expect(last.height).toBe(100);
    expect(last.y).toBe(0);
    expect(c.bars[22].height).toBe(50);
    expect(c.bars[22].y).toBe(50);
    expect(c.bars[21].height).toBe(10);
    expect(c.bars[0].height).toBe(0);
    expect(c.bars[0].width).toBe(18);
    expect(c.bars[1].x - c.bars[0].x).toBe(20);
    expect(last.x + last.width).toBeLessThanOrEqual(480);
    expect(c.gridlines.map((g) => [g.value, g.y])).toEqual([
      [0, 100],
      [5, 50],
      [10, 0],
    ]);
    expect(c.labelled).toEqual([0, 6, 12, 18, 23]);
  });

  it('keeps a lone denial visible and the axis at 1 when there are none', () => {
    const one = denialChart(hourSlots([{ hour: '2026-11-23T07:00:00Z', count: 1 }], now), 240, 100);
    expect(one.max).toBe(1);
    const many = denialChart(hourSlots([{ hour: '2026-11-23T07:00:00Z', count: 1 }, { hour: '2026-11-23T06:00:00Z', count: 1000 }], now), 240, 100);
    expect(many.bars[23].height).toBe(2);
    const none = denialChart(hourSlots([], now), 240, 100);
    expect(none.max).toBe(1);
    expect(none.total).toBe(0);
    expect(none.gridlines.map((g) => g.value)).toEqual([0, 1]);
  });
});
