// Application-wide state: the session (serve-mode token), settings and system info.
import { getSettings, updateSettings } from '../api/settings';
import { systemInfo } from '../api/system';
import { AppError, isDesktop, onUnauthorized, setAttached } from '../api/call';
import { consoleState } from '../api/console';
import { getToken, takeTokenFromLocation } from '../api/token';
import { detectLanguage, languageFor, setLanguage } from '../i18n/index.svelte';
import type { ConsoleState, Language, Settings, SystemInfo } from '../api/types';
import { toastError } from './toasts.svelte';

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

/** load fetches settings and system info; a 401 sends the app to the token prompt. */
export async function load(): Promise<boolean> {
  try {
    const settings = await getSettings();
    app.settings = settings;
    setLanguage(languageFor(settings, app.desktop));
    app.tokenRejected = false;
    app.phase = 'ready';
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
    toastError(e);
  }
  return true;
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
