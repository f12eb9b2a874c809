import { describe, expect, it } from 'vitest';
import { authAdvancedCount, authFilterFields, emptyAuthFilter, isAuthFiltered, needsRequireWarning, toAuthListRequest } from './authQuery';

describe('user auth settings query', () => {
  it('maps the filter onto the API fields, leaving empty ones out', () => {
    expect(authFilterFields(emptyAuthFilter())).toEqual({});
    expect(authFilterFields({ query: ' 佐藤 ', certName: ' Tokyo2025 ', requireCert: 'off', withoutValidCert: true })).toEqual({
      query: '佐藤',
      certName: 'Tokyo2025',
      requireCert: 'off',
      withoutValidCert: true,
    });
    expect(toAuthListRequest({ ...emptyAuthFilter(), requireCert: 'on' }, 2, 50)).toEqual({ requireCert: 'on', page: 2, pageSize: 50 });
  });

  it('counts criteria', () => {
    expect(isAuthFiltered(emptyAuthFilter())).toBe(false);
    expect(isAuthFiltered({ ...emptyAuthFilter(), withoutValidCert: true })).toBe(true);
    expect(authAdvancedCount({ query: 'x', certName: 'A', requireCert: 'on', withoutValidCert: true })).toBe(2);
  });

  it('warns before requiring certificates when someone would be locked out or nothing is enforced', () => {
    expect(needsRequireWarning({ total: 3, neverAuthenticated: 0, failOpen: false })).toBe(false);
    expect(needsRequireWarning({ total: 3, neverAuthenticated: 1, failOpen: false })).toBe(true);
    expect(needsRequireWarning({ total: 3, neverAuthenticated: 0, failOpen: true })).toBe(true);
  });
});
