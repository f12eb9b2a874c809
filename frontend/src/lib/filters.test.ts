import { describe, expect, it } from 'vitest';
import { criteria, pageParams } from './filters';

describe('criteria', () => {
  it('trims strings and leaves out empty ones and false', () => {
    expect(criteria({ query: '  佐藤 ', group: '', state: 'active', on: false, all: true })).toEqual({
      query: '佐藤',
      state: 'active',
      all: true,
    });
  });
  it('is empty for the empty filter', () => {
    expect(criteria({ query: ' ', kind: '' })).toEqual({});
  });
});

describe('pageParams', () => {
  it('keeps the page from 1 and the size to one offered', () => {
    expect(pageParams(0, 20)).toEqual({ page: 1, pageSize: 20 });
    expect(pageParams(2.7, 7)).toEqual({ page: 2, pageSize: 20 });
    expect(pageParams(3, 50, (n) => n)).toEqual({ page: 3, pageSize: 50 });
  });
});
