// Server field errors ({code, message, field} from an AppError) kept per form field.
// A field's server error is stale as soon as the admin edits that field: the Field
// component calls its onedit callback on input/change, and the dialog drops the error
// with withoutFieldError.

/** withoutFieldError returns errors without keys (the same object when none of them is set). */
export function withoutFieldError(errors: Record<string, string>, ...keys: string[]): Record<string, string> {
  if (!keys.some((k) => k in errors)) return errors;
  const next = { ...errors };
  for (const k of keys) delete next[k];
  return next;
}
