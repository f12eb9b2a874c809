import { describe, expect, it } from 'vitest';
import { clampPage, pageAfterRemoval, pageCount, pageRange, pageWindow } from './paging';

describe('paging', () => {
  it('pageCount is at least 1', () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(20, 20)).toBe(1);
    expect(pageCount(21, 20)).toBe(2);
    expect(pageCount(10000, 100)).toBe(100);
  });

  it('clampPage keeps the page in range', () => {
    expect(clampPage(0, 100, 10)).toBe(1);
    expect(clampPage(11, 100, 10)).toBe(10);
    expect(clampPage(3.7, 100, 10)).toBe(3);
    expect(clampPage(NaN, 100, 10)).toBe(1);
  });

  it('pageRange gives the 1-based range', () => {
    expect(pageRange(1, 20, 0)).toEqual({ from: 0, to: 0 });
    expect(pageRange(1, 20, 5)).toEqual({ from: 1, to: 5 });
    expect(pageRange(2, 20, 45)).toEqual({ from: 21, to: 40 });
    expect(pageRange(3, 20, 45)).toEqual({ from: 41, to: 45 });
    expect(pageRange(9, 20, 45)).toEqual({ from: 41, to: 45 });
  });

  it('pageWindow shows first, last, neighbours and gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(1, 10)).toEqual([1, 2, '…', 10]);
    expect(pageWindow(5, 10)).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(pageWindow(10, 10)).toEqual([1, '…', 9, 10]);
    // a gap of exactly one page shows the page instead of "…"
    expect(pageWindow(4, 10)).toEqual([1, 2, 3, 4, 5, '…', 10]);
  });

  it('pageAfterRemoval steps back when the last page empties', () => {
    expect(pageAfterRemoval(3, 41, 1, 20)).toBe(2);
    expect(pageAfterRemoval(3, 45, 1, 20)).toBe(3);
    expect(pageAfterRemoval(1, 1, 1, 20)).toBe(1);
  });
});
