import { describe, expect, it } from 'vitest';
import {
  advancedCount,
  emptyFilter,
  isFiltered,
  toExportRequest,
  toListRequest,
} from './query';
import { normPageSize, selectionState } from '../../lib/paging';

describe('toListRequest', () => {
  it('sends only the criteria that are set', () => {
    expect(toListRequest(emptyFilter(), 1, 20)).toEqual({ page: 1, pageSize: 20 });
    expect(toListRequest({ query: '  sato ', group: '営業部', state: 'suspended' }, 3, 50)).toEqual({
      query: 'sato',
      group: '営業部',
      state: 'suspended',
      page: 3,
      pageSize: 50,
    });
    expect(toListRequest({ query: '   ', group: '', state: 'active' }, 1, 10)).toEqual({
      state: 'active',
      page: 1,
      pageSize: 10,
    });
  });

  it('keeps page and page size valid for the API', () => {
    expect(toListRequest(emptyFilter(), 0, 20).page).toBe(1);
    expect(toListRequest(emptyFilter(), 1, 25).pageSize).toBe(20);
    for (const n of [10, 20, 50, 100]) expect(normPageSize(n)).toBe(n);
  });
});

describe('toExportRequest', () => {
  it('uses the same filter, without paging, with the encoding', () => {
    expect(toExportRequest({ query: 'a', group: 'g', state: '' }, 'sjis')).toEqual({
      query: 'a',
      group: 'g',
      encoding: 'sjis',
    });
  });
});

describe('filter helpers', () => {
  it('isFiltered and advancedCount', () => {
    expect(isFiltered(emptyFilter())).toBe(false);
    expect(isFiltered({ query: ' ', group: '', state: '' })).toBe(false);
    expect(isFiltered({ query: 'x', group: '', state: '' })).toBe(true);
    expect(advancedCount({ query: 'x', group: '', state: '' })).toBe(0);
    expect(advancedCount({ query: '', group: 'g', state: 'active' })).toBe(2);
  });

  it('selectionState', () => {
    expect(selectionState([], new Set())).toBe('none');
    expect(selectionState(['1', '2'], new Set())).toBe('none');
    expect(selectionState(['1', '2'], new Set(['1']))).toBe('some');
    expect(selectionState(['1', '2'], new Set(['1', '2', '9']))).toBe('all');
  });
});
