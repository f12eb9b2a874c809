// The state of a dialog's form (FormDialog): busy while an action runs, the
// server's errors by field (each shown by its Field, and dropped once the
// admin edits that field) and the form's own error (the alert above the
// fields). run() does the bookkeeping around one action.

import { applyServerError, withoutFieldError, type FieldErrors } from '../forms';
import { Task } from '../task.svelte';

export interface FormStateOptions {
  /** the form's field keys → their controls' ids: a server error on one of them shows there and focuses the control */
  ids?: Readonly<Record<string, string>>;
  /** the API's fields the form shows, when they are not the keys of ids (applyServerError's knownFields) */
  fields?: readonly string[] | Readonly<Record<string, string>>;
}

export class FormState extends Task {
  errors = $state<FieldErrors>({});
  formError = $state('');
  readonly #ids: Readonly<Record<string, string>>;
  readonly #fields: readonly string[] | Readonly<Record<string, string>> | undefined;

  constructor(opts: FormStateOptions = {}) {
    super();
    this.#ids = opts.ids ?? {};
    this.#fields = opts.fields ?? (opts.ids ? Object.keys(opts.ids) : undefined);
  }

  /** field gives a Field its error and onedit: editing it drops the error of key (and of the linked keys). */
  field(key: string, ...linked: string[]): { error: string; onedit: () => void } {
    return { error: this.errors[key] ?? '', onedit: () => this.edited(key, ...linked) };
  }

  edited(...keys: string[]): void {
    this.errors = withoutFieldError(this.errors, ...keys);
  }

  /** invalid shows errors found before sending (and no form error). */
  invalid(errors: FieldErrors): void {
    this.errors = errors;
    this.formError = '';
  }

  /** fail shows err on its field (focusing the control) or as the form's error, else as a toast. */
  fail(err: unknown): void {
    const key = applyServerError(err, (x) => (this.errors = x), this.#fields, (m) => (this.formError = m));
    const id = key ? this.#ids[key] : undefined;
    if (id) document.getElementById(id)?.focus();
  }

  /**
   * run clears the errors and runs action while busy; a failure goes to
   * onerror (default: fail). It tells whether the action succeeded.
   */
  override run(action: () => Promise<unknown>, onerror: (err: unknown) => void = (e) => this.fail(e)): Promise<boolean> {
    this.invalid({});
    return super.run(action, onerror);
  }
}

/** differs tells whether any of a form's values differs from the saved object's. */
export function differs<T extends object>(values: T, saved: NoInfer<T>): boolean {
  return (Object.keys(values) as (keyof T)[]).some((k) => values[k] !== saved[k]);
}

/** trimmed gives a form's values with the spaces around each text cut (what the form sends). */
export function trimmed<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;
}
