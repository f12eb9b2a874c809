// The form kit on its own: FormDialog (footer, busy, the form's error,
// 削除 only with a handler), FormState through it (a refusal on its field,
// dropped on edit), CountedInput and Toggle — composed as a dialog composes
// them (test/KitForm.svelte).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import KitForm from '../../test/KitForm.svelte';
import { AppError } from '../api/call';
import { cleanup, click, render, settle, type, waitFor } from '../../test/dom';
import { setLanguage } from '../i18n/index.svelte';

beforeEach(() => setLanguage('ja'));
afterEach(cleanup);

function open(save: (v: { name: string; enabled: boolean }) => Promise<unknown>, ondelete?: () => void) {
  const onclose = vi.fn();
  const screen = render(KitForm, { save, ondelete, onclose });
  return { screen, onclose };
}

const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('FormDialog', () => {
  it('has キャンセル and a submit that waits for a change; 削除 only with a handler', () => {
    const { screen, onclose } = open(async () => {});
    expect(screen.$('kit-delete')).toBeNull();
    const submit = screen.$<HTMLButtonElement>('kit-submit')!;
    expect(submit.disabled).toBe(true);
    expect(submit.getAttribute('form')).toBe('kit-form');
    click(screen.$('kit-enabled'));
    expect(submit.disabled).toBe(false);
    click(screen.$('kit-cancel'));
    expect(onclose).toHaveBeenCalledOnce();

    const ondelete = vi.fn();
    const other = open(async () => {}, ondelete);
    click(other.screen.$('kit-delete'));
    expect(ondelete).toHaveBeenCalledOnce();
  });

  it('is busy while saving: a spinner, every button off, Escape does not close', async () => {
    let finish = () => {};
    const save = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const { screen, onclose } = open(save);
    type(screen.$('kit-name'), '  営業部  ');
    click(screen.$('kit-submit'));
    expect(save).toHaveBeenCalledWith({ name: '営業部', enabled: false });
    const submit = screen.$<HTMLButtonElement>('kit-submit')!;
    expect(submit.disabled).toBe(true);
    expect(submit.querySelector('.spinner')).not.toBeNull();
    expect(screen.$<HTMLButtonElement>('kit-cancel')!.disabled).toBe(true);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onclose).not.toHaveBeenCalled();
    finish();
    await waitFor(() => !submit.disabled);
    expect(submit.querySelector('.spinner')).toBeNull();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onclose).toHaveBeenCalledOnce();
  });

  it('puts a refusal on the field it names, focused, until that field is edited', async () => {
    const { screen } = open(() => Promise.reject(new AppError('conflict', 'この名前は使われています。', 'name')));
    type(screen.$('kit-name'), '営業部');
    click(screen.$('kit-submit'));
    await settle();
    const input = screen.$<HTMLInputElement>('kit-name')!;
    expect(text(screen.target.querySelector('#kit-name-error'))).toBe('この名前は使われています。');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input);
    expect(screen.$('kit-form-error')).toBeNull();
    type(input, '営業二部');
    expect(screen.target.querySelector('#kit-name-error')).toBeNull();
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('shows a refusal that names no field above the form, and a check before sending on the field', async () => {
    const { screen } = open(() => Promise.reject(new AppError('invalid', '保存できませんでした。')));
    click(screen.$('kit-enabled'));
    click(screen.$('kit-submit'));
    flushSync();
    expect(text(screen.target.querySelector('#kit-name-error'))).toBe('名前を入力してください。');
    type(screen.$('kit-name'), 'x');
    click(screen.$('kit-submit'));
    await settle();
    const alert = screen.$('kit-form-error')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(text(alert)).toContain('保存できませんでした。');
  });
});

describe('CountedInput', () => {
  it('counts characters, not UTF-16 units, and stops at the maximum', () => {
    const { screen } = open(async () => {});
    const input = screen.$<HTMLInputElement>('kit-name')!;
    type(input, '𠮷野家');
    expect(text(screen.$('kit-name-count'))).toBe('3 / 50');
    expect(input.maxLength).toBe(50);
  });
});
