import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../lib/api/call';
import { guardedChange, isPrivateAddress, previewRequest, sortCutOff, suggestedPrefix } from './lockout';

const cut = [
  { address: '192.168.1.31', kind: 'client' },
  { address: '192.168.1.20', kind: 'self' },
];

describe('guardedChange', () => {
  it('sends without confirm when the preview cuts nobody off', async () => {
    const ask = vi.fn();
    const send = vi.fn().mockResolvedValue('saved');
    const res = await guardedChange({ preview: async () => ({ cutOff: [], enforcingAfter: true }), ask, send });
    expect(res).toEqual({ done: true, value: 'saved' });
    expect(ask).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith(false);
  });

  it('asks about the cut-off addresses and sends with confirm only when accepted', async () => {
    const send = vi.fn().mockResolvedValue('saved');
    const ask = vi.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const steps = { preview: async () => ({ cutOff: cut, enforcingAfter: true }), ask, send };
    expect(await guardedChange(steps)).toEqual({ done: false });
    expect(send).not.toHaveBeenCalled();
    expect(await guardedChange(steps)).toEqual({ done: true, value: 'saved' });
    expect(ask).toHaveBeenLastCalledWith(cut);
    expect(send).toHaveBeenCalledWith(true);
  });

  it('asks the plain question only when nobody is cut off', async () => {
    const plain = vi.fn().mockResolvedValue(false);
    const send = vi.fn();
    expect(await guardedChange({ preview: async () => ({ cutOff: [], enforcingAfter: false }), ask: vi.fn(), send, plain })).toEqual({
      done: false,
    });
    expect(send).not.toHaveBeenCalled();
    const ask = vi.fn().mockResolvedValue(true);
    await guardedChange({ preview: async () => ({ cutOff: cut, enforcingAfter: false }), ask, send, plain });
    expect(plain).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(true);
  });

  it('asks again when the server still answers 409 "confirm" (someone connected meanwhile)', async () => {
    const preview = vi
      .fn()
      .mockResolvedValueOnce({ cutOff: [], enforcingAfter: true })
      .mockResolvedValueOnce({ cutOff: [cut[0]], enforcingAfter: true });
    const send = vi
      .fn()
      .mockRejectedValueOnce(new AppError('confirm', '次のアドレスから接続できなくなります: 192.168.1.31'))
      .mockResolvedValueOnce('saved');
    const ask = vi.fn().mockResolvedValue(true);
    expect(await guardedChange({ preview, ask, send })).toEqual({ done: true, value: 'saved' });
    expect(ask).toHaveBeenCalledWith([cut[0]], '次のアドレスから接続できなくなります: 192.168.1.31');
    expect(send.mock.calls).toEqual([[false], [true]]);
  });

  it('passes other errors through (field errors are shown at the field)', async () => {
    const err = new AppError('invalid', 'プレフィックス長 /33 は使えません', 'address');
    await expect(
      guardedChange({
        preview: () => Promise.reject(err),
        ask: vi.fn(),
        send: vi.fn(),
      }),
    ).rejects.toBe(err);
  });
});

describe('previewRequest', () => {
  it('describes create, update and delete as IPRules.Preview wants them', () => {
    expect(previewRequest({ kind: 'create', address: ' 192.0.2.0/24 ', enabled: true })).toEqual({ address: '192.0.2.0/24', enabled: true });
    expect(previewRequest({ kind: 'update', id: '3', address: '10.0.0.0/8', enabled: false })).toEqual({
      id: '3',
      address: '10.0.0.0/8',
      enabled: false,
    });
    expect(previewRequest({ kind: 'delete', id: '3' })).toEqual({ id: '3', enabled: false, delete: true });
  });
});

describe('addresses', () => {
  it('sorts this machine first', () => {
    expect(sortCutOff(cut).map((c) => c.kind)).toEqual(['self', 'client']);
    expect(sortCutOff([{ address: '10.0.0.10', kind: 'client' }, { address: '10.0.0.9', kind: 'client' }]).map((c) => c.address)).toEqual([
      '10.0.0.9',
      '10.0.0.10',
    ]);
  });

  it('recognizes private LAN addresses', () => {
    for (const a of ['192.168.1.20', '10.1.2.3', '172.16.0.1', '172.31.255.255', '169.254.1.1', '127.0.0.1', 'fd00::2', 'fe80::1', '::1'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['172.32.0.1', '8.8.8.8', '203.0.113.5', '2001:db8::1', 'nonsense']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('suggests the network around an address', () => {
    expect(suggestedPrefix('192.168.1.20')).toBe('192.168.1.0/24');
    expect(suggestedPrefix('fd00::2')).toBe('fd00::/64');
    expect(suggestedPrefix('2001:db8:0:12:abcd::1')).toBe('2001:db8:0:12::/64');
    expect(suggestedPrefix('10.0.0.0/8')).toBe('10.0.0.0/8');
  });
});
