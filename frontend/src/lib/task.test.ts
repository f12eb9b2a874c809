// Task: busy while an action runs, a failure as an error toast, and an action asked for first.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Task } from './task.svelte';
import * as toasts from './stores/toasts.svelte';
import { answer, confirmState } from './stores/confirm.svelte';

afterEach(() => vi.restoreAllMocks());

describe('Task', () => {
  it('is busy while the action runs and toasts a failure', async () => {
    const toast = vi.spyOn(toasts, 'toastError').mockImplementation(() => {});
    const task = new Task();
    let seen = false;
    expect(await task.run(async () => void (seen = task.busy))).toBe(true);
    expect({ seen, busy: task.busy }).toEqual({ seen: true, busy: false });
    expect(await task.run(() => Promise.reject(new Error('x')))).toBe(false);
    expect(toast).toHaveBeenCalledOnce();
    expect(task.busy).toBe(false);
  });

  it('runs a confirmed action only after a yes', async () => {
    const task = new Task();
    const action = vi.fn(() => Promise.resolve());
    const question = { title: 'q', body: 'b', ok: 'ok' };
    const no = task.confirmRun(question, action);
    expect(confirmState.pending?.title).toBe('q');
    answer(false);
    expect(await no).toBe(false);
    expect(action).not.toHaveBeenCalled();
    const yes = task.confirmRun(question, action);
    answer(true);
    expect(await yes).toBe(true);
    expect(action).toHaveBeenCalledOnce();
  });
});
