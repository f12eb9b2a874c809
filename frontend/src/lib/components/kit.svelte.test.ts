// The kit's small parts on their own: Tabs, Segmented, FilterSelect,
// DateRange, the passphrase entry (PassphraseEntry + PassphraseInput) and the
// sealed write-only secret row (StoredSecretState).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import Tabs from './Tabs.svelte';
import Segmented from './list/Segmented.svelte';
import FilterSelect from './list/FilterSelect.svelte';
import DateRange from './list/DateRange.svelte';
import PassphraseInput, { PassphraseEntry } from './PassphraseInput.svelte';
import StoredSecretState from './StoredSecretState.svelte';
import { cleanup, click, render, type } from '../../test/dom';
import { setLanguage } from '../i18n/index.svelte';

beforeEach(() => setLanguage('ja'));
afterEach(cleanup);

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('Tabs', () => {
  it('links each view and marks the current one, with a count only when there is one', () => {
    const tabs = [
      { id: 'list', href: '#/x', icon: 'cert', label: '一覧', testid: 't-list' },
      { id: 'warn', href: '#/x/warn', icon: 'alert', label: '警告', testid: 't-warn', count: 3, countTestid: 't-warn-count' },
      { id: 'none', href: '#/x/none', icon: 'file', label: 'なし', testid: 't-none', count: 0, countTestid: 't-none-count' },
    ];
    const s = render(Tabs, { tabs, current: 'warn' });
    expect(s.target.querySelector('[role=tablist]')).not.toBeNull();
    expect(s.$$('t-list')[0].getAttribute('href')).toBe('#/x');
    expect(s.$('t-list')!.getAttribute('aria-selected')).toBe('false');
    expect(s.$('t-warn')!.getAttribute('aria-selected')).toBe('true');
    expect(text(s.$('t-warn-count'))).toBe('3');
    expect(s.$('t-none-count')).toBeNull();
  });
});

describe('Segmented', () => {
  it('is a radio group that reports the choice', () => {
    const onchange = vi.fn();
    const options = [
      { value: '', label: 'すべて' },
      { value: 'pending', label: '申請中', count: 2 },
    ];
    const s = render(Segmented, { options, value: '', onchange, name: 'seg', label: '状態', testid: 'seg' });
    expect(s.$('seg')!.getAttribute('role')).toBe('radiogroup');
    expect(s.$('seg')!.getAttribute('aria-label')).toBe('状態');
    expect(s.$('seg-all')!.querySelector('input')!.checked).toBe(true);
    expect(text(s.$('seg-pending'))).toBe('申請中 2');
    click(s.$('seg-pending')!.querySelector('input'));
    expect(onchange).toHaveBeenCalledWith('pending');
  });
});

describe('FilterSelect', () => {
  it('is a labelled select that reports the choice', () => {
    const onchange = vi.fn();
    const s = render(FilterSelect, {
      label: 'グループ',
      value: '',
      options: [
        { value: '', label: 'すべて' },
        { value: 'sales', label: '営業' },
      ],
      onchange,
      testid: 'fs',
    });
    const select = s.$<HTMLSelectElement>('fs')!;
    expect(text(select.closest('label')!.querySelector('span'))).toBe('グループ');
    select.value = 'sales';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(onchange).toHaveBeenCalledWith('sales');
  });
});

describe('DateRange', () => {
  it('shows both dates, names them, and marks them with the range error', () => {
    const props = $state({ from: '2026-04-01', to: '2026-03-01', errorId: undefined as string | undefined });
    const s = render(DateRange, {
      get from() {
        return props.from;
      },
      get to() {
        return props.to;
      },
      legend: '期間',
      labelFrom: '開始日',
      labelTo: '終了日',
      get errorId() {
        return props.errorId;
      },
      testid: 'dr',
    });
    const from = s.$<HTMLInputElement>('dr-from')!;
    const to = s.$<HTMLInputElement>('dr-to')!;
    expect([from.value, to.value]).toEqual(['2026-04-01', '2026-03-01']);
    expect([from.getAttribute('aria-label'), to.getAttribute('aria-label')]).toEqual(['開始日', '終了日']);
    expect(text(s.target.querySelector('legend'))).toBe('期間');
    expect(from.hasAttribute('aria-invalid')).toBe(false);
    props.errorId = 'dr-error';
    flushSync();
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(to.getAttribute('aria-describedby')).toBe('dr-error');
  });
});

describe('PassphraseEntry', () => {
  it('takes a typed passphrase only when long enough and typed twice the same', () => {
    const e = new PassphraseEntry(12);
    e.passphrase = 'short';
    e.again = 'short';
    expect(e.take()).toBeNull();
    expect(e.errors.passphrase).toContain('12');
    e.passphrase = 'correct horse battery';
    e.again = 'correct horse batterY';
    expect(e.take()).toBeNull();
    expect(e.errors).toEqual({ passphraseAgain: expect.any(String) });
    e.again = 'correct horse battery';
    expect(e.take()).toBe('correct horse battery');
    expect(e.errors).toEqual({});
  });

  it('takes a generated passphrase without a second entry, and forgets it for one typed', () => {
    const e = new PassphraseEntry(12);
    e.generate();
    expect([...e.generated].length).toBeGreaterThanOrEqual(12);
    expect(e.take()).toBe(e.generated);
    e.typeOwn();
    expect(e.generated).toBe('');
    expect(e.take()).toBeNull();
  });
});

describe('PassphraseInput', () => {
  it('offers two fields and 生成する; the generated one is shown with a copy button until the admin types their own', () => {
    const entry = new PassphraseEntry(12);
    const ongenerate = vi.fn();
    const s = render(PassphraseInput, { entry, prefix: 'pp', hint: '12文字以上', generatedLabel: '生成したパスフレーズ', generatedNote: '控えてください', ongenerate });
    const pass = s.target.querySelector<HTMLInputElement>('#pp-passphrase')!;
    expect(pass.type).toBe('password');
    expect(s.target.querySelector('#pp-passphrase-again')).not.toBeNull();
    type(pass, 'abc');
    click(s.$('pp-generate'));
    expect(ongenerate).toHaveBeenCalledOnce();
    expect(text(s.$('pp-generated-passphrase'))).toBe(entry.generated);
    expect(s.$('pp-copy')).not.toBeNull();
    expect(s.target.querySelector('#pp-passphrase')).toBeNull();
    click(s.$('pp-type-own'));
    expect(s.$('pp-generated')).toBeNull();
    expect(s.target.querySelector<HTMLInputElement>('#pp-passphrase')!.value).toBe('');
  });
});

describe('StoredSecretState', () => {
  function mountSecret(set: boolean) {
    const props = $state({ changing: false, value: '' });
    const onedit = vi.fn();
    const onremove = vi.fn();
    const s = render(StoredSecretState, {
      label: 'パスワード',
      set,
      setText: '設定済み',
      unsetText: '未設定',
      changeText: '変更する',
      keepText: '変更しない',
      newText: '新しいパスワード',
      get changing() {
        return props.changing;
      },
      set changing(v: boolean) {
        props.changing = v;
      },
      get value() {
        return props.value;
      },
      set value(v: string) {
        props.value = v;
      },
      id: 'sec',
      hint: '',
      onedit,
      removeText: '削除',
      onremove,
      testid: 'sec',
    });
    return { s, props, onedit, onremove };
  }

  it('without a stored secret: says so and shows the field for one', () => {
    const { s } = mountSecret(false);
    expect(text(s.$('sec-state'))).toBe('未設定');
    expect(s.$('sec-change')).toBeNull();
    expect(s.$('sec-remove')).toBeNull();
    expect(s.target.querySelector<HTMLInputElement>('#sec')!.type).toBe('password');
  });

  it('with one: keeps it until 変更する, which opens the field; 変更しない empties it again', () => {
    const { s, props, onedit, onremove } = mountSecret(true);
    expect(text(s.$('sec-state'))).toBe('設定済み');
    expect(s.target.querySelector('#sec')).toBeNull();
    click(s.$('sec-change'));
    expect(props.changing).toBe(true);
    type(s.target.querySelector('#sec'), 'new-secret');
    expect(props.value).toBe('new-secret');
    expect(text(s.$('sec-change'))).toBe('変更しない');
    click(s.$('sec-change'));
    expect(props).toEqual({ changing: false, value: '' });
    expect(onedit).toHaveBeenCalled();
    click(s.$('sec-remove'));
    expect(onremove).toHaveBeenCalledOnce();
  });
});
