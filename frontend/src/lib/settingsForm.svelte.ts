// The form of one settings card (設定 and its sections, ダウンロードの設定).
// Its keys are Settings fields, so a refusal from Settings.Update names the
// field it goes on. It keeps the saved settings it started from, what the
// admin changed, the field errors and the save in flight; a save puts the
// answer in app.settings and starts the form again from it.

import { untrack } from 'svelte';
import { getSettings, updateSettings } from './api/settings';
import type { Settings, SettingsUpdate } from './api/types';
import { app } from './stores/app.svelte';
import { confirm } from './stores/confirm.svelte';
import { toast, toastError } from './stores/toasts.svelte';
import { applyServerError, withoutFieldError, type FieldErrors } from './forms';
import { t } from './i18n/index.svelte';

/** Fields are a form's values, by Settings field. */
export type Fields = { [K in keyof SettingsUpdate]?: unknown };

/** LinkFields are the defaults of new download links (LinkDefaults.svelte). */
export interface LinkFields extends Fields {
  linkExpiresInMinutes: number;
  linkMaxUses: number;
}

/** askDownloadsOff asks before the links' downloads are switched off (links handed out stop working). */
export function askDownloadsOff(): Promise<boolean> {
  return confirm({ title: t('dist.settings.offTitle'), body: t('dist.settings.offBody'), ok: t('dist.settings.offOk'), danger: true });
}

/** a value as compared: text without its outer spaces */
const norm = (v: unknown) => String(v).trim();

export class SettingsForm<F extends Fields> {
  private readonly of: (s: Settings | null) => F;
  private readonly skip?: (k: keyof F & string, form: F) => boolean;
  /** the saved settings the form started from (the same object as app.settings, not a copy) */
  base = $state.raw<Settings | null>(null);
  form = $state() as F;
  errors = $state<FieldErrors>({});
  busy = $state(false);
  /** the first load is over (it may have failed) */
  loaded = $state(false);

  /** the saved values */
  readonly saved = $derived.by(() => this.of(this.base));
  /** the fields whose value is not the saved one (text compared trimmed) */
  readonly changed = $derived(
    (Object.keys(this.form) as (keyof F & string)[]).filter(
      (k) => !this.skip?.(k, this.form) && norm(this.form[k]) !== norm(this.saved[k]),
    ),
  );
  readonly dirty = $derived(this.changed.length > 0);

  /**
   * of gives the form's values for saved settings (its defaults for null);
   * skip leaves a field out of the changes (one not in use).
   */
  constructor(of: (s: Settings | null) => F, skip?: (k: keyof F & string, form: F) => boolean) {
    this.of = of;
    this.skip = skip;
    this.base = app.settings;
    this.form = of(app.settings);
  }

  /** reset starts the form again from s. */
  reset(s: Settings) {
    this.base = s;
    this.form = this.of(s);
  }

  /** take makes s the saved settings; the form shows them unless the admin is editing it. */
  take(s: Settings | null) {
    if (!s || s === this.base) return;
    if (!this.dirty) this.form = this.of(s);
    this.base = s;
  }

  /** follow takes the settings changed elsewhere (the header's language switch); call it while the component is set up. */
  follow() {
    $effect(() => {
      const s = app.settings;
      untrack(() => this.take(s));
    });
  }

  /** load reads the settings (into app.settings too). */
  async load() {
    try {
      app.settings = await getSettings();
      // the store's object (a proxy of the answer): the one follow compares
      this.take(app.settings);
    } catch (e) {
      toastError(e);
    } finally {
      this.loaded = true;
    }
  }

  /** request is the update of keys (all the form's by default): text trimmed, numbers as numbers. */
  request(keys: (keyof F & string)[] = Object.keys(this.form) as (keyof F & string)[]): SettingsUpdate {
    const req: Record<string, unknown> = {};
    for (const k of keys) {
      const v = this.form[k];
      req[k] = typeof this.saved[k] === 'number' ? Number(v) : typeof v === 'string' ? v.trim() : v;
    }
    return req as SettingsUpdate;
  }

  /**
   * update saves req and toasts done (if any); the answer is then the saved settings
   * and the form's. A refusal shows on its field (else in a toast). send may
   * ask the admin first and give up with null.
   */
  async update(
    req: SettingsUpdate,
    done: string,
    send: (req: SettingsUpdate) => Promise<Settings | null> = updateSettings,
  ): Promise<Settings | null> {
    this.errors = {};
    this.busy = true;
    try {
      const s = await send(req);
      if (!s) return null;
      app.settings = s;
      this.reset(app.settings);
      if (done) toast(done);
      return app.settings;
    } catch (err) {
      applyServerError(err, (e) => (this.errors = e));
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** edit gives a field's onedit: its error goes as soon as the admin edits it. */
  edit(...keys: string[]) {
    return () => (this.errors = withoutFieldError(this.errors, ...keys));
  }
}
