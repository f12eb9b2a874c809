// Devices service (端末指定, SPEC section 4): device requests, 承認 / 却下.
import { call } from './call';
import type { Changed, DeviceList, DeviceListRequest, Page, UnrequestedRequest, User } from './types';

const S = 'Devices';

export const listDevices = (req: DeviceListRequest = {}) => call<DeviceList>(S, 'List', req);
export const approveDevices = (ids: string[]) => call<Changed>(S, 'Approve', { ids });
export const rejectDevices = (ids: string[]) => call<Changed>(S, 'Reject', { ids });
/** users with 端末指定 on who have not requested a device yet (未申請) */
export const listUnrequested = (req: UnrequestedRequest = {}) => call<Page<User>>(S, 'Unrequested', req);
