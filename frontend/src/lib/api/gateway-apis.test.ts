// The api modules of IP rules, routes, devices, the access log and the
// dashboard: each function calls its method with the request the API expects.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as iprules from './iprules';
import * as routes from './routes';
import * as devices from './devices';
import * as access from './access';
import * as system from './system';

let calls: Record<string, ReturnType<typeof vi.fn>>;

beforeEach(() => {
  calls = {};
  const service = (name: string) =>
    new Proxy(
      {},
      {
        get(_t, method: string) {
          const key = `${name}.${method}`;
          if (!calls[key]) calls[key] = vi.fn().mockResolvedValue({});
          return calls[key];
        },
      },
    );
  window.go = {
    app: {
      IPRules: service('IPRules'),
      Routes: service('Routes'),
      Devices: service('Devices'),
      Access: service('Access'),
      System: service('System'),
    } as never,
  };
});

afterEach(() => {
  delete window.go;
});

describe('IPRules api', () => {
  it('maps each function to its method and request', async () => {
    await iprules.listIPRules();
    expect(calls['IPRules.List']).toHaveBeenCalledWith({});
    await iprules.getIPRule('3');
    expect(calls['IPRules.Get']).toHaveBeenCalledWith({ id: '3' });
    await iprules.createIPRule({ name: '本社LAN', address: '192.168.1.0/24', enabled: true });
    expect(calls['IPRules.Create']).toHaveBeenCalledWith({ name: '本社LAN', address: '192.168.1.0/24', enabled: true });
    await iprules.updateIPRule({ id: '3', enabled: false, confirm: true });
    expect(calls['IPRules.Update']).toHaveBeenCalledWith({ id: '3', enabled: false, confirm: true });
    await iprules.deleteIPRule('3');
    expect(calls['IPRules.Delete']).toHaveBeenLastCalledWith({ id: '3' });
    await iprules.deleteIPRule('3', true);
    expect(calls['IPRules.Delete']).toHaveBeenLastCalledWith({ id: '3', confirm: true });
    await iprules.previewIPRule({ id: '3', enabled: false, delete: true });
    expect(calls['IPRules.Preview']).toHaveBeenCalledWith({ id: '3', enabled: false, delete: true });
  });
});

describe('Routes api', () => {
  it('maps each function to its method and request', async () => {
    await routes.listRoutes();
    expect(calls['Routes.List']).toHaveBeenCalledWith({});
    const input = { name: 'Wiki', pathPrefix: '/wiki', upstream: 'http://192.168.1.10:8080', requireSignIn: true, enabled: true };
    await routes.createRoute(input);
    expect(calls['Routes.Create']).toHaveBeenCalledWith(input);
    await routes.updateRoute({ id: '1', enabled: false });
    expect(calls['Routes.Update']).toHaveBeenCalledWith({ id: '1', enabled: false });
    await routes.deleteRoute('1');
    expect(calls['Routes.Delete']).toHaveBeenCalledWith({ id: '1' });
    await routes.testRoute({ id: '1' });
    expect(calls['Routes.Test']).toHaveBeenLastCalledWith({ id: '1' });
    await routes.testRoute({ upstream: 'http://nas.local' });
    expect(calls['Routes.Test']).toHaveBeenLastCalledWith({ upstream: 'http://nas.local' });
  });
});

describe('Devices, Access and System.Dashboard api', () => {
  it('maps each function to its method and request', async () => {
    await devices.listDevices({ status: 'pending', pageSize: 20 });
    expect(calls['Devices.List']).toHaveBeenCalledWith({ status: 'pending', pageSize: 20 });
    await devices.approveDevices(['4', '5']);
    expect(calls['Devices.Approve']).toHaveBeenCalledWith({ ids: ['4', '5'] });
    await devices.rejectDevices(['4']);
    expect(calls['Devices.Reject']).toHaveBeenCalledWith({ ids: ['4'] });
    await access.listAccess({ decision: 'deny', page: 2, pageSize: 50 });
    expect(calls['Access.List']).toHaveBeenCalledWith({ decision: 'deny', page: 2, pageSize: 50 });
    await access.exportAccessCsv({ from: '2026-11-01' });
    expect(calls['Access.ExportCSV']).toHaveBeenCalledWith({ from: '2026-11-01' });
    await system.dashboard();
    expect(calls['System.Dashboard']).toHaveBeenCalledWith({});
  });
});
