// The lockout guard of IP接続制限 (SPEC section 3): before a rule is
// created, changed, enabled/disabled or deleted, ask the server whom the
// change would cut off (IPRules.Preview). When that is this machine or a
// client connected right now, the admin must confirm, and only then is the
// change sent with `confirm: true`. If the server still answers 409
// "confirm" (someone connected in between), ask again.

import { AppError } from '../../lib/api/call';
import type { CutOffAddress, IPRulePreview, IPRulePreviewRequest } from '../../lib/api/types';
import { confirm } from '../../lib/stores/confirm.svelte';
import { t } from '../../lib/i18n/index.svelte';

export interface GuardSteps<T> {
  /** IPRules.Preview for the change */
  preview: () => Promise<IPRulePreview>;
  /** ask the admin about the addresses that would be cut off (message: the server's text, when it refused) */
  ask: (cutOff: CutOffAddress[], message?: string) => Promise<boolean>;
  /** send the change; confirm = the admin accepted cutting addresses off */
  send: (confirm: boolean) => Promise<T>;
  /** asked when nothing would be cut off (e.g. "delete this rule?"); absent = no question */
  plain?: () => Promise<boolean>;
}

export type GuardResult<T> = { done: true; value: T } | { done: false };

/** guardedChange runs preview → (ask) → send, as described above. Errors other than 409 "confirm" are thrown. */
export async function guardedChange<T>(steps: GuardSteps<T>): Promise<GuardResult<T>> {
  const p = await steps.preview();
  const cut = p.cutOff ?? [];
  if (cut.length > 0) {
    if (!(await steps.ask(cut))) return { done: false };
    return { done: true, value: await steps.send(true) };
  }
  if (steps.plain && !(await steps.plain())) return { done: false };
  try {
    return { done: true, value: await steps.send(false) };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'confirm') throw e;
    // The situation changed since the preview: ask with the latest list.
    let again: CutOffAddress[] = [];
    try {
      again = (await steps.preview()).cutOff ?? [];
    } catch {
      // the server's message still says which addresses
    }
    if (!(await steps.ask(again, e.message))) return { done: false };
    return { done: true, value: await steps.send(true) };
  }
}

/** The change a rule form or switch makes, as IPRules.Preview's request. */
export function previewRequest(
  change: { kind: 'create'; address: string; enabled: boolean } | { kind: 'update'; id: string; address: string; enabled: boolean } | { kind: 'delete'; id: string },
): IPRulePreviewRequest {
  switch (change.kind) {
    case 'create':
      return { address: change.address.trim(), enabled: change.enabled };
    case 'update':
      return { id: change.id, address: change.address.trim(), enabled: change.enabled };
    case 'delete':
      return { id: change.id, enabled: false, delete: true };
  }
}

/** sortCutOff lists this machine's addresses first, then clients, each in address order. */
export function sortCutOff(cut: CutOffAddress[]): CutOffAddress[] {
  const rank = (k: string) => (k === 'self' ? 0 : 1);
  return [...cut].sort((a, b) => rank(a.kind) - rank(b.kind) || a.address.localeCompare(b.address, 'en', { numeric: true }));
}

/** isPrivateAddress tells whether an address is private/LAN (RFC 1918, CGNAT, link-local, IPv6 ULA/link-local, loopback). */
export function isPrivateAddress(addr: string): boolean {
  const a = addr.trim().toLowerCase().split('/')[0];
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])];
    return (
      x === 10 ||
      x === 127 ||
      (x === 172 && y >= 16 && y <= 31) ||
      (x === 192 && y === 168) ||
      (x === 169 && y === 254) ||
      (x === 100 && y >= 64 && y <= 127)
    );
  }
  if (a.includes(':')) {
    return a === '::1' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a);
  }
  return false;
}

/** suggestedPrefix proposes the /24 (IPv4) or /64 (IPv6) network around an address, for a LAN rule. */
export function suggestedPrefix(addr: string): string {
  const a = addr.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (a.includes(':') && !a.includes('/')) {
    const groups = expandIPv6(a);
    if (groups) {
      const head = groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, ''));
      while (head.length && head[head.length - 1] === '0') head.pop();
      return `${head.join(':')}::/64`;
    }
  }
  return a;
}

function expandIPv6(a: string): string[] | null {
  const parts = a.split('::');
  if (parts.length > 2) return null;
  const head = parts[0] ? parts[0].split(':') : [];
  const tail = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  if (tail.some((g) => g.includes('.')) || head.some((g) => g.includes('.'))) return null;
  const missing = 8 - head.length - tail.length;
  if (parts.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array(parts.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return all.map((g) => g.toLowerCase());
}

// ---- the question itself (uses the shared confirm dialog) ----

/**
 * askLockout shows the addresses a change would cut off, each marked as this
 * machine or a connected client, and asks whether to go ahead. extra is a
 * question to put first (e.g. "delete this rule?").
 */
export function askLockout(cut: CutOffAddress[], serverMessage = '', extra = ''): Promise<boolean> {
  const sorted = sortCutOff(cut);
  const self = sorted.some((c) => c.kind === 'self');
  const body = [extra, sorted.length ? t('iprules.lockout.body') : serverMessage].filter(Boolean).join('\n\n');
  return confirm({
    title: t('iprules.lockout.title'),
    body,
    items: sorted.map((c) => ({
      text: c.address,
      note: c.kind === 'self' ? t('iprules.lockout.self') : t('iprules.lockout.client'),
      kind: c.kind,
    })),
    footnote: (self ? t('iprules.lockout.selfNote') + '\n' : '') + t('iprules.lockout.advice'),
    ok: t('iprules.lockout.ok'),
    danger: true,
  });
}
