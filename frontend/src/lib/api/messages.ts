// Messages service (kaonavi 通知): the server fills the template's tags.
import { call } from './call';
import type { FileResult, MessagesRequest, RenderedMessage } from './types';

const S = 'Messages';

export const renderMessages = (req: MessagesRequest) => call<{ items: RenderedMessage[] }>(S, 'Render', req);
export const exportMessagesCsv = (req: MessagesRequest) => call<FileResult>(S, 'ExportCSV', req);
