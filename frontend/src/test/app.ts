// The whole app for the shell's tests (App.test, Welcome.test): kept apart
// from screens.ts so that a screen's test does not load every screen.
import App from '../App.svelte';
import { render, settle, type Screen } from './dom';
import { installFakeBackend, type FakeBackend } from './fakeBackend';

/**
 * startApp mounts the app (it brings its own confirm and toast hosts) and
 * lets it boot: on backend, when given, as the window's bindings, in Japanese
 * unless its settings name a language; else as in a browser (fetch).
 */
export async function startApp(backend?: FakeBackend): Promise<Screen> {
  if (backend) {
    backend.settings.language ||= 'ja';
    installFakeBackend(backend);
  }
  const s = render(App, {}, { hosts: false });
  await settle();
  return s;
}
