// The app's own source text, by path (/src/…), for the tests that read it:
// the i18n keys used, enum values copied by hand, the search boxes' limits.
export const sources = import.meta.glob('/src/**/*.{svelte,ts}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
