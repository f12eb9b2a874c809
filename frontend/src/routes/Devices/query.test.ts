import { describe, expect, it } from 'vitest';
import { actionable, checkDeviceRanges, deviceAdvancedCount, emptyDeviceFilter, isDeviceFiltered } from './query';
import { parseStatus, toDeviceRequest, toUnrequestedRequest, userIdsOf } from './query';
import type { Device } from '../../lib/api/types';

const dev = (id: string, userId: string, status: Device['status']): Device => ({
  id,
  userId,
  userCode: 'u' + userId,
  userName: '',
  os: 'Android',
  deviceName: 'SCV46',
  phone: '',
  status,
  designated: true,
  requestedAt: '',
  processedAt: '',
});

describe('toDeviceRequest', () => {
  it('maps the 詳細検索 to Devices.List', () => {
    expect(toDeviceRequest(emptyDeviceFilter(), 1, 20)).toEqual({ page: 1, pageSize: 20 });
    expect(
      toDeviceRequest(
        {
          status: 'pending',
          query: '',
          os: 'Android',
          deviceName: ' SCV ',
          designation: 'on',
          requestedFrom: '2026-01-01',
          requestedTo: '2026-01-31',
          processedFrom: '2026-02-01',
          processedTo: '2026-02-28',
        },
        3,
        50,
      ),
    ).toEqual({
      status: 'pending',
      os: 'Android',
      deviceName: 'SCV',
      designation: 'on',
      requestedFrom: '2026-01-01',
      requestedTo: '2026-01-31',
      processedFrom: '2026-02-01',
      processedTo: '2026-02-28',
      page: 3,
      pageSize: 50,
    });
    expect(toDeviceRequest(emptyDeviceFilter(), -1, 7)).toEqual({ page: 1, pageSize: 20 });
  });

  it('counts criteria and reads the status from the URL', () => {
    expect(isDeviceFiltered(emptyDeviceFilter())).toBe(false);
    expect(isDeviceFiltered({ ...emptyDeviceFilter(), status: 'pending' })).toBe(true);
    expect(deviceAdvancedCount({ ...emptyDeviceFilter(), status: 'pending', os: 'iOS', designation: 'off' })).toBe(2);
    expect(parseStatus('pending')).toBe('pending');
    expect(parseStatus('nope')).toBe('');
  });

  it('checks both date ranges', () => {
    expect(checkDeviceRanges(emptyDeviceFilter())).toBeNull();
    expect(checkDeviceRanges({ ...emptyDeviceFilter(), requestedFrom: '2026-02-01', requestedTo: '2026-01-01' })).toEqual({
      range: 'requested',
      problem: 'order',
    });
    expect(checkDeviceRanges({ ...emptyDeviceFilter(), processedTo: '2026-13-01' })).toEqual({ range: 'processed', problem: 'toInvalid' });
  });
});

describe('bulk targets', () => {
  const items = [dev('1', '10', 'pending'), dev('2', '10', 'approved'), dev('3', '11', 'rejected'), dev('4', '12', 'pending')];
  const sel = new Set(['1', '2', '3']);
  it('lists each user of the checked rows once', () => {
    expect(userIdsOf(items, sel)).toEqual(['10', '11']);
  });
  it('skips rows already in the target state', () => {
    expect(actionable(items, sel, 'approve').map((d) => d.id)).toEqual(['1', '3']);
    expect(actionable(items, sel, 'reject').map((d) => d.id)).toEqual(['1', '2']);
  });
});

describe('quick search (query)', () => {
  it('is sent trimmed to Devices.List and is not a 詳細検索 criterion', () => {
    const f = { ...emptyDeviceFilter(), query: '  yamada ' };
    expect(toDeviceRequest(f, 1, 20)).toEqual({ query: 'yamada', page: 1, pageSize: 20 });
    expect(deviceAdvancedCount(f)).toBe(0);
    expect(toDeviceRequest({ ...emptyDeviceFilter(), query: '   ' }, 1, 20)).toEqual({ page: 1, pageSize: 20 });
  });
});

describe('toUnrequestedRequest', () => {
  it('sends the query only when there is one, and a sane page', () => {
    expect(toUnrequestedRequest('', 1, 20)).toEqual({ page: 1, pageSize: 20 });
    expect(toUnrequestedRequest(' E001 ', 2, 50)).toEqual({ query: 'E001', page: 2, pageSize: 50 });
    expect(toUnrequestedRequest('x', 0, 7)).toEqual({ query: 'x', page: 1, pageSize: 20 });
  });
});
