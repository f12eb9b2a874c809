import { describe, expect, it } from 'vitest';
import { app } from '../wailsjs/go/models';
import { sources } from '../../test/sources';
import {
  ACCESS_REASONS,
  CERT_STATES,
  DEVICE_STATUSES,
  ERROR_CODES,
  LANGUAGES,
  MESSAGE_KINDS,
  PAGE_SIZES,
  inOrder,
} from './types';

const sorted = <T>(a: readonly T[]) => [...a].sort();

// The enums the Go backend binds (app/enums.go → models.ts), by name.
const goEnums: Record<string, readonly (string | number)[]> = Object.fromEntries(
  Object.entries(app)
    .filter(([, v]) => typeof v === 'object' && v !== null)
    .map(([name, e]) => [
      name,
      // a numeric enum also maps its numbers back to names: keep the numbers
      Object.values(e as Record<string, string | number>).filter(
        (v) => typeof v === 'number' || typeof (e as Record<string, unknown>)[v] !== 'number',
      ),
    ]),
);

describe('enums bound from Go', () => {
  it('are in models.ts', () => {
    for (const name of ['ErrorCode', 'CertState', 'DeviceStatus', 'AccessReason', 'PageSize', 'Language', 'MessageKind']) {
      expect(goEnums[name], name).toBeDefined();
    }
  });

  it('give the UI its lists, every value once', () => {
    expect(sorted(ERROR_CODES)).toEqual(sorted(goEnums.ErrorCode));
    expect(sorted(CERT_STATES)).toEqual(sorted(goEnums.CertState));
    expect(sorted(DEVICE_STATUSES)).toEqual(sorted(goEnums.DeviceStatus));
    expect(sorted(ACCESS_REASONS)).toEqual(sorted(goEnums.AccessReason));
    expect(sorted(LANGUAGES)).toEqual(sorted(goEnums.Language));
    expect(sorted(MESSAGE_KINDS)).toEqual(sorted(goEnums.MessageKind));
    expect(PAGE_SIZES).toEqual([...goEnums.PageSize].sort((a, b) => Number(a) - Number(b)));
    expect(ACCESS_REASONS).toContain('ip_not_allowed');
    expect(ACCESS_REASONS).toContain('sign_in_required');
    expect(CERT_STATES[0]).toBe('valid');
    expect(DEVICE_STATUSES[0]).toBe('pending');
    expect(LANGUAGES[0]).toBe('ja');
  });

  it('inOrder puts the named values first and keeps the rest', () => {
    expect(inOrder(['b', 'c', 'a', 'd'], ['c', 'a'])).toEqual(['c', 'a', 'b', 'd']);
    expect(inOrder(['x'], ['y'])).toEqual(['x']);
  });

  it('are not copied by hand into the source', () => {
    // An array literal listing every value of a Go enum is a copy that
    // drifts: take the list from types.ts instead.
    const copies: string[] = [];
    let scanned = 0;
    for (const [path, text] of Object.entries(sources)) {
      if (path.endsWith('.test.ts') || path.includes('/wailsjs/') || path.includes('/test/')) continue;
      scanned++;
      for (const m of text.matchAll(/\[([^[\]]*)\]/g)) {
        const items = m[1]
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (items.length < 2) continue;
        const values = items.map((s) => (/^'[^']*'$/.test(s) ? s.slice(1, -1) : /^\d+$/.test(s) ? Number(s) : null));
        if (values.includes(null)) continue;
        for (const [name, enumValues] of Object.entries(goEnums)) {
          if (enumValues.length >= 2 && enumValues.every((v) => values.includes(v))) {
            copies.push(`${path}: [${m[1].trim()}] copies app.${name}`);
          }
        }
      }
    }
    expect(scanned).toBeGreaterThan(50);
    expect(copies).toEqual([]);
  });
});
