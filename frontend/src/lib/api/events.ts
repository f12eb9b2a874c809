// Events from Go (desktop window only). Wails delivers them through
// window.runtime; in a browser (serve mode) there is none and subscribing
// does nothing. The one place that touches the Wails runtime.
import { EventsOn } from '../wailsjs/runtime/runtime';

// window.runtime is declared in ../external.ts.
/** Event names the Go side emits (app/env.go). */
export const EVENT_DEVICE_REQUESTED = 'device:requested';
/** The window's console state changed (attached: the engine's event stream went down or came back). */
export const EVENT_CONSOLE_STATE = 'console:state';
/** The engine's data was replaced by a restored backup (System.Restore): every screen reloads. */
export const EVENT_DATA_RESTORED = 'data:restored';

/** hasRuntime reports whether the Wails runtime is there to deliver events. */
export function hasRuntime(): boolean {
  return typeof window !== 'undefined' && typeof window.runtime?.EventsOnMultiple === 'function';
}

/** onEvent subscribes to a Go event; returns the unsubscribe function (a no-op without the runtime). */
export function onEvent<T = unknown>(name: string, fn: (data: T) => void): () => void {
  if (!hasRuntime()) return () => {};
  const off = EventsOn(name, (data: T) => fn(data));
  return typeof off === 'function' ? off : () => {};
}
