// Server errors on forms. An AppError {code, message, field} that names a
// field the form has is shown on that field (the Field component shows
// errors[key]); any other refusal is the form's own error (the alert above
// its buttons) or, for forms without one and for unexpected failures, a
// toast. A field's error is stale as soon as the admin edits the field: the
// Field component calls its onedit callback on input/change, and the form
// drops the error with withoutFieldError.

import { AppError } from './api/call';
import { toastError } from './stores/toasts.svelte';

/** FieldErrors are the messages shown under a form's fields, by field key. */
export type FieldErrors = Record<string, string>;

/**
 * applyServerError shows err on the form and returns the key of the field it
 * went on (null otherwise), so that the caller can focus that field.
 *
 * knownFields are the API fields the form shows: a list, or a map from the
 * API field to the form's key; when left out, every field is the form's.
 * setFormError shows a refusal that names no known field; without it, or for
 * a failure that is not a refusal (internal, network, a thrown Error), the
 * error is toasted.
 */
export function applyServerError(
  err: unknown,
  setErrors: ((errors: FieldErrors) => void) | null,
  knownFields?: readonly string[] | Readonly<Record<string, string>>,
  setFormError?: (message: string) => void,
): string | null {
  if (err instanceof AppError) {
    const key = err.field && setErrors ? fieldKey(err.field, knownFields) : null;
    if (key) {
      setErrors!({ [key]: err.message });
      return key;
    }
    if (setFormError && err.code !== 'internal' && err.code !== 'network' && err.code !== 'unauthorized') {
      setFormError(err.message);
      return null;
    }
  }
  toastError(err);
  return null;
}

function fieldKey(field: string, known: readonly string[] | Readonly<Record<string, string>> | undefined): string | null {
  if (!known) return field;
  if (Array.isArray(known)) return known.includes(field) ? field : null;
  return Object.hasOwn(known, field) ? (known as Record<string, string>)[field] : null;
}

/** withoutFieldError returns errors without keys (the same object when none of them is set). */
export function withoutFieldError(errors: FieldErrors, ...keys: string[]): FieldErrors {
  if (!keys.some((k) => k in errors)) return errors;
  const next = { ...errors };
  for (const k of keys) delete next[k];
  return next;
}
