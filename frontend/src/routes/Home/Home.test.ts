import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Home from './Home.svelte';
import { createFakeBackend, installFakeBackend, makeCert } from '../../test/fakeBackend';
import { click, render, settle, type Screen } from '../../test/dom';
import { setLanguage } from '../../lib/i18n/index.svelte';
import { coverageState } from '../../lib/stores/coverage.svelte';

let s: Screen;

beforeEach(() => {
  setLanguage('ja');
  coverageState.data = null;
});

afterEach(() => {
  s.destroy();
  delete window.go;
});

describe('Home', () => {
  it('shows the compact coverage timeline and its warnings, renewing from there', async () => {
    const backend = createFakeBackend();
    installFakeBackend(backend);
    s = render(Home);
    await settle();
    expect(s.$('fail-open-banner')).toBeNull();
    expect(s.$('home-valid-certs')!.textContent).toContain('3枚');
    expect(s.$('coverage-chart')).toBeTruthy();
    expect(s.$$('coverage-bar').length).toBeLessThanOrEqual(8);
    expect(s.$$('coverage-warning').map((w) => w.dataset.kind).sort()).toEqual(['expiringNoSuccessor', 'lowOverlap']);
    click(s.$('coverage-warning-renew'));
    await settle();
    expect(s.$('renew-dialog')).toBeTruthy();
  });

  it('flags fail-open loudly', async () => {
    installFakeBackend(createFakeBackend({ certs: [makeCert(1, { enabled: false })] }));
    s = render(Home);
    await settle();
    expect(s.$('fail-open-banner')!.textContent).toContain('フェイルオープン');
    expect(s.$('fail-open-settings')!.getAttribute('href')).toBe('#/settings');
  });
});
