import { describe, expect, it } from 'vitest';
import { TAGS, TEMPLATE_FIELDS, TEMPLATE_TAGS, insertAt, renderPreview, tagText, unknownTags, usedTags } from './template';

describe('template tags', () => {
  it('has the kaonavi tags in Japanese and English form', () => {
    expect(TAGS.map((t) => t.ja)).toEqual([
      '【ログインID】',
      '【氏名】',
      '【証明書DL画面URL】',
      '【証明書パスワード】',
      '【有効期限】',
      '【リンク有効期限】',
      '【パスワード】',
      '【ログインURL】',
      '【パスワード再発行】',
    ]);
    expect(TAGS.map((t) => t.en)).toEqual([
      '{loginId}',
      '{name}',
      '{url}',
      '{password}',
      '{expiry}',
      '{linkExpiry}',
      '{signInPassword}',
      '{loginUrl}',
      '{passwordReset}',
    ]);
    expect(tagText('url', 'ja')).toBe('【証明書DL画面URL】');
    expect(tagText('url', 'en')).toBe('{url}');
  });

  it('inserts at the caret or over the selection', () => {
    expect(insertAt('abcdef', 3, 3, 'X')).toEqual({ text: 'abcXdef', caret: 4 });
    expect(insertAt('abcdef', 1, 4, '【氏名】')).toEqual({ text: 'a【氏名】ef', caret: 5 });
    expect(insertAt('ab', 99, 99, 'Z')).toEqual({ text: 'abZ', caret: 3 });
    expect(insertAt('ab', 2, 0, 'Z')).toEqual({ text: 'abZ', caret: 3 });
  });

  it('finds used tags in either form', () => {
    expect([...usedTags('【氏名】 様 {url} {password}')].sort()).toEqual(['name', 'password', 'url']);
    expect(usedTags('nothing').size).toBe(0);
  });

  it('reports tag-like pieces that are not tags, but not ordinary 【】 brackets', () => {
    expect(unknownTags('【関所】 {name} 【パスワード変更】 {foo} {foo}')).toEqual(['【パスワード変更】', '{foo}']);
    expect(unknownTags('【氏名】{loginId}')).toEqual([]);
  });

  it('fills a preview; unknown values keep the tag', () => {
    const text = '【氏名】 様\nID: {loginId}\nURL: 【証明書DL画面URL】\nPW: {password}';
    expect(renderPreview(text, { name: '山田 太郎', loginId: 'yamada', url: 'https://x/d/1' })).toBe(
      '山田 太郎 様\nID: yamada\nURL: https://x/d/1\nPW: {password}',
    );
  });
});

describe('template kinds', () => {
  it('the login guidance offers 【氏名】【ログインID】【パスワード】【ログインURL】【パスワード再発行】', () => {
    expect(TEMPLATE_TAGS.login.map((k) => tagText(k, 'ja'))).toEqual([
      '【氏名】',
      '【ログインID】',
      '【パスワード】',
      '【ログインURL】',
      '【パスワード再発行】',
    ]);
    expect(TEMPLATE_TAGS.certificate).toEqual(['loginId', 'name', 'url', 'password', 'expiry', 'linkExpiry', 'passwordReset']);
  });
  it('【有効期限】 (the certificate) and 【リンク有効期限】 (the link) are different tags; kaonavi’s 【パスワード再発行】 is one', () => {
    const text = '【有効期限】 / 【リンク有効期限】 / {linkExpiry} / 【パスワード再発行】';
    expect(unknownTags(text)).toEqual([]);
    expect([...usedTags(text)].sort()).toEqual(['expiry', 'linkExpiry', 'passwordReset']);
    expect(renderPreview(text, { expiry: '2026/12/31', linkExpiry: '2026/03/10 09:00', passwordReset: 'ask' })).toBe(
      '2026/12/31 / 2026/03/10 09:00 / 2026/03/10 09:00 / ask',
    );
  });
  it('each kind is stored in its own settings fields', () => {
    expect(TEMPLATE_FIELDS.certificate).toEqual({ subject: 'messageSubject', body: 'messageTemplate' });
    expect(TEMPLATE_FIELDS.login).toEqual({ subject: 'loginSubject', body: 'loginTemplate' });
  });
  it('login tags are known, previewed and counted as used', () => {
    const text = '【ログインURL】 {signInPassword} 【パスワード】';
    expect(unknownTags(text)).toEqual([]);
    expect([...usedTags(text)].sort()).toEqual(['loginUrl', 'signInPassword']);
    expect(renderPreview(text, { loginUrl: 'https://x/_sekisho/login', signInPassword: 'pw' })).toBe('https://x/_sekisho/login pw pw');
  });
});
