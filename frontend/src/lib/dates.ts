// Calendar dates as the API speaks them: "YYYY-MM-DD", inclusive, in the
// admin's local time zone (使用開始日 / 使用終了日).

/** The allowed range of certificate dates (as kintone: 1900-01-01..9999-12-30). */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '9999-12-30';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** toISODate gives the local calendar date of d. */
export function toISODate(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** parseISODate reads "YYYY-MM-DD" as local midnight; null when it is not a real date. */
export function parseISODate(s: string | null | undefined): Date | null {
  const m = ISO.exec((s ?? '').trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(2000, mo - 1, d);
  date.setFullYear(y);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** todayISO is today's local date. */
export function todayISO(now: Date = new Date()): string {
  return toISODate(now);
}

/** addDays moves an ISO date by n calendar days. */
export function addDays(iso: string, n: number): string {
  const d = parseISODate(iso);
  if (!d) return iso;
  d.setDate(d.getDate() + n);
  return toISODate(d);
}

/** daysBetween counts calendar days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  const da = parseISODate(a);
  const db = parseISODate(b);
  if (!da || !db) return NaN;
  const utc = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((utc(db) - utc(da)) / 86_400_000);
}

/**
 * defaultWindow is the issuance window the server would choose: from today,
 * `days` days long, the end date inclusive (365 → today … a year less a day).
 */
export function defaultWindow(days: number, now: Date = new Date()): { notBefore: string; notAfter: string } {
  const start = todayISO(now);
  const n = Number.isFinite(days) && days >= 1 ? Math.floor(days) : 365;
  return { notBefore: start, notAfter: clampDate(addDays(start, n - 1)) };
}

/** clampDate keeps an ISO date within MIN_DATE..MAX_DATE (4-digit ISO dates sort as strings). */
export function clampDate(iso: string): string {
  if (/^\d{5,}-/.test(iso)) return MAX_DATE; // past year 9999
  if (iso < MIN_DATE) return MIN_DATE;
  if (iso > MAX_DATE) return MAX_DATE;
  return iso;
}

export type WindowProblem = 'startRequired' | 'endRequired' | 'startInvalid' | 'endInvalid' | 'outOfRange' | 'order';

/** checkWindow finds what is wrong with a 使用開始日/使用終了日 pair (null when fine). */
export function checkWindow(notBefore: string, notAfter: string): WindowProblem | null {
  if (!notBefore) return 'startRequired';
  if (!notAfter) return 'endRequired';
  if (!parseISODate(notBefore)) return 'startInvalid';
  if (!parseISODate(notAfter)) return 'endInvalid';
  for (const d of [notBefore, notAfter]) if (d < MIN_DATE || d > MAX_DATE) return 'outOfRange';
  if (notAfter < notBefore) return 'order';
  return null;
}

/** compactDate is YYYYMMDD of the local date (for file names). */
export function compactDate(now: Date = new Date()): string {
  return todayISO(now).replace(/-/g, '');
}

/** zipFilename names the bulk-issuance zip: sekisho-certs-YYYYMMDD.zip. */
export function zipFilename(now: Date = new Date()): string {
  return `sekisho-certs-${compactDate(now)}.zip`;
}

/** formatISODate shows an API date: 2025/03/10 in Japanese (as the seeds do), 2025-03-10 in English. */
export function formatISODate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = parseISODate(iso.slice(0, 10));
  if (!d) return iso;
  const s = toISODate(d);
  return lang === 'ja' ? s.replace(/-/g, '/') : s;
}

/**
 * formatISODateTime shows an instant (RFC 3339) as formatISODate's local date
 * and the 24-hour time: 2025/03/10 09:00 in Japanese, 2025-03-10 09:00 in
 * English, as the server writes it into messages and pages (a link's expiry).
 */
export function formatISODateTime(time: string | null | undefined, lang: string): string {
  if (!time) return '';
  const d = new Date(time);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return '';
  return `${formatISODate(toISODate(d), lang)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** isoDateOf turns an RFC 3339 time into the local calendar date ("" when empty). */
export function isoDateOf(time: string | null | undefined): string {
  if (!time) return '';
  if (ISO.test(time)) return time;
  const d = new Date(time);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return '';
  return toISODate(d);
}

/**
 * isoEndDateOf gives the last local calendar date of a period whose end is
 * the exclusive instant `until` (a certificate's validUntil, a warning's
 * date): the date the certificate list shows as 使用終了日. A window ending
 * at local midnight ends on the day before.
 */
export function isoEndDateOf(until: string | null | undefined): string {
  if (!until) return '';
  if (ISO.test(until)) return until;
  const d = new Date(until);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return '';
  return toISODate(new Date(d.getTime() - 1));
}

/**
 * suggestRenewName proposes the name of a shared certificate's successor:
 * a trailing number goes up by one (Sales2026 → Sales2027), otherwise "2" is
 * added (tokyo → tokyo2). The result fits maxLen characters.
 */
export function suggestRenewName(name: string, maxLen = 20): string {
  const m = /^(.*?)(\d+)$/.exec(name);
  let base: string;
  let num: string;
  if (m) {
    base = m[1];
    const next = String(BigInt(m[2]) + 1n);
    num = next.padStart(m[2].length, '0');
  } else {
    base = name;
    num = '2';
  }
  return base.slice(0, Math.max(0, maxLen - num.length)) + num;
}

export type RangeProblem = 'fromInvalid' | 'toInvalid' | 'order';

/** checkRange finds what is wrong with an optional from–to date pair (null when fine). */
export function checkRange(from: string, to: string): RangeProblem | null {
  if (from && !parseISODate(from)) return 'fromInvalid';
  if (to && !parseISODate(to)) return 'toInvalid';
  if (from && to && to < from) return 'order';
  return null;
}
