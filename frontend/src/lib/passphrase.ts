// Showing a passphrase so that it is easy to read aloud and type: each
// character is classed (digit / letter / separator) so digits can be shown in
// another colour. Copying always uses the passphrase itself.

export type CharClass = 'digit' | 'upper' | 'lower' | 'sep' | 'other';

export function charClass(c: string): CharClass {
  if (/[0-9]/.test(c)) return 'digit';
  if (/[A-Z]/.test(c)) return 'upper';
  if (/[a-z]/.test(c)) return 'lower';
  if (c === '-' || c === ' ') return 'sep';
  return 'other';
}

/** passphraseChars splits a passphrase into characters with their class. */
export function passphraseChars(p: string): { c: string; cls: CharClass }[] {
  return [...p].map((c) => ({ c, cls: charClass(c) }));
}

/**
 * READABLE is the alphabet of generated passphrases, the same as the server's
 * (backend/secret): no look-alikes (0/O/o, 1/l/I, 5/S, 2/Z, 8/B, u/v), so a
 * passphrase can be read off a screen or paper and typed.
 */
export const READABLE = 'abcdefghijkmnpqrstwxyzACDEFGHJKLMNPQRTUVWXY34679';

/**
 * generatePassphrase returns a random passphrase of `groups` groups of five
 * READABLE characters joined by '-' (5 groups: 25 characters, about 139 bits),
 * from the platform's cryptographic generator.
 */
export function generatePassphrase(groups = 5): string {
  const n = groups * 5;
  // Bytes below the largest multiple of the alphabet's size keep every
  // character equally likely.
  const limit = 256 - (256 % READABLE.length);
  const out: string[] = [];
  const buf = new Uint8Array(n * 2);
  while (out.length < n) {
    crypto.getRandomValues(buf);
    for (const b of buf) {
      if (b >= limit) continue;
      out.push(READABLE[b % READABLE.length]);
      if (out.length === n) break;
    }
  }
  return Array.from({ length: groups }, (_, i) => out.slice(i * 5, i * 5 + 5).join('')).join('-');
}
