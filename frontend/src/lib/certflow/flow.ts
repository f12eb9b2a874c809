// Types shared by the certificate dialogs.
import { t } from '../i18n/index.svelte';
import type { Cert, IssuedCert, IssuedPersonal, LinkCreated, User } from '../api/types';

/** What 新規発行 produced. */
export type IssueResult =
  | { kind: 'shared'; issued: IssuedCert }
  | { kind: 'personal'; issued: IssuedPersonal; users: User[] };

/** One line of the passphrase dialog: a new certificate, its passphrase, maybe a link. */
export interface IssuedRow {
  cert: Cert;
  passphrase: string;
  link?: LinkCreated;
}

/** LINK_PRESETS are the link lifetimes offered (minutes). */
export const LINK_PRESETS: readonly number[] = [60, 1440, 4320, 10080, 43200];

/** linkPresets adds the settings' default to the presets when it is not one of them. */
export function linkPresets(defaultMinutes: number | undefined): number[] {
  const out = [...LINK_PRESETS];
  if (defaultMinutes && !out.includes(defaultMinutes)) out.push(defaultMinutes);
  return out.sort((a, b) => a - b);
}

/** durationParts splits minutes into the largest whole unit: 1440 → {n:1, unit:'day'}. */
export function durationParts(minutes: number): { n: number; unit: 'minute' | 'hour' | 'day' } {
  if (minutes % 1440 === 0) return { n: minutes / 1440, unit: 'day' };
  if (minutes % 60 === 0) return { n: minutes / 60, unit: 'hour' };
  return { n: minutes, unit: 'minute' };
}

/** durationLabel shows a link lifetime: 1時間, 1日, 7日 / 1 hour(s)… */
export function durationLabel(minutes: number): string {
  const d = durationParts(minutes);
  return t(`common.duration.${d.unit}`, { n: d.n });
}
