// The api modules of certificates, links, messages and the new Users methods:
// each function calls its method with the right request shape.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as certs from './certs';
import * as links from './links';
import * as messages from './messages';
import * as users from './users';

let svc: Record<string, Record<string, ReturnType<typeof vi.fn>>>;

beforeEach(() => {
  svc = {};
  const service = (name: string) =>
    new Proxy(
      {},
      {
        get(_t, method: string) {
          svc[name] ??= {};
          svc[name][method] ??= vi.fn().mockResolvedValue({});
          return svc[name][method];
        },
      },
    );
  window.go = { app: { Certs: service('Certs'), Links: service('Links'), Messages: service('Messages'), Users: service('Users') } as never };
});

afterEach(() => {
  delete window.go;
});

describe('certs api', () => {
  it('maps each function to its method and request shape', async () => {
    await certs.listCerts({ query: 'x', kind: 'shared', state: 'valid', page: 2, pageSize: 50 });
    expect(svc.Certs.List).toHaveBeenCalledWith({ query: 'x', kind: 'shared', state: 'valid', page: 2, pageSize: 50 });
    await certs.getCert('3');
    expect(svc.Certs.Get).toHaveBeenCalledWith({ id: '3' });
    await certs.issueShared({ name: 'Sales2026', enabled: true, notBefore: '2025-01-01', notAfter: '2025-12-31' });
    expect(svc.Certs.IssueShared).toHaveBeenCalledWith({ name: 'Sales2026', enabled: true, notBefore: '2025-01-01', notAfter: '2025-12-31' });
    await certs.issuePersonal({ userIds: ['1', '2'], enabled: true, revokeExisting: true, jobId: 'j1' });
    expect(svc.Certs.IssuePersonal).toHaveBeenCalledWith({ userIds: ['1', '2'], enabled: true, revokeExisting: true, jobId: 'j1' });
    await certs.jobProgress('j1');
    expect(svc.Certs.Progress).toHaveBeenCalledWith({ jobId: 'j1' });
    await certs.cancelJob('j1');
    expect(svc.Certs.Cancel).toHaveBeenCalledWith({ jobId: 'j1' });
    await certs.updateCert({ id: '3', enabled: false });
    expect(svc.Certs.Update).toHaveBeenCalledWith({ id: '3', enabled: false });
    await certs.renewCert({ id: '3', name: 'Sales2027' });
    expect(svc.Certs.Renew).toHaveBeenCalledWith({ id: '3', name: 'Sales2027' });
    await certs.downloadCert('3', 'mobileconfig');
    expect(svc.Certs.Download).toHaveBeenCalledWith({ id: '3', format: 'mobileconfig' });
    await certs.caInfo();
    expect(svc.Certs.CA).toHaveBeenCalledWith({});
  });

  it('revokes and deletes only with confirm: true (after the admin confirmed)', async () => {
    await certs.revokeCert('3', 'phone lost');
    expect(svc.Certs.Revoke).toHaveBeenCalledWith({ id: '3', reason: 'phone lost', confirm: true });
    await certs.revokeCert('4', '');
    expect(svc.Certs.Revoke).toHaveBeenLastCalledWith({ id: '4', confirm: true });
    await certs.deleteCert('3');
    expect(svc.Certs.Delete).toHaveBeenCalledWith({ id: '3', confirm: true });
  });

  it('asks for the coverage of all or one kind', async () => {
    await certs.coverage();
    expect(svc.Certs.Coverage).toHaveBeenLastCalledWith({});
    await certs.coverage('personal');
    expect(svc.Certs.Coverage).toHaveBeenLastCalledWith({ kind: 'personal' });
  });

  it('makes unique job ids', () => {
    const a = certs.newJobId();
    const b = certs.newJobId();
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThan(8);
  });
});

describe('links api', () => {
  it('maps each function', async () => {
    await links.createLink({ certId: '3', expiresInMinutes: 60, maxUses: 2, ipRestricted: true });
    expect(svc.Links.Create).toHaveBeenCalledWith({ certId: '3', expiresInMinutes: 60, maxUses: 2, ipRestricted: true });
    await links.listLinks('3');
    expect(svc.Links.List).toHaveBeenCalledWith({ certId: '3' });
    await links.revokeLink('7');
    expect(svc.Links.Revoke).toHaveBeenCalledWith({ id: '7' });
    expect(links.qrDataUrl('AAA')).toBe('data:image/png;base64,AAA');
  });

  it('creates many links a few at a time, reporting progress and failures per item', async () => {
    let running = 0;
    let maxRunning = 0;
    svc.Links = {
      Create: vi.fn(async (req: { certId: string }) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 1));
        running--;
        if (req.certId === '3') throw JSON.stringify({ code: 'not_found', message: 'no such certificate' });
        return { id: 'l' + req.certId, certId: req.certId, url: 'u' + req.certId, expiresAt: '', maxUses: 1, qrPng: '' };
      }),
    };
    const progress: number[] = [];
    const out = await links.createLinks(
      ['1', '2', '3', '4', '5', '6'].map((certId) => ({ certId })),
      (done) => progress.push(done),
      2,
    );
    expect(maxRunning).toBe(2);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.map((r) => r.ok)).toEqual([true, true, false, true, true, true]);
    expect(out[0]).toMatchObject({ ok: true, link: { url: 'u1' } });
    expect(out[2]).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('messages api', () => {
  it('maps Render and ExportCSV', async () => {
    const req = { items: [{ userId: '1', certId: '3', url: 'https://x/d/1', password: 'pw', expiresAt: '2025-01-01T00:00:00Z' }] };
    await messages.renderMessages(req);
    expect(svc.Messages.Render).toHaveBeenCalledWith(req);
    await messages.exportMessagesCsv({ ...req, template: 'T', subject: 'S' });
    expect(svc.Messages.ExportCSV).toHaveBeenCalledWith({ ...req, template: 'T', subject: 'S' });
  });
});

describe('users api: certificate requirement', () => {
  it('maps the matching and check methods with the filter fields', async () => {
    await users.setRequireCertMatching({ query: 'a', requireCert: 'off', certName: 'Tokyo', withoutValidCert: true, enabled: true });
    expect(svc.Users.SetRequireCertMatching).toHaveBeenCalledWith({
      query: 'a',
      requireCert: 'off',
      certName: 'Tokyo',
      withoutValidCert: true,
      enabled: true,
    });
    await users.requireCertCheck({ ids: ['1'] });
    expect(svc.Users.RequireCertCheck).toHaveBeenCalledWith({ ids: ['1'] });
    await users.requireCertCheck({ all: true, certName: 'Tokyo' });
    expect(svc.Users.RequireCertCheck).toHaveBeenLastCalledWith({ all: true, certName: 'Tokyo' });
    await users.listUsers({ requireCert: 'on', page: 1, pageSize: 20 });
    expect(svc.Users.List).toHaveBeenCalledWith({ requireCert: 'on', page: 1, pageSize: 20 });
  });
});
