import { describe, expect, it } from 'vitest';
import { fingerprintLines, formatDate, formatDateTime, formatFingerprint, formatNumber } from './format';

describe('formatDateTime', () => {
  it('returns "" for empty, invalid and Go zero times', () => {
    expect(formatDateTime('', 'ja')).toBe('');
    expect(formatDateTime(undefined, 'ja')).toBe('');
    expect(formatDateTime('not a date', 'en')).toBe('');
    expect(formatDateTime('0001-01-01T00:00:00Z', 'ja')).toBe('');
  });

  it('formats an RFC 3339 time in the local zone', () => {
    const iso = '2024-03-05T06:07:08Z';
    const d = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, '0');
    const ja = formatDateTime(iso, 'ja');
    expect(ja).toContain(String(d.getFullYear()));
    expect(ja).toContain(pad(d.getMonth() + 1));
    expect(ja).toContain(`${pad(d.getHours())}:${pad(d.getMinutes())}`);
    expect(ja).not.toContain(`:${pad(d.getSeconds())}`.repeat(2));
    expect(formatDateTime(iso, 'ja', true)).toContain(`${pad(d.getMinutes())}:${pad(d.getSeconds())}`);
    expect(formatDateTime(iso, 'en')).toContain(String(d.getFullYear()));
  });

  it('formatDate shows the date only', () => {
    const s = formatDate('2024-12-24T12:00:00Z', 'ja');
    expect(s).toMatch(/2024/);
    expect(s).not.toMatch(/:/);
    expect(formatDate('', 'ja')).toBe('');
  });
});

describe('formatNumber', () => {
  it('groups digits', () => {
    expect(formatNumber(1234567, 'ja')).toBe('1,234,567');
    expect(formatNumber(1000, 'en')).toBe('1,000');
    expect(formatNumber(0, 'en')).toBe('0');
  });
});

describe('formatFingerprint', () => {
  it('groups hex in upper-case pairs', () => {
    expect(formatFingerprint('ab01ff')).toBe('AB:01:FF');
    expect(formatFingerprint('AB:01:FF')).toBe('AB:01:FF');
  });
  it('keeps anything that is not hex', () => {
    expect(formatFingerprint('n/a')).toBe('n/a');
    expect(formatFingerprint('abc')).toBe('abc');
  });
});

describe('fingerprintLines', () => {
  it('splits a SHA-256 fingerprint into four lines of eight bytes', () => {
    const lines = fingerprintLines('0123456789abcdef'.repeat(4));
    expect(lines).toEqual(['01:23:45:67:89:AB:CD:EF', '01:23:45:67:89:AB:CD:EF', '01:23:45:67:89:AB:CD:EF', '01:23:45:67:89:AB:CD:EF']);
    expect(fingerprintLines('ab01ff', 2)).toEqual(['AB:01', 'FF']);
  });
  it('keeps anything that is not hex on one line', () => {
    expect(fingerprintLines('n/a')).toEqual(['n/a']);
  });
});
