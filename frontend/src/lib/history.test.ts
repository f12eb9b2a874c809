import { afterEach, describe, expect, it } from 'vitest';
import { catalogs, setLanguage } from './i18n/index.svelte';
import { HISTORY_TARGET_TYPES, actionLabel, actorLabel, detailLabel, targetLabel, targetTypeLabel, type HistoryRow } from './history';
import { HISTORY_ACTIONS as ACTIONS, HISTORY_TARGETS as TARGET_TYPES } from '../test/historyCodes';

const row = (r: Partial<HistoryRow>): HistoryRow => ({
  actor: 'desktop',
  action: '',
  targetType: '',
  target: '',
  detail: '',
  ...r,
});

afterEach(() => setLanguage('ja'));

describe('history labels', () => {
  it('has words for every action, target type and actor in both languages', () => {
    for (const lang of ['ja', 'en'] as const) {
      setLanguage(lang);
      for (const a of ACTIONS) {
        expect(catalogs[lang]['history.action.' + a], `${lang} ${a}`).toBeTruthy();
        expect(actionLabel(a), `${lang} ${a}`).not.toBe(a);
      }
      for (const type of TARGET_TYPES) expect(targetTypeLabel(type), `${lang} ${type}`).not.toBe(type);
      for (const actor of ['desktop', 'api', 'system']) expect(actorLabel(actor)).not.toBe(actor);
    }
  });

  it('offers every target type in the filter', () => {
    expect([...HISTORY_TARGET_TYPES].sort()).toEqual([...TARGET_TYPES].sort());
  });

  it('words the codes in Japanese', () => {
    expect(actionLabel('rule.update')).toBe('IP接続制限の変更');
    expect(actionLabel('device.approved')).toBe('端末の承認');
    expect(actionLabel('route.create')).toBe('ルートの追加');
    expect(actorLabel('self:t01')).toBe('本人（t01）');
    expect(detailLabel(row({ action: 'cert.revoke', detail: 'reissued' }))).toBe('再発行により失効');
    expect(detailLabel(row({ action: 'cert.revoke', detail: '端末の紛失' }))).toBe('端末の紛失');
    expect(detailLabel(row({ action: 'rule.create', detail: '192.0.2.0/24 enabled=on' }))).toBe('192.0.2.0/24（有効）');
    expect(detailLabel(row({ action: 'user.import', detail: 'created=2 updated=1' }))).toBe('登録 2件・更新 1件');
    expect(detailLabel(row({ action: 'user.suspend', detail: '3' }))).toBe('計3件');
    expect(detailLabel(row({ action: 'settings.update', detail: 'strictMode=true; smtpPasswordSealed=(sealed)' }))).toBe(
      '厳格モード: オン、メール送信 (SMTP) パスワード: 変更（内容は表示しません）',
    );
    expect(targetLabel(row({ action: 'settings.update', targetType: 'settings', target: 'strictMode, language' }))).toBe(
      '厳格モード、表示言語',
    );
    expect(detailLabel(row({ action: 'message.send_failed', detail: 'certificate : no address' }))).toBe(
      '証明書の案内: メールアドレスが登録されていません',
    );
  });

  it('words the codes in English', () => {
    setLanguage('en');
    expect(actionLabel('device.rejected')).toBe('Device rejected');
    expect(detailLabel(row({ action: 'cert.revoke', detail: 'reissued' }))).toBe('Replaced by a reissued certificate');
    expect(detailLabel(row({ action: 'rule.update', detail: '2001:db8::/32 enabled=off' }))).toBe('2001:db8::/32 (disabled)');
    expect(targetTypeLabel('rule')).toBe('IP rule');
  });
});
