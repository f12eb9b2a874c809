// The timeline's dates against the certificate list's: validUntil is an
// exclusive instant (the local midnight after the last day), so a bar ends
// on the list's 使用終了日, not the day after.
import { afterEach, describe, expect, it } from 'vitest';
import type { Component } from 'svelte';
import { cleanup, render, type Screen } from '../../test/dom';
import Timeline from './Timeline.svelte';
import CoverageWarnings from './CoverageWarnings.svelte';
import { formatISODate } from '../dates';
import { setLanguage } from '../i18n/index.svelte';
import type { Coverage } from '../api/types';

let s: Screen;
afterEach(cleanup);

/** the local midnight starting the day after iso (the API's exclusive end) */
const endOf = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d + 1).toISOString();
};
const startOf = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
};

describe('Timeline', () => {
  it("prints each bar's end as the list's last day (使用終了日)", () => {
    setLanguage('ja');
    const coverage: Coverage = {
      now: startOf('2027-03-01'),
      from: startOf('2027-01-01'),
      until: startOf('2027-06-01'),
      items: [
        { id: '1', name: 'Sales2027', kind: 'shared', userCode: '', validFrom: startOf('2027-01-01'), validUntil: endOf('2027-03-31'), state: 'valid', successorId: '' },
      ],
      total: 1,
      warnings: [],
      failOpen: false,
      strictMode: false,
      validCount: 1,
    };
    s = render(Timeline as unknown as Component, { coverage });
    const title = s.target.querySelector('[data-testid="coverage-bar"] title')!.textContent!;
    expect(title).toContain(formatISODate('2027-03-31', 'ja'));
    expect(title).not.toContain(formatISODate('2027-04-01', 'ja'));
    expect(title).toContain(formatISODate('2027-01-01', 'ja'));
  });

  it("words a warning's end as the last day", () => {
    setLanguage('ja');
    s = render(CoverageWarnings as unknown as Component, {
      warnings: [
        { kind: 'expiringNoSuccessor', certId: '1', name: 'Sales2027', date: endOf('2027-03-31'), days: 20, count: 0 },
        { kind: 'lowOverlap', from: startOf('2027-03-01'), until: endOf('2027-03-31'), count: 1 },
      ],
    });
    const text = s.target.textContent!;
    expect(text).toContain(formatISODate('2027-03-31', 'ja'));
    expect(text).not.toContain(formatISODate('2027-04-01', 'ja'));
  });
});
