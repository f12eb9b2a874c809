import { describe, expect, it } from 'vitest';
import { READABLE, charClass, generatePassphrase } from './passphrase';

describe('generatePassphrase', () => {
  it('makes five groups of five readable characters, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassphrase();
      expect(p).toMatch(/^[^-]{5}(-[^-]{5}){4}$/);
      for (const c of p.replaceAll('-', '')) expect(READABLE).toContain(c);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });

  it('uses the whole alphabet', () => {
    const used = new Set(Array.from({ length: 100 }, () => generatePassphrase()).join('').replaceAll('-', ''));
    expect(used.size).toBe(READABLE.length);
  });

  it('avoids look-alike characters', () => {
    for (const c of '0O1lI5S2Z8Buvo') expect(READABLE).not.toContain(c);
    expect(charClass('-')).toBe('sep');
  });
});
