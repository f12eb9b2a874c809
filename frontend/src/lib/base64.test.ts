import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, fileToBase64 } from './base64';

describe('base64', () => {
  it('round-trips arbitrary bytes', () => {
    const bytes = new Uint8Array(256);
    for (let i = 0; i < 256; i++) bytes[i] = i;
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });

  it('encodes like the standard alphabet with padding', () => {
    expect(bytesToBase64(new Uint8Array([]))).toBe('');
    expect(bytesToBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect(bytesToBase64(new TextEncoder().encode('Ma'))).toBe('TWE=');
    expect(bytesToBase64(new Uint8Array([0xef, 0xbb, 0xbf]))).toBe('77u/'); // UTF-8 BOM
  });

  it('handles inputs larger than one chunk', () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big);
  });

  it('ignores white space when decoding', () => {
    expect(base64ToBytes('TW\nFu')).toEqual(new TextEncoder().encode('Man'));
  });

  it('reads a file as raw bytes without decoding text (Shift_JIS stays Shift_JIS)', async () => {
    // "ユーザー" in Shift_JIS
    const sjis = new Uint8Array([0x83, 0x86, 0x81, 0x5b, 0x83, 0x55, 0x81, 0x5b]);
    const file = new Blob([sjis]);
    const b64 = await fileToBase64(file);
    expect(base64ToBytes(b64)).toEqual(sjis);
  });
});
