// Access service: the gateway's access log (SPEC section 6).
import { call } from './call';
import type { AccessListRequest, AccessPage, FileResult } from './types';

const S = 'Access';

export const listAccess = (req: AccessListRequest = {}) => call<AccessPage>(S, 'List', req);
/** exportAccessCsv returns the matching entries (all pages, up to 100,000) as a UTF-8 CSV. */
export const exportAccessCsv = (req: AccessListRequest = {}) => call<FileResult>(S, 'ExportCSV', req);
