// Formatters. Dates come from the API as RFC 3339 strings ("" when empty) and
// are shown in the viewer's time zone through Intl.

const dtCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(lang: string, withSeconds: boolean): Intl.DateTimeFormat {
  const key = lang + (withSeconds ? ':s' : '');
  let f = dtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: withSeconds ? '2-digit' : undefined,
      hour12: false,
    });
    dtCache.set(key, f);
  }
  return f;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  // Go's zero time (0001-01-01T00:00:00Z) means "never".
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return null;
  return d;
}

/** formatDateTime shows an RFC 3339 time as local date and time ("" for empty or invalid). */
export function formatDateTime(iso: string | null | undefined, lang: string, withSeconds = false): string {
  const d = parse(iso);
  return d ? dateTimeFormat(lang, withSeconds).format(d) : '';
}

/** formatDate shows the date part only. */
export function formatDate(iso: string | null | undefined, lang: string): string {
  const d = parse(iso);
  if (!d) return '';
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** formatNumber groups digits for the language (1,000). */
export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US').format(n);
}

/** fingerprint groups a hex digest in pairs (AB:CD:…) for reading aloud; other text is kept. */
export function formatFingerprint(hex: string): string {
  const clean = hex.replace(/[:\s]/g, '');
  if (!/^[0-9a-fA-F]+$/.test(clean) || clean.length % 2) return hex;
  return clean.toUpperCase().match(/../g)!.join(':');
}

/**
 * fingerprintLines splits a fingerprint into lines of perLine bytes
 * (AB:CD:…), to compare by eye line by line; text that is not hex is one line.
 */
export function fingerprintLines(hex: string, perLine = 8): string[] {
  const parts = formatFingerprint(hex).split(':');
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += perLine) lines.push(parts.slice(i, i + perLine).join(':'));
  return lines;
}
