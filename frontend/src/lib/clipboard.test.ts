import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './clipboard';
import { passphraseChars } from './passphrase';

afterEach(() => {
  delete window.runtime;
  vi.unstubAllGlobals();
});

describe('copyText', () => {
  it('uses the Wails runtime clipboard in the desktop window', async () => {
    const set = vi.fn(async () => true);
    window.runtime = { ClipboardSetText: set };
    const write = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText: write } });
    expect(await copyText('pass-word')).toBe(true);
    expect(set).toHaveBeenCalledWith('pass-word');
    expect(write).not.toHaveBeenCalled();
  });

  it('falls back to navigator.clipboard when the runtime fails', async () => {
    window.runtime = { ClipboardSetText: vi.fn(async () => false) };
    const write = vi.fn(async () => {});
    vi.stubGlobal('navigator', { clipboard: { writeText: write } });
    expect(await copyText('x')).toBe(true);
    expect(write).toHaveBeenCalledWith('x');
  });

  it('uses navigator.clipboard in a browser, then execCommand, then gives up', async () => {
    const write = vi.fn(async () => {
      throw new Error('not allowed');
    });
    vi.stubGlobal('navigator', { clipboard: { writeText: write } });
    const exec = vi.fn(() => true);
    (document as unknown as { execCommand: unknown }).execCommand = exec;
    expect(await copyText('y')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    (document as unknown as { execCommand: unknown }).execCommand = vi.fn(() => false);
    expect(await copyText('z')).toBe(false);
  });
});

describe('passphraseChars', () => {
  it('classes each character for display', () => {
    expect(passphraseChars('aB3-x').map((c) => c.cls)).toEqual(['lower', 'upper', 'digit', 'sep', 'lower']);
    expect(passphraseChars('aB3-x').map((c) => c.c).join('')).toBe('aB3-x');
  });
});
