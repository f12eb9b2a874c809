// Console: how the desktop window reaches the engine. The window's own
// binding (never the admin API): in a browser there is no console.
import { call, isDesktop } from './call';
import type { ConsoleState } from './types';

/** consoleState waits until the window has attached to an engine or started its own; null outside the window or in a build without it. */
export async function consoleState(): Promise<ConsoleState | null> {
  if (!isDesktop() || typeof window.go?.app?.Console?.State !== 'function') return null;
  return call<ConsoleState>('Console', 'State', {});
}
