import { describe, expect, it } from 'vitest';
import {
  MAX_DATE,
  MIN_DATE,
  addDays,
  checkWindow,
  clampDate,
  compactDate,
  daysBetween,
  defaultWindow,
  formatISODate,
  formatISODateTime,
  isoDateOf,
  isoEndDateOf,
  parseISODate,
  suggestRenewName,
  toISODate,
  zipFilename,
} from './dates';

describe('dates', () => {
  it('parses only real calendar dates', () => {
    expect(toISODate(parseISODate('2024-02-29')!)).toBe('2024-02-29');
    expect(parseISODate('2023-02-29')).toBeNull();
    expect(parseISODate('2024-13-01')).toBeNull();
    expect(parseISODate('2024/01/01')).toBeNull();
    expect(parseISODate('')).toBeNull();
    expect(toISODate(parseISODate(MIN_DATE)!)).toBe('1900-01-01');
    expect(toISODate(parseISODate(MAX_DATE)!)).toBe('9999-12-30');
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2025-01-01', '2025-12-31')).toBe(364);
  });

  it('makes the default window: today … +days−1 (a year less a day)', () => {
    const now = new Date(2025, 2, 10, 15, 30);
    expect(defaultWindow(365, now)).toEqual({ notBefore: '2025-03-10', notAfter: '2026-03-09' });
    expect(defaultWindow(1, now)).toEqual({ notBefore: '2025-03-10', notAfter: '2025-03-10' });
    expect(defaultWindow(NaN, now).notAfter).toBe('2026-03-09');
  });

  it('keeps dates within 1900-01-01..9999-12-30', () => {
    expect(clampDate('1899-12-31')).toBe(MIN_DATE);
    expect(clampDate('9999-12-31')).toBe(MAX_DATE);
    expect(clampDate('2025-01-01')).toBe('2025-01-01');
    expect(defaultWindow(3650, new Date(9999, 0, 1)).notAfter).toBe(MAX_DATE);
  });

  it('checks a window', () => {
    expect(checkWindow('2025-01-01', '2025-12-31')).toBeNull();
    expect(checkWindow('2025-01-01', '2025-01-01')).toBeNull();
    expect(checkWindow('', '2025-01-01')).toBe('startRequired');
    expect(checkWindow('2025-01-01', '')).toBe('endRequired');
    expect(checkWindow('2025-02-30', '2025-03-01')).toBe('startInvalid');
    expect(checkWindow('2025-01-01', '2025-02-30')).toBe('endInvalid');
    expect(checkWindow('1899-12-31', '2025-01-01')).toBe('outOfRange');
    expect(checkWindow('2025-01-01', '9999-12-31')).toBe('outOfRange');
    expect(checkWindow('2025-02-01', '2025-01-31')).toBe('order');
  });

  it('names the bulk zip sekisho-certs-YYYYMMDD.zip', () => {
    const now = new Date(2025, 0, 5);
    expect(compactDate(now)).toBe('20250105');
    expect(zipFilename(now)).toBe('sekisho-certs-20250105.zip');
  });

  it('formats instants in the same date format, with the 24-hour time (as the server does)', () => {
    const at = new Date(2026, 2, 9, 7, 5).toISOString();
    expect(formatISODateTime(at, 'ja')).toBe('2026/03/09 07:05');
    expect(formatISODateTime(at, 'en')).toBe('2026-03-09 07:05');
    expect(formatISODateTime('', 'ja')).toBe('');
    expect(formatISODateTime('0001-01-01T00:00:00Z', 'ja')).toBe('');
  });

  it('formats API dates as the seeds do in Japanese', () => {
    expect(formatISODate('2018-02-23', 'ja')).toBe('2018/02/23');
    expect(formatISODate('2018-02-23', 'en')).toBe('2018-02-23');
    expect(formatISODate('', 'ja')).toBe('');
    expect(isoDateOf('2025-03-10')).toBe('2025-03-10');
    expect(isoDateOf('')).toBe('');
    expect(isoDateOf('0001-01-01T00:00:00Z')).toBe('');
    const local = new Date(2025, 5, 1, 12).toISOString();
    expect(isoDateOf(local)).toBe('2025-06-01');
  });

  it('suggests the name of a renewed shared certificate', () => {
    expect(suggestRenewName('Sales2026')).toBe('Sales2027');
    expect(suggestRenewName('tokyo')).toBe('tokyo2');
    expect(suggestRenewName('tokyo09')).toBe('tokyo10');
    expect(suggestRenewName('a007')).toBe('a008');
    expect(suggestRenewName('ABCDEFGHIJKLMNOPQRST')).toBe('ABCDEFGHIJKLMNOPQRS2');
    expect(suggestRenewName('ABCDEFGHIJKLMNOPQR99')).toBe('ABCDEFGHIJKLMNOPQ100');
    expect([...suggestRenewName('x'.repeat(20))].length).toBe(20);
  });
});

describe('isoEndDateOf', () => {
  it('gives the last day of a period ending at an exclusive instant', () => {
    const midnight = new Date(2027, 3, 1).toISOString(); // local 2027-04-01 00:00
    expect(isoEndDateOf(midnight)).toBe('2027-03-31');
    expect(isoEndDateOf(new Date(2027, 3, 1, 12).toISOString())).toBe('2027-04-01');
    expect(isoEndDateOf('2027-03-31')).toBe('2027-03-31');
    expect(isoEndDateOf('')).toBe('');
    expect(isoEndDateOf('0001-01-01T00:00:00Z')).toBe('');
  });
});
