import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyServerError, withoutFieldError, type FieldErrors } from './forms';
import { AppError } from './api/call';
import { dismiss, toasts } from './stores/toasts.svelte';

describe('applyServerError', () => {
  afterEach(() => {
    for (const x of [...toasts]) dismiss(x.id);
    vi.restoreAllMocks();
  });

  function run(err: unknown, known?: readonly string[] | Record<string, string>, withForm = false) {
    for (const x of [...toasts]) dismiss(x.id);
    let errors: FieldErrors = {};
    let form = '';
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const key = applyServerError(err, (e) => (errors = e), known, withForm ? (m) => (form = m) : undefined);
    return { key, errors, form, toasted: toasts.map((x) => x.message) };
  }

  it('puts an error on the field it names', () => {
    expect(run(new AppError('conflict', 'taken', 'code'))).toEqual({ key: 'code', errors: { code: 'taken' }, form: '', toasted: [] });
  });
  it('maps the API field to the form key', () => {
    expect(run(new AppError('invalid', 'pick one', 'userIds'), { userIds: 'users' }).errors).toEqual({ users: 'pick one' });
  });
  it('shows a field the form does not have as the form error, or toasts it', () => {
    expect(run(new AppError('invalid', 'bad', 'other'), ['name'], true)).toEqual({ key: null, errors: {}, form: 'bad', toasted: [] });
    expect(run(new AppError('invalid', 'bad', 'other'), ['name']).toasted).toEqual(['bad']);
  });
  it('toasts failures that are not refusals, even with a form error', () => {
    const r = run(new AppError('internal', 'boom'), undefined, true);
    expect(r.form).toBe('');
    expect(r.toasted).toEqual(['boom']);
    expect(run(new Error('x'), undefined, true).toasted).toHaveLength(1);
  });
});

describe('withoutFieldError', () => {
  it('drops the edited field and keeps the others', () => {
    expect(withoutFieldError({ name: 'taken', notAfter: 'bad' }, 'name')).toEqual({ notAfter: 'bad' });
    expect(withoutFieldError({ name: 'taken', notAfter: 'bad' }, 'name', 'notAfter')).toEqual({});
  });
  it('returns the same object when there is nothing to clear (no needless re-render)', () => {
    const errors = { notBefore: 'x' };
    expect(withoutFieldError(errors, 'name')).toBe(errors);
  });
});
