// An in-memory stand-in for the Go services, installed as window.go.app the
// way the Wails bindings are. Used by component tests (and handy for looking
// at the UI without the backend). Errors reject with a JSON string, as Wails
// does for a Go error.

import type { HistoryItem, Settings, SystemInfo, User } from '../lib/api/types';

type Req = Record<string, unknown>;
type Handler = (req: Req) => unknown;

export interface FakeBackend {
  users: User[];
  history: HistoryItem[];
  settings: Settings;
  info: SystemInfo;
  calls: { method: string; req: Req }[];
  services: Record<string, Record<string, (req?: Req) => Promise<unknown>>>;
}

function fail(code: string, message: string, field = ''): never {
  throw JSON.stringify({ code, message, field });
}

const GROUPS = ['営業部', '開発部', '総務部', '関東支店'];
const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田'];
const GIVEN = ['太郎', '花子', '健', '美咲', '翔', '陽菜', '大輔', '結衣', '直樹', '彩'];

export function sampleUsers(n: number): User[] {
  const out: User[] = [];
  for (let i = 1; i <= n; i++) {
    const created = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    out.push({
      id: String(i),
      code: String(1000 + i).padStart(6, '0'),
      name: `${FAMILY[i % FAMILY.length]} ${GIVEN[i % GIVEN.length]}`,
      email: `user${i}@example.co.jp`,
      phone: i % 3 === 0 ? '' : `090-1234-${String(1000 + i).slice(-4)}`,
      group: GROUPS[i % GROUPS.length],
      suspended: i % 7 === 0,
      requireCert: i % 4 === 0,
      requireDevice: i % 9 === 0 && i % 4 !== 0,
      lastAuthCertName: i % 4 === 0 ? 'tokyo-office' : '',
      lastAuthAt: i % 4 === 0 ? '2025-01-15T09:30:00Z' : '',
      createdAt: created,
      updatedAt: created,
    });
  }
  return out;
}

export function createFakeBackend(opts: { users?: User[]; delayMs?: number } = {}): FakeBackend {
  const b: FakeBackend = {
    users: opts.users ?? sampleUsers(45),
    history: [],
    settings: { language: '', organizationName: '株式会社サンプル', strictMode: false },
    info: {
      version: '0.1.0-dev',
      mode: 'desktop',
      dataDir: '/home/admin/.config/sekisho',
      portalUrl: 'https://192.168.1.20:8443/',
      gatewayUrl: 'https://192.168.1.20:9443/',
      caFingerprint: '3f2a9c0e5b7d11aa4c6e8f0123456789abcdef0123456789abcdef0123456789',
    },
    calls: [],
    services: {},
  };
  let nextId = b.users.reduce((m, u) => Math.max(m, Number(u.id)), 0) + 1;
  let nextHistory = 1;
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const log = (action: string, target: string, detail = '') =>
    b.history.unshift({
      id: String(nextHistory++),
      time: now(),
      actor: 'admin',
      action,
      targetType: action.split('.')[0],
      target,
      detail,
    });
  const find = (id: unknown) => b.users.find((u) => u.id === id) ?? fail('not_found', 'ユーザーが見つかりません');
  const filtered = (req: Req) => {
    const q = String(req.query ?? '').toLowerCase();
    return b.users.filter(
      (u) =>
        (!q || u.name.toLowerCase().includes(q) || u.code.toLowerCase().includes(q)) &&
        (!req.group || u.group === req.group) &&
        (!req.state || (req.state === 'suspended') === u.suspended),
    );
  };
  const validate = (u: Partial<User>) => {
    if (!u.code) fail('invalid', 'ユーザーコードを入力してください', 'code');
    if (!/^[A-Za-z0-9._@-]+$/.test(u.code!)) fail('invalid', 'ユーザーコードに使えない文字があります', 'code');
    if (!u.name) fail('invalid', 'ユーザー名を入力してください', 'name');
    if (u.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(u.email)) fail('invalid', 'メールアドレスの形式が正しくありません', 'email');
  };
  const ids = (req: Req) => {
    const list = req.ids as string[] | undefined;
    if (!list?.length) fail('invalid', '対象を選択してください', 'ids');
    return list;
  };

  const users: Record<string, Handler> = {
    List(req) {
      const page = Number(req.page ?? 1);
      const pageSize = Number(req.pageSize ?? 20);
      if (![10, 20, 50, 100].includes(pageSize)) fail('invalid', '表示件数が正しくありません', 'pageSize');
      const all = filtered(req);
      return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize };
    },
    Get: (req) => find(req.id),
    Create(req) {
      const u = {
        code: String(req.code ?? '').trim(),
        name: String(req.name ?? '').trim(),
        email: String(req.email ?? ''),
        phone: String(req.phone ?? ''),
        group: String(req.group ?? ''),
      };
      validate(u);
      if (b.users.some((x) => x.code === u.code)) fail('conflict', 'このユーザーコードは既に使われています', 'code');
      const user: User = {
        ...u,
        id: String(nextId++),
        suspended: false,
        requireCert: false,
        requireDevice: false,
        lastAuthCertName: '',
        lastAuthAt: '',
        createdAt: now(),
        updatedAt: now(),
      };
      b.users.push(user);
      log('user.create', user.code);
      return user;
    },
    Update(req) {
      const u = find(req.id);
      const next = { ...u };
      for (const f of ['code', 'name', 'email', 'phone', 'group'] as const) {
        if (typeof req[f] === 'string') next[f] = req[f] as string;
      }
      validate(next);
      if (b.users.some((x) => x.code === next.code && x.id !== u.id))
        fail('conflict', 'このユーザーコードは既に使われています', 'code');
      Object.assign(u, next, { updatedAt: now() });
      log('user.update', u.code);
      return u;
    },
    Delete(req) {
      const list = ids(req);
      const before = b.users.length;
      b.users = b.users.filter((u) => !list.includes(u.id));
      log('user.delete', list.join(','));
      return { changed: before - b.users.length };
    },
    SetSuspended(req) {
      let changed = 0;
      for (const id of ids(req)) {
        const u = find(id);
        if (u.suspended !== req.suspended) changed++;
        u.suspended = !!req.suspended;
        log(req.suspended ? 'user.suspend' : 'user.resume', u.code);
      }
      return { changed };
    },
    SetRequireCert(req) {
      for (const id of ids(req)) {
        const u = find(id);
        if (req.enabled && u.requireDevice) fail('conflict', '端末指定と証明書認証は併用できません');
        u.requireCert = !!req.enabled;
        log('user.require_cert', u.code, req.enabled ? 'on' : 'off');
      }
      return { changed: (req.ids as string[]).length };
    },
    SetRequireDevice(req) {
      for (const id of ids(req)) {
        const u = find(id);
        if (req.enabled && u.requireCert) fail('conflict', '端末指定と証明書認証は併用できません');
        u.requireDevice = !!req.enabled;
        log('user.require_device', u.code, req.enabled ? 'on' : 'off');
      }
      return { changed: (req.ids as string[]).length };
    },
    ResetPassword(req) {
      const u = find(req.id);
      log('user.password_reset', u.code);
      return { password: 'Kx7-pQ2m-Zt9w' };
    },
    Groups: () => ({ items: [...new Set(b.users.map((u) => u.group).filter(Boolean))].sort() }),
    ImportCSV(req) {
      const bytes = Uint8Array.from(atob(String(req.csvBase64)), (c) => c.charCodeAt(0));
      const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
      const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
      const errors: { line: number; message: string }[] = [];
      const preview: unknown[] = [];
      let created = 0;
      let updated = 0;
      lines.slice(1).forEach((l, i) => {
        const [code = '', name = '', email = '', phone = '', group = '', state = ''] = l.split(',');
        const line = i + 2;
        if (!code) return errors.push({ line, message: 'ユーザーコードがありません' });
        if (!name) return errors.push({ line, message: '氏名がありません' });
        const exists = b.users.some((u) => u.code === code);
        exists ? updated++ : created++;
        preview.push({
          line,
          action: exists ? 'update' : 'create',
          code,
          name,
          email,
          phone,
          group,
          state: state === '利用停止' ? 'suspended' : state ? 'active' : '',
        });
      });
      if (!req.dryRun && errors.length === 0) {
        for (const p of preview as User[]) {
          const u = b.users.find((x) => x.code === p.code);
          if (u) Object.assign(u, { name: p.name, email: p.email, phone: p.phone, group: p.group });
          else users.Create(p as unknown as Req);
        }
        log('user.import', '', `${created} created, ${updated} updated`);
      }
      return { created, updated, errors, preview, previewTruncated: false, dryRun: !!req.dryRun };
    },
    ExportCSV(req) {
      const rows = filtered(req).map((u) => [u.code, u.name, u.email, u.phone, u.group, u.suspended ? '利用停止' : '有効'].join(','));
      const csv = '\uFEFFユーザーコード,氏名,メールアドレス,電話番号,グループ,状態\r\n' + rows.join('\r\n') + '\r\n';
      const bytes = new TextEncoder().encode(csv);
      let bin = '';
      bytes.forEach((x) => (bin += String.fromCharCode(x)));
      return { filename: 'users.csv', csvBase64: btoa(bin), dataBase64: btoa(bin) };
    },
  };

  const services: Record<string, Record<string, Handler>> = {
    Users: users,
    History: {
      List(req) {
        const page = Number(req.page ?? 1);
        const size = Number(req.pageSize ?? 20);
        return { items: b.history.slice((page - 1) * size, page * size), total: b.history.length };
      },
    },
    Settings: {
      Get: () => b.settings,
      Update(req) {
        if (req.language !== undefined) b.settings.language = req.language as Settings['language'];
        if (req.organizationName !== undefined) b.settings.organizationName = String(req.organizationName);
        log('settings.update', '');
        return b.settings;
      },
    },
    System: {
      Info: () => b.info,
      SaveFile: (req) => ({ saved: true, path: '/home/admin/Downloads/' + String(req.filename) }),
    },
  };

  for (const [svc, methods] of Object.entries(services)) {
    b.services[svc] = {};
    for (const [name, fn] of Object.entries(methods)) {
      b.services[svc][name] = (req: Req = {}) => {
        b.calls.push({ method: `${svc}.${name}`, req });
        return new Promise((resolve, reject) => {
          const run = () => {
            try {
              resolve(structuredClone(fn(req)));
            } catch (e) {
              reject(e);
            }
          };
          if (opts.delayMs) setTimeout(run, opts.delayMs);
          else queueMicrotask(run);
        });
      };
    }
  }
  return b;
}

/** installFakeBackend puts the fake where the Wails bindings would be. */
export function installFakeBackend(b: FakeBackend): void {
  (window as unknown as { go: unknown }).go = { app: b.services };
}
