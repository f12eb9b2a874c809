import { app } from '../../lib/wailsjs/go/models';
import { describe, expect, it } from 'vitest';
import { ACCESS_REASONS } from '../../lib/api/types';
import { checkRange } from '../../lib/dates';
import { isKnownReason } from '../../lib/denials';
import {
  accessAdvancedCount,
  emptyAccessFilter,
  isAccessFiltered,
  toAccessExportRequest,
  toAccessRequest,
} from './accessQuery';
import { catalogs } from '../../lib/i18n/index.svelte';

describe('toAccessRequest', () => {
  it('sends only the criteria that are set, trimmed', () => {
    expect(toAccessRequest(emptyAccessFilter(), 1, 50)).toEqual({ page: 1, pageSize: 50 });
    const f = {
      decision: 'deny' as const,
      userCode: ' 000419 ',
      reason: 'ip_not_allowed',
      clientIp: ' 192.168.1.31',
      route: 'Wiki ',
      from: '2026-11-01',
      to: '2026-11-23',
    };
    expect(toAccessRequest(f, 2, 20)).toEqual({
      decision: 'deny',
      userCode: '000419',
      reason: 'ip_not_allowed',
      clientIp: '192.168.1.31',
      route: 'Wiki',
      from: '2026-11-01',
      to: '2026-11-23',
      page: 2,
      pageSize: 20,
    });
    expect(toAccessExportRequest(f)).not.toHaveProperty('page');
    expect(toAccessRequest(emptyAccessFilter(), 0, 33)).toEqual({ page: 1, pageSize: 50 });
  });

  it('counts criteria', () => {
    expect(isAccessFiltered(emptyAccessFilter())).toBe(false);
    expect(isAccessFiltered({ ...emptyAccessFilter(), decision: 'allow' })).toBe(true);
    expect(accessAdvancedCount({ ...emptyAccessFilter(), decision: 'deny' })).toBe(0);
    expect(accessAdvancedCount({ ...emptyAccessFilter(), userCode: 'a', from: '2026-01-01' })).toBe(2);
  });

  it('checks date ranges', () => {
    expect(checkRange('', '')).toBeNull();
    expect(checkRange('2026-11-01', '')).toBeNull();
    expect(checkRange('2026-11-02', '2026-11-01')).toBe('order');
    expect(checkRange('2026-02-30', '')).toBe('fromInvalid');
    expect(checkRange('', '20261101')).toBe('toInvalid');
  });
});

describe('reason codes', () => {
  it('has a translation in both languages for every reason', () => {
    // Every deny reason of the contract, the sign-in redirect, and the
    // gateway's own refusals.
    expect(ACCESS_REASONS).toEqual(
      expect.arrayContaining([
        'ip_not_allowed',
        'certificate_required',
        'certificate_disabled',
        'certificate_expired',
        'certificate_revoked',
        'certificate_not_yours',
        'user_suspended',
        'device_required',
        'device_pending',
        'device_rejected',
        'sign_in_required',
        'bad_path',
      ]),
    );
    for (const r of ACCESS_REASONS) {
      expect(isKnownReason(r)).toBe(true);
      expect(catalogs.ja['access.reason.' + r], r).toBeTruthy();
      expect(catalogs.en['access.reason.' + r], r).toBeTruthy();
    }
    expect(isKnownReason('something_new')).toBe(false);
  });

  it('is the list Go binds (app.AccessReason), every value once', () => {
    expect([...ACCESS_REASONS].sort()).toEqual(Object.values(app.AccessReason).sort());
    expect(new Set(ACCESS_REASONS).size).toBe(ACCESS_REASONS.length);
  });
});
