// Messages service (kaonavi 通知): the server fills the template's tags.
import { call } from './call';
import type { FileResult, MessageSendResult, MessagesRequest, RenderedMessage } from './types';

const S = 'Messages';

export const renderMessages = (req: MessagesRequest) => call<{ items: RenderedMessage[] }>(S, 'Render', req);
export const exportMessagesCsv = (req: MessagesRequest) => call<FileResult>(S, 'ExportCSV', req);
/** sendMessages mails each item's filled message by SMTP (Settings → メール送信); failures come back per item. */
export const sendMessages = (req: MessagesRequest) => call<MessageSendResult>(S, 'Send', req);
/** sendTestMessage sends a short test message with the saved SMTP settings. */
export const sendTestMessage = (to: string) => call<Record<string, never>>(S, 'SendTest', { to });
