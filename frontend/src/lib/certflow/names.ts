// Shared certificate names: the SPEC's rule and how a certificate is named in messages.

import type { CertKind } from '../api/types';

/** The longest shared certificate name (SPEC: letters and digits, 1–20). */
export const CERT_NAME_MAX = 20;

const NAME_RE = /^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+$/;

export type NameProblem = 'required' | 'chars' | 'tooLong';

/** checkCertName: 英数字のみ (half- or full-width), 1–20 characters. */
export function checkCertName(name: string): NameProblem | null {
  const n = name.trim();
  if (!n) return 'required';
  if ([...n].length > CERT_NAME_MAX) return 'tooLong';
  if (!NAME_RE.test(n)) return 'chars';
  return null;
}

/** certLabel is how a certificate is named in messages: shared → its name, personal → "code name". */
export function certLabel(c: { name: string; kind: CertKind; userCode?: string; userName?: string }): string {
  if (c.kind === 'personal') return [c.userCode || c.name, c.userName].filter(Boolean).join(' ');
  return c.name;
}
