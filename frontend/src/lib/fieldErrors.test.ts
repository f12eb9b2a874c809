import { describe, expect, it } from 'vitest';
import { withoutFieldError } from './fieldErrors';

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
