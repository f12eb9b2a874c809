// Notification message templates (kaonavi 通知テンプレート). The server fills
// the tags (Messages.Render); this file knows the tags for the editor's
// buttons, the local preview and warnings about unknown tags.

import type { MessageKind } from './api/types';

export type TagKey =
  | 'loginId'
  | 'name'
  | 'url'
  | 'password'
  | 'expiry'
  | 'linkExpiry'
  | 'signInPassword'
  | 'loginUrl'
  | 'passwordReset';

export interface TagDef {
  key: TagKey;
  /** the Japanese form: 【ログインID】 */
  ja: string;
  /** the English form: {loginId} */
  en: string;
}

export const TAGS: readonly TagDef[] = [
  { key: 'loginId', ja: '【ログインID】', en: '{loginId}' },
  { key: 'name', ja: '【氏名】', en: '{name}' },
  { key: 'url', ja: '【証明書DL画面URL】', en: '{url}' },
  { key: 'password', ja: '【証明書パスワード】', en: '{password}' },
  /** the certificate's last usable day (使用終了日), a date */
  { key: 'expiry', ja: '【有効期限】', en: '{expiry}' },
  /** when the download link stops working, date and time */
  { key: 'linkExpiry', ja: '【リンク有効期限】', en: '{linkExpiry}' },
  { key: 'signInPassword', ja: '【パスワード】', en: '{signInPassword}' },
  { key: 'loginUrl', ja: '【ログインURL】', en: '{loginUrl}' },
  /** how to get a new sign-in password (kaonavi's tag): ask the admin, with the sign-in URL */
  { key: 'passwordReset', ja: '【パスワード再発行】', en: '{passwordReset}' },
];

/** Which template: certificate = 証明書の案内 (messageTemplate), login = ログイン案内 (loginTemplate). */
export type TemplateKind = MessageKind;

/** The tag buttons each template offers, in order. */
export const TEMPLATE_TAGS: Record<TemplateKind, readonly TagKey[]> = {
  certificate: ['loginId', 'name', 'url', 'password', 'expiry', 'linkExpiry', 'passwordReset'],
  login: ['name', 'loginId', 'signInPassword', 'loginUrl', 'passwordReset'],
};

/** The Settings fields a template kind is stored in. */
export const TEMPLATE_FIELDS = {
  certificate: { subject: 'messageSubject', body: 'messageTemplate' },
  login: { subject: 'loginSubject', body: 'loginTemplate' },
} as const satisfies Record<TemplateKind, { subject: string; body: string }>;

/** tagText is the form a button inserts: Japanese in the Japanese UI, else English. */
export function tagText(key: TagKey, lang: string): string {
  const def = TAGS.find((d) => d.key === key)!;
  return lang === 'ja' ? def.ja : def.en;
}

/** insertAt replaces text[start..end) with insert and says where the caret goes. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { text: text.slice(0, s) + insert + text.slice(e), caret: s + insert.length };
}

const TAG_RE = /【([^】\n]{1,30})】|\{([A-Za-z]{1,30})\}/g;

function tagKey(m: RegExpMatchArray): TagKey | null {
  const whole = m[0];
  const def = TAGS.find((d) => d.ja === whole || d.en === whole);
  return def ? def.key : null;
}

/** usedTags lists which tags a template contains (either form). */
export function usedTags(text: string): Set<TagKey> {
  const out = new Set<TagKey>();
  for (const m of text.matchAll(TAG_RE)) {
    const k = tagKey(m);
    if (k) out.add(k);
  }
  return out;
}

/** Words that make a 【…】 look like a meant tag (【パスワード再発行】); other 【…】 are plain brackets (【関所】). */
const TAGLIKE = /ID|URL|パスワード|氏名|名前|期限|ログイン|コード|メール/i;

/**
 * unknownTags lists pieces that look like tags but are not ones (they stay
 * as written): any {word}, and 【…】 naming a login, password, URL, name,
 * expiry… — 【】 used as ordinary brackets are left alone.
 */
export function unknownTags(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TAG_RE)) {
    if (tagKey(m) || out.includes(m[0])) continue;
    if (m[1] !== undefined && !TAGLIKE.test(m[1])) continue;
    out.push(m[0]);
  }
  return out;
}

/** renderPreview fills the tags locally (for the editor's preview); missing values keep the tag. */
export function renderPreview(text: string, values: Partial<Record<TagKey, string>>): string {
  return text.replace(TAG_RE, (whole, ...rest) => {
    const m = [whole, rest[0], rest[1]] as unknown as RegExpMatchArray;
    const k = tagKey(m);
    return k && values[k] !== undefined ? values[k]! : whole;
  });
}
