// FormState: the bookkeeping of a dialog's form around an action.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FormState, differs, trimmed } from './formState.svelte';
import { AppError } from '../api/call';
import * as toasts from '../stores/toasts.svelte';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('FormState', () => {
  it('is busy while the action runs and clears the last errors first', async () => {
    const form = new FormState();
    form.invalid({ name: 'old' });
    form.formError = 'old';
    let seen: boolean | null = null;
    const ok = await form.run(async () => {
      seen = form.busy;
    });
    expect({ ok, seen, busy: form.busy, errors: form.errors, formError: form.formError }).toEqual({
      ok: true,
      seen: true,
      busy: false,
      errors: {},
      formError: '',
    });
  });

  it('shows a refusal on its field and focuses the control, else as the form’s error', async () => {
    document.body.innerHTML = '<input id="x-name">';
    const form = new FormState({ ids: { name: 'x-name' } });
    expect(await form.run(() => Promise.reject(new AppError('conflict', '使われています', 'name')))).toBe(false);
    expect(form.field('name').error).toBe('使われています');
    expect(document.activeElement?.id).toBe('x-name');

    await form.run(() => Promise.reject(new AppError('invalid', 'だめです', 'other')));
    expect(form.errors).toEqual({});
    expect(form.formError).toBe('だめです');
  });

  it('drops a field’s error (and the linked ones) when the field is edited', () => {
    const form = new FormState();
    form.invalid({ notBefore: 'a', notAfter: 'b', name: 'c' });
    form.field('notBefore', 'notAfter').onedit();
    expect(form.errors).toEqual({ name: 'c' });
  });

  it('hands a failure to onerror when given', async () => {
    const toast = vi.spyOn(toasts, 'toastError').mockImplementation(() => {});
    const form = new FormState();
    const onerror = vi.fn();
    await form.run(() => Promise.reject(new AppError('invalid', 'x')), onerror);
    expect(onerror).toHaveBeenCalledOnce();
    expect(form.formError).toBe('');
    expect(toast).not.toHaveBeenCalled();
  });
});

describe('differs, trimmed', () => {
  it('compares the form’s keys only and trims the texts', () => {
    expect(differs({ name: 'a' }, { name: 'a', id: '1' } as { name: string })).toBe(false);
    expect(differs({ name: 'a ' }, { name: 'a' })).toBe(true);
    expect(trimmed({ name: ' a ', on: true })).toEqual({ name: 'a', on: true });
  });
});
