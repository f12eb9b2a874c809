import { describe, expect, it } from 'vitest';
import { sources } from '../test/sources';

// The server refuses search and filter texts over 200 characters
// (model.MaxSearch, a 400 naming the field): every search box and text
// filter stops the person at the same length.
const SEARCH_MAX = '200';

// Text filters that are not type="search" but feed a list's filter.
const FILTER_TEST_IDS = [
  'auth-filter-cert-name',
  'devices-filter-name',
  'access-filter-user',
  'access-filter-ip',
  'access-filter-route',
];

describe('search inputs', () => {
  const inputs: { path: string; tag: string }[] = [];
  for (const [path, text] of Object.entries(sources)) {
    if (!/^\/src\/(routes|lib)\/.*\.svelte$/.test(path)) continue;
    // SuggestInput (lib/components) is an <input> with suggestions.
    for (const m of text.matchAll(/<(input|SuggestInput)\b[^>]*>/g)) inputs.push({ path, tag: m[0] });
  }

  it('cap every search box at the server limit', () => {
    const search = inputs.filter((i) => /type="search"/.test(i.tag));
    // Most lists' search box is ListToolbar's (lib/components/list).
    expect(search.some((i) => i.path.endsWith('/ListToolbar.svelte'))).toBe(true);
    const bad = search.filter((i) => !i.tag.includes(`maxlength="${SEARCH_MAX}"`)).map((i) => i.path);
    expect(bad).toEqual([]);
  });

  it('cap every text filter at the server limit', () => {
    for (const id of FILTER_TEST_IDS) {
      const found = inputs.filter((i) => i.tag.includes(`data-testid="${id}"`));
      expect(found, id).toHaveLength(1);
      expect(found[0].tag, id).toMatch(new RegExp(`maxlength(="${SEARCH_MAX}"|=\\{${SEARCH_MAX}\\})`));
    }
  });
});
