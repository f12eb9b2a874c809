import { describe, expect, it } from 'vitest';
import ja from './ja.json';
import en from './en.json';
import { catalogs, detectLanguage, format, i18n, languageFor, setLanguage, t } from './index.svelte';
import { HISTORY_ACTIONS } from '../../test/historyCodes';
import { sources } from '../../test/sources';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('ja and en have the same keys', () => {
    const jaKeys = Object.keys(ja).sort();
    const enKeys = Object.keys(en).sort();
    const onlyJa = jaKeys.filter((k) => !(k in en));
    const onlyEn = enKeys.filter((k) => !(k in ja));
    expect({ onlyJa, onlyEn }).toEqual({ onlyJa: [], onlyEn: [] });
  });

  it('every message is a non-empty string with the same placeholders in both languages', () => {
    for (const [key, jaText] of Object.entries(catalogs.ja)) {
      const enText = catalogs.en[key];
      expect(typeof jaText, key).toBe('string');
      expect(jaText.trim(), key).not.toBe('');
      expect(enText.trim(), key).not.toBe('');
      expect(placeholders(enText), key).toEqual(placeholders(jaText));
    }
  });

  it('calls the certificate file’s secret 証明書のパスワード; パスフレーズ is only the backup’s and the CA export’s', () => {
    // The keys about the backup, the CA export and the restore (their own
    // passphrases, typed by the admin) may say パスフレーズ; nothing else may.
    const passphraseKeys = /^(backup\.|caExport\.|welcome\.restore\.|secret\.what\.passphrase$)/;
    const jaWrong = Object.entries(ja).filter(([k, v]) => !passphraseKeys.test(k) && v.includes('パスフレーズ'));
    const enWrong = Object.entries(en).filter(([k, v]) => !passphraseKeys.test(k) && /passphrase/i.test(v));
    expect({ jaWrong, enWrong }).toEqual({ jaWrong: [], enWrong: [] });
    expect(ja['certs.passphrase.label']).toBe('証明書のパスワード');
    expect(en['certs.passphrase.label']).toBe('Certificate password');
  });

  it('every literal key used in the source exists', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const [path, text] of Object.entries(sources)) {
      if (path.endsWith('.test.ts') || path.includes('/wailsjs/')) continue;
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'\s*[,)]/g)) {
        checked++;
        if (!(m[1] in catalogs.ja)) missing.push(`${path}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it('translates the navigation with the seeds vocabulary', () => {
    setLanguage('ja');
    expect(t('nav.users')).toBe('ユーザー');
    expect(t('nav.ipRules')).toBe('IP接続制限');
    expect(t('users.advanced.stateSuspended')).toBe('利用停止のみ');
    expect(t('users.advanced.clear')).toBe('条件をクリア');
  });

  it('has a label for each history action code', () => {
    for (const code of [...HISTORY_ACTIONS, 'user.require_cert', 'user.require_device']) {
      expect(catalogs.ja['history.action.' + code], code).toBeTruthy();
    }
  });
});

describe('t and format', () => {
  it('fills placeholders and keeps unknown ones', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(format('plain')).toBe('plain');
  });

  it('switches with the language and falls back to the key', () => {
    setLanguage('en');
    expect(i18n.lang).toBe('en');
    expect(t('common.count', { n: 3 })).toBe('3 items');
    setLanguage('ja');
    expect(t('common.count', { n: 3 })).toBe('3件');
    expect(t('no.such.key')).toBe('no.such.key');
    expect(document.documentElement.lang).toBe('ja');
  });
});

describe('detectLanguage', () => {
  it('prefers the saved setting', () => {
    expect(detectLanguage('en', 'ja-JP')).toBe('en');
    expect(detectLanguage('ja', 'en-US')).toBe('ja');
  });
  it('falls back to the OS language: ja* → ja, anything else → en', () => {
    expect(detectLanguage('', 'ja-JP')).toBe('ja');
    expect(detectLanguage('', 'ja')).toBe('ja');
    expect(detectLanguage(null, 'en-GB')).toBe('en');
    expect(detectLanguage(undefined, 'fr')).toBe('en');
    expect(detectLanguage('', '')).toBe('en');
  });
  it('uses a ja/en fallback (the OS locale from the server) before navigator.language', () => {
    expect(detectLanguage('', 'en-US', 'ja')).toBe('ja');
    expect(detectLanguage('', 'ja-JP', 'en')).toBe('en');
    expect(detectLanguage('en', 'ja-JP', 'ja')).toBe('en');
    expect(detectLanguage('', 'ja-JP', '')).toBe('ja');
  });
});

describe('languageFor', () => {
  it('desktop window: an empty setting follows effectiveLanguage, not WebKit navigator.language', () => {
    expect(languageFor({ language: '', effectiveLanguage: 'ja' }, true, 'en-US')).toBe('ja');
    expect(languageFor({ language: '', effectiveLanguage: 'en' }, true, 'ja-JP')).toBe('en');
    expect(languageFor({ language: '' }, true, 'ja-JP')).toBe('ja');
  });
  it('serve mode: an empty setting follows the browser locale', () => {
    expect(languageFor({ language: '', effectiveLanguage: 'ja' }, false, 'en-US')).toBe('en');
    expect(languageFor({ language: '', effectiveLanguage: 'en' }, false, 'ja-JP')).toBe('ja');
  });
  it('a saved setting wins everywhere', () => {
    expect(languageFor({ language: 'en', effectiveLanguage: 'ja' }, true, 'ja-JP')).toBe('en');
    expect(languageFor({ language: 'ja', effectiveLanguage: 'en' }, false, 'en-US')).toBe('ja');
  });
});
