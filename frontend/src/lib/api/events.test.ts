import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_DEVICE_REQUESTED, hasRuntime, onEvent } from './events';

afterEach(() => {
  delete window.runtime;
});

describe('onEvent', () => {
  it('does nothing without the Wails runtime (a browser)', () => {
    expect(hasRuntime()).toBe(false);
    const off = onEvent(EVENT_DEVICE_REQUESTED, () => {});
    expect(typeof off).toBe('function');
    off();
  });

  it('subscribes through the runtime and unsubscribes', () => {
    const off = vi.fn();
    let handler: ((...d: unknown[]) => void) | undefined;
    window.runtime = {
      EventsOnMultiple: vi.fn((name: string, cb: (...d: unknown[]) => void, max: number) => {
        expect(name).toBe('device:requested');
        expect(max).toBe(-1);
        handler = cb;
        return off;
      }),
    };
    const seen: unknown[] = [];
    const unsubscribe = onEvent('device:requested', (d) => seen.push(d));
    handler!({ userCode: '000123', deviceName: 'iPhone' });
    expect(seen).toEqual([{ userCode: '000123', deviceName: 'iPhone' }]);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });
});
