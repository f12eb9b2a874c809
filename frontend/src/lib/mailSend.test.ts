import { describe, expect, it } from 'vitest';
import { retryOf, sendInBatches } from './mailSend';
import type { MessageItemInput, MessageSendResult } from './api/types';

const items: MessageItemInput[] = Array.from({ length: 7 }, (_, i) => ({ userId: String(i + 1) }));

describe('sendInBatches', () => {
  it('sends in batches and maps each failure back to its place in the list', async () => {
    const batches: string[][] = [];
    const progress: [number, number][] = [];
    const out = await sendInBatches(
      items,
      async (part): Promise<MessageSendResult> => {
        batches.push(part.map((p) => p.userId!));
        // the second item of every batch has no address
        if (part.length < 2) return { sent: part.length, failed: [] };
        return { sent: part.length - 1, failed: [{ index: 1, userId: part[1].userId!, code: '', name: '', email: '', message: 'no address' }] };
      },
      (done, total) => progress.push([done, total]),
      3,
    );
    expect(batches).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    expect(out.failed.map((f) => [f.index, f.userId, f.message])).toEqual([
      [1, '2', 'no address'],
      [4, '5', 'no address'],
    ]);
    expect(out.sent).toEqual([0, 2, 3, 5, 6]);
    expect(progress).toEqual([
      [0, 7],
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
  });

  it('throws when the first batch fails as a whole (nothing sent)', async () => {
    await expect(sendInBatches(items, () => Promise.reject(new Error('SMTP not set up')), () => {}, 3)).rejects.toThrow('SMTP not set up');
  });

  it('fails the items left when a later batch fails as a whole', async () => {
    let n = 0;
    const out = await sendInBatches(
      items,
      async (part) => {
        if (n++ > 0) throw new Error('server gone');
        return { sent: part.length, failed: [] };
      },
      () => {},
      3,
    );
    expect(out.sent).toEqual([0, 1, 2]);
    expect(out.failed.map((f) => [f.index, f.userId, f.message])).toEqual([
      [3, '4', 'server gone'],
      [4, '5', 'server gone'],
      [5, '6', 'server gone'],
      [6, '7', 'server gone'],
    ]);
  });
});

describe('retryOf', () => {
  it('returns the failed items in order, once each', () => {
    const f = (index: number) => ({ index, userId: '', code: '', name: '', email: '', message: '' });
    expect(retryOf(items, [f(5), f(1), f(5), f(99)])).toEqual({ items: [{ userId: '2' }, { userId: '6' }], positions: [1, 5] });
  });
});
