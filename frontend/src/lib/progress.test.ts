import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressRatio, runWithProgress } from './progress';
import type { JobProgress } from './api/types';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const p = (done: number, total = 10, known = true): JobProgress => ({ done, total, finished: done >= total, known });

describe('progressRatio', () => {
  it('is done/total within 0..1, 0 while unknown', () => {
    expect(progressRatio(p(5))).toBe(0.5);
    expect(progressRatio(p(12))).toBe(1);
    expect(progressRatio(p(3, 10, false))).toBe(0);
    expect(progressRatio({ done: 0, total: 0, finished: false, known: true })).toBe(0);
    expect(progressRatio(null)).toBe(0);
  });
});

describe('runWithProgress', () => {
  it('polls every interval while the call runs, then stops', async () => {
    let resolve!: (v: string) => void;
    const run = () => new Promise<string>((r) => (resolve = r));
    let n = 0;
    const poll = vi.fn(async () => p(++n));
    const seen: number[] = [];
    const result = runWithProgress(run, poll, (x) => seen.push(x.done), 300);

    await vi.advanceTimersByTimeAsync(299);
    expect(poll).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(poll).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(poll).toHaveBeenCalledTimes(3);
    expect(seen).toEqual([1, 2, 3]);

    resolve('ok');
    await expect(result).resolves.toBe('ok');
    await vi.advanceTimersByTimeAsync(3000);
    expect(poll).toHaveBeenCalledTimes(3);
  });

  it('rejects as the call does and stops polling', async () => {
    const poll = vi.fn(async () => p(1));
    let reject!: (e: unknown) => void;
    const result = runWithProgress(() => new Promise((_, r) => (reject = r)), poll, () => {}, 100);
    await vi.advanceTimersByTimeAsync(250);
    reject(new Error('cancelled'));
    await expect(result).rejects.toThrow('cancelled');
    const calls = poll.mock.calls.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(poll.mock.calls.length).toBe(calls);
  });

  it('keeps polling when one poll fails, and drops answers that come after the end', async () => {
    let resolve!: () => void;
    let late!: (v: JobProgress) => void;
    const poll = vi
      .fn<() => Promise<JobProgress>>()
      .mockRejectedValueOnce(new Error('busy'))
      .mockResolvedValueOnce(p(4))
      .mockImplementationOnce(() => new Promise((r) => (late = r)));
    const seen: number[] = [];
    const result = runWithProgress(() => new Promise<void>((r) => (resolve = r)), poll, (x) => seen.push(x.done), 100);
    await vi.advanceTimersByTimeAsync(300);
    expect(poll).toHaveBeenCalledTimes(3);
    resolve();
    await result;
    late(p(9));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([4]);
  });
});
