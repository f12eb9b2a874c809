// Application-wide state: the session (serve-mode token), settings and system info.
import { getSettings, updateSettings } from '../api/settings';
import { systemInfo } from '../api/system';
import { AppError, isDesktop, onUnauthorized, setAttached } from '../api/call';
import { consoleState } from '../api/console';
import { getToken, takeTokenFromLocation } from '../api/token';
import { detectLanguage, languageFor, setLanguage } from '../i18n/index.svelte';
import type { ConsoleState, Language, RestoreResult, Settings, SystemInfo } from '../api/types';
import { toastError } from './toasts.svelte';
import { loadDashboard } from './dashboard.svelte';

export const app = $state({
  /** phase: starting → (token) → ready */
  phase: 'starting' as 'starting' | 'token' | 'ready' | 'failed',
  desktop: false,
  settings: null as Settings | null,
  info: null as SystemInfo | null,
  /** the desktop window: portable (runs the engine) or attached to the service's; null in a browser */
  console: null as ConsoleState | null,
  bootError: '',
  /** the server refused the token we sent (401): the token form says so */
  tokenRejected: false,
  /** a restore just done on the first screen (Welcome): its result stays shown until ホームへ */
  restored: null as RestoreResult | null,
  /** goes up when the engine's data was replaced wholesale (a restore): the open screen mounts again */
  dataVersion: 0,
});

/** boot reads the token from the URL (browser) or how the window reaches the engine (desktop), then loads settings and system info. */
export async function boot(): Promise<void> {
  app.desktop = isDesktop();
  setLanguage(detectLanguage(null));
  if (app.desktop) {
    // Waits while the window finds the service's engine or starts its own.
    try {
      app.console = await consoleState();
    } catch (e) {
      app.bootError = e instanceof Error ? e.message : String(e);
      app.phase = 'failed';
      return;
    }
    setAttached(app.console?.mode === 'attached');
  }
  if (!app.desktop) {
    takeTokenFromLocation();
    onUnauthorized(() => {
      app.tokenRejected = true;
      app.phase = 'token';
    });
    // A link with #token=… pasted into an open tab only changes the hash.
    window.addEventListener('hashchange', () => {
      if (takeTokenFromLocation()) void load();
    });
    if (!getToken()) {
      app.phase = 'token';
      return;
    }
  }
  await load();
}

/**
 * load fetches settings and system info; a 401 sends the app to the token
 * prompt. The system info comes before the shell shows, so a new engine
 * (info.fresh) opens on the first screen rather than a glimpse of Home.
 */
export async function load(): Promise<boolean> {
  let settings: Settings;
  try {
    settings = await getSettings();
  } catch (e) {
    if (e instanceof AppError && e.code === 'unauthorized') {
      app.phase = 'token';
      return false;
    }
    app.bootError = e instanceof Error ? e.message : String(e);
    app.phase = 'failed';
    return false;
  }
  try {
    app.info = await systemInfo();
  } catch (e) {
    if (e instanceof AppError && e.code === 'unauthorized') {
      app.phase = 'token';
      return false;
    }
    toastError(e);
  }
  app.settings = settings;
  setLanguage(languageFor(settings, app.desktop));
  app.tokenRejected = false;
  app.phase = 'ready';
  return true;
}

/**
 * reloadData re-reads what the app keeps (settings, system info, the
 * dashboard behind the badges) after the engine's data changed wholesale —
 * a restore, or starting afresh — and mounts the open screen again.
 */
export async function reloadData(): Promise<void> {
  await load();
  await loadDashboard();
  app.dataVersion++;
}

/** chooseLanguage switches the UI language now and saves it in the settings. */
export async function chooseLanguage(lang: Language): Promise<void> {
  setLanguage(lang);
  try {
    app.settings = await updateSettings({ language: lang });
  } catch (e) {
    toastError(e);
  }
}

/**
 * caFingerprintNow reads the fingerprint of the CA in use from System.Info
 * and keeps app.info's copy current. A new download link shows it beside
 * the QR code for comparing with the phone's download page (served over
 * plain HTTP, where someone on the LAN could substitute a file), so it is
 * read fresh rather than trusted from start-up: another window may have
 * changed the CA since. When it cannot be read, what app.info knew.
 */
export async function caFingerprintNow(): Promise<string> {
  try {
    const info = await systemInfo();
    if (app.info) {
      app.info.caFingerprint = info.caFingerprint;
      app.info.caThumbprint = info.caThumbprint;
    }
    return info.caFingerprint;
  } catch {
    return app.info?.caFingerprint ?? '';
  }
}
