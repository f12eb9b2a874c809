// History service: the admin history (who did what, when).
import { call } from './call';
import type { HistoryPage } from './types';

/** listHistory pages through the admin history, newest first; targetType narrows it ("user", "settings", …). */
export const listHistory = (page = 1, pageSize = 20, targetType = '') =>
  call<HistoryPage>('History', 'List', targetType ? { page, pageSize, targetType } : { page, pageSize });
