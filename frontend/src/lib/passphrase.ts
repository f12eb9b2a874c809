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
