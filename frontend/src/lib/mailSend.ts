// メールで送信: Messages.Send in batches (one SMTP connection each, and
// progress between them), and the retry of the failed recipients.

import type { MessageFailure, MessageItemInput, MessageSendResult } from './api/types';

/** SEND_BATCH is how many messages one Messages.Send carries (the server takes up to 1,000). */
export const SEND_BATCH = 50;

/** What a send did, by the position of each item in the list that was sent. */
export interface SendOutcome {
  /** positions of the items the SMTP server accepted */
  sent: number[];
  /** the others, with index = the position in the list that was sent */
  failed: MessageFailure[];
}

/**
 * sendInBatches sends items in batches of `batch`. A batch whose call
 * fails (SMTP not set up, the server unreachable) ends the send: when
 * nothing was sent yet the error is thrown (nothing to report per item);
 * otherwise the items left fail with its message, so that they can be
 * retried.
 */
export async function sendInBatches(
  items: MessageItemInput[],
  send: (items: MessageItemInput[]) => Promise<MessageSendResult>,
  onProgress: (done: number, total: number) => void = () => {},
  batch = SEND_BATCH,
  messageOf: (e: unknown) => string = (e) => (e instanceof Error ? e.message : String(e)),
): Promise<SendOutcome> {
  const out: SendOutcome = { sent: [], failed: [] };
  onProgress(0, items.length);
  for (let start = 0; start < items.length; start += batch) {
    const part = items.slice(start, start + batch);
    let res: MessageSendResult;
    try {
      res = await send(part);
    } catch (e) {
      if (start === 0) throw e;
      const message = messageOf(e);
      for (let i = start; i < items.length; i++) {
        out.failed.push({ index: i, userId: items[i].userId ?? '', code: '', name: '', email: '', message });
      }
      break;
    }
    const failedHere = new Set<number>();
    for (const f of res.failed ?? []) {
      failedHere.add(f.index);
      out.failed.push({ ...f, index: start + f.index });
    }
    part.forEach((_, i) => {
      if (!failedHere.has(i)) out.sent.push(start + i);
    });
    onProgress(Math.min(start + part.length, items.length), items.length);
  }
  return out;
}

/** retryOf returns the items that failed, in order, and their positions in items. */
export function retryOf(items: MessageItemInput[], failed: MessageFailure[]): { items: MessageItemInput[]; positions: number[] } {
  const positions = [...new Set(failed.map((f) => f.index))].filter((i) => i >= 0 && i < items.length).sort((a, b) => a - b);
  return { items: positions.map((i) => items[i]), positions };
}
