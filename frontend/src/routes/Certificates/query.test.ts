import { describe, expect, it } from 'vitest';
import { emptyCertFilter, isCertFiltered, toCertListRequest } from './query';
import { certLabel, checkCertName } from '../../lib/certflow/names';
import { durationLabel, durationParts, linkPresets } from '../../lib/certflow/flow';
import { setLanguage } from '../../lib/i18n/index.svelte';

describe('certificate list query', () => {
  it('leaves empty criteria out', () => {
    expect(toCertListRequest(emptyCertFilter(), 1, 20)).toEqual({ page: 1, pageSize: 20 });
    expect(toCertListRequest({ query: ' tok ', kind: 'shared', state: 'revoked' }, 0, 33)).toEqual({
      query: 'tok',
      kind: 'shared',
      state: 'revoked',
      page: 1,
      pageSize: 20,
    });
    expect(isCertFiltered(emptyCertFilter())).toBe(false);
    expect(isCertFiltered({ query: '', kind: '', state: 'valid' })).toBe(true);
  });

  it('checks shared certificate names: letters and digits, 1–20', () => {
    expect(checkCertName('Sales2026')).toBeNull();
    expect(checkCertName('ＡＢＣ１２３')).toBeNull();
    expect(checkCertName('')).toBe('required');
    expect(checkCertName('   ')).toBe('required');
    expect(checkCertName('tokyo-office')).toBe('chars');
    expect(checkCertName('東京')).toBe('chars');
    expect(checkCertName('a'.repeat(21))).toBe('tooLong');
    expect(checkCertName('a'.repeat(20))).toBeNull();
  });

  it('labels certificates: personal ones by user', () => {
    expect(certLabel({ name: 'Sales', kind: 'shared' })).toBe('Sales');
    expect(certLabel({ name: 'u1', kind: 'personal', userCode: 'u1', userName: '佐藤 太郎' })).toBe('u1 佐藤 太郎');
  });
});

describe('link lifetimes', () => {
  it('offers the presets plus the settings default', () => {
    expect(linkPresets(1440)).toEqual([60, 1440, 4320, 10080, 43200]);
    expect(linkPresets(90)).toEqual([60, 90, 1440, 4320, 10080, 43200]);
    expect(linkPresets(undefined)).toHaveLength(5);
  });

  it('shows a duration in its largest whole unit', () => {
    expect(durationParts(1440)).toEqual({ n: 1, unit: 'day' });
    expect(durationParts(120)).toEqual({ n: 2, unit: 'hour' });
    expect(durationParts(90)).toEqual({ n: 90, unit: 'minute' });
    setLanguage('ja');
    expect(durationLabel(10080)).toBe('7日');
    expect(durationLabel(60)).toBe('1時間');
    setLanguage('en');
    expect(durationLabel(45)).toBe('45 min');
    setLanguage('ja');
  });
});
