import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as users from './users';

let app: Record<string, ReturnType<typeof vi.fn>>;

beforeEach(() => {
  app = {};
  const handler: ProxyHandler<object> = {
    get(_t, method: string) {
      if (!app[method]) app[method] = vi.fn().mockResolvedValue({});
      return app[method];
    },
  };
  window.go = { app: { Users: new Proxy({}, handler) as never } };
});

afterEach(() => {
  delete window.go;
});

describe('users api', () => {
  it('maps each function to its method and request shape', async () => {
    await users.listUsers({ query: 'x', page: 2, pageSize: 50 });
    expect(app.List).toHaveBeenCalledWith({ query: 'x', page: 2, pageSize: 50 });

    await users.getUser('7');
    expect(app.Get).toHaveBeenCalledWith({ id: '7' });

    await users.createUser({ code: 'u1', name: '佐藤' });
    expect(app.Create).toHaveBeenCalledWith({ code: 'u1', name: '佐藤' });

    await users.updateUser({ id: '7', email: 'a@example.com' });
    expect(app.Update).toHaveBeenCalledWith({ id: '7', email: 'a@example.com' });

    await users.deleteUsers(['1', '2']);
    expect(app.Delete).toHaveBeenCalledWith({ ids: ['1', '2'] });

    await users.setSuspended(['1'], true);
    expect(app.SetSuspended).toHaveBeenCalledWith({ ids: ['1'], suspended: true });

    await users.setRequireCert(['1'], false);
    expect(app.SetRequireCert).toHaveBeenCalledWith({ ids: ['1'], enabled: false });

    await users.setRequireDevice(['1'], true);
    expect(app.SetRequireDevice).toHaveBeenCalledWith({ ids: ['1'], enabled: true });

    await users.resetPassword('9');
    expect(app.ResetPassword).toHaveBeenCalledWith({ id: '9' });

    await users.listGroups();
    expect(app.Groups).toHaveBeenCalledWith({});

    await users.importCsv('QUJD', true);
    expect(app.ImportCSV).toHaveBeenCalledWith({ csvBase64: 'QUJD', dryRun: true });

    await users.exportCsv({ group: 'g', encoding: 'sjis' });
    expect(app.ExportCSV).toHaveBeenCalledWith({ group: 'g', encoding: 'sjis' });
  });

  it('countActiveUsers asks for active users and uses the total', async () => {
    app.List = vi.fn().mockResolvedValue({ items: [], total: 123, page: 1, pageSize: 10 });
    expect(await users.countActiveUsers()).toBe(123);
    expect(app.List).toHaveBeenCalledWith({ state: 'active', page: 1, pageSize: 10 });
  });
});
