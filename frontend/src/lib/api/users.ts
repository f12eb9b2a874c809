// Users service (SPEC section 2).
import { call } from './call';
import type {
  Changed,
  ExportRequest,
  ExportResult,
  Groups,
  ImportResult,
  Page,
  PasswordResult,
  RequireCertCheck,
  RequireCertCheckRequest,
  SetRequireCertMatchingRequest,
  SetRequireDeviceMatchingRequest,
  User,
  UserInput,
  UserListRequest,
  UserUpdate,
} from './types';

const S = 'Users';

export const listUsers = (req: UserListRequest = {}) => call<Page<User>>(S, 'List', req);
export const getUser = (id: string) => call<User>(S, 'Get', { id });
export const createUser = (req: UserInput) => call<User>(S, 'Create', req);
export const updateUser = (req: UserUpdate) => call<User>(S, 'Update', req);
export const deleteUsers = (ids: string[]) => call<Changed>(S, 'Delete', { ids });
export const setSuspended = (ids: string[], suspended: boolean) =>
  call<Changed>(S, 'SetSuspended', { ids, suspended });
export const setRequireCert = (ids: string[], enabled: boolean) =>
  call<Changed>(S, 'SetRequireCert', { ids, enabled });
/** setRequireCertMatching applies 認証を使う to every user matching the filter (条件に一致するN人すべてに適用). */
export const setRequireCertMatching = (req: SetRequireCertMatchingRequest) =>
  call<Changed>(S, 'SetRequireCertMatching', req);
/** requireCertCheck tells who would be locked out by turning 認証を使う on. */
export const requireCertCheck = (req: RequireCertCheckRequest) => call<RequireCertCheck>(S, 'RequireCertCheck', req);
export const setRequireDevice = (ids: string[], enabled: boolean) =>
  call<Changed>(S, 'SetRequireDevice', { ids, enabled });
/** setRequireDeviceMatching applies 端末指定 to every user matching the filter (一致するN件をすべて選択). */
export const setRequireDeviceMatching = (req: SetRequireDeviceMatchingRequest) =>
  call<Changed>(S, 'SetRequireDeviceMatching', req);
export const resetPassword = (id: string) => call<PasswordResult>(S, 'ResetPassword', { id });
export const listGroups = () => call<Groups>(S, 'Groups', {});
export const importCsv = (csvBase64: string, dryRun: boolean) =>
  call<ImportResult>(S, 'ImportCSV', { csvBase64, dryRun });
export const exportCsv = (req: ExportRequest) => call<ExportResult>(S, 'ExportCSV', req);

/** countActiveUsers returns the number of users that are not suspended (利用ユーザー数). */
export async function countActiveUsers(): Promise<number> {
  const page = await listUsers({ state: 'active', page: 1, pageSize: 10 });
  return page.total;
}
