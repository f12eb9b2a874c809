// An in-memory stand-in for the Go services, installed as window.go.app the
// way the Wails bindings are. Used by component tests (and handy for looking
// at the UI without the backend). Errors reject with a JSON string, as Wails
// does for a Go error.

import type {
  AccessEntry,
  Cert,
  CertState,
  CutOffAddress,
  Device,
  HistoryItem,
  IPRule,
  Link,
  PreviousCAInfo,
  Route,
  Settings,
  SystemInfo,
  User,
} from '../lib/api/types';
import { addDays, formatISODate, formatISODateTime, todayISO } from '../lib/dates';

type Req = Record<string, unknown>;
type Handler = (req: Req) => unknown;

/** A certificate as the fake keeps it (state is computed on the way out). */
export type FakeCert = Omit<Cert, 'state'> & { deleted?: boolean };

export interface FakeJob {
  total: number;
  done: number;
  finished: boolean;
  cancelled: boolean;
}

export interface FakeBackend {
  users: User[];
  certs: FakeCert[];
  links: Link[];
  jobs: Map<string, FakeJob>;
  history: HistoryItem[];
  settings: Settings;
  /** addresses the gateway saw lately (a move of the gateway asks first) */
  recentClients?: string[];
  /** ports another program holds: moving a listener there fails with settings.port.in_use */
  busyPorts?: number[];
  /** the last scheduled backup, as System.Dashboard reports it (enabled comes from the settings) */
  backupLast: { lastAt: string; lastOk: boolean; lastError: string; lastFile: string; due: boolean };
  /** the CA certificate's end (RFC 3339): Certs.CA's notAfter and System.Dashboard's ca */
  caNotAfter: string;
  /** the CA in use's name and start (its fingerprint is info.caFingerprint) */
  caSubject: string;
  caNotBefore: string;
  /** the CAs the one in use replaced, newest first (Certs.CAStatus; daysLeft and trusted are computed) */
  caPrevious: Omit<PreviousCAInfo, 'daysLeft' | 'trusted'>[];
  info: SystemInfo;
  /** the old PC's backup that System.Restore accepts (FAKE_BACKUP_BASE64 with this passphrase) and what it holds */
  restoreFrom: FakeRestoreSource;
  ipRules: IPRule[];
  /** this machine's LAN addresses (IPRules.List selfAddresses) */
  selfAddresses: string[];
  /** clients connected to the gateway now (clientAddresses) */
  clientAddresses: string[];
  routes: Route[];
  devices: Device[];
  access: AccessEntry[];
  /** Access.List's dropped counter */
  dropped: number;
  calls: { method: string; req: Req }[];
  services: Record<string, Record<string, (req?: Req) => Promise<unknown>>>;
  /** what Messages.Send and Messages.SendTest mailed */
  mails: { to: string; subject: string; body: string }[];
  /** recipients the SMTP server refuses, with its reply */
  mailRejects: Record<string, string>;
}

/** What the fake's backup file holds, as System.Restore reports it. */
export interface FakeRestoreSource {
  passphrase: string;
  createdAt: string;
  appVersion: string;
  caFingerprint: string;
  /** the old PC's address in the restored public host ("" when it was none or this machine's) */
  publicHostCleared: string;
  /** why the restored ports could not be taken ("" when they were) */
  listenError: string;
}

/** The bytes of the fake's backup file (what its System.Backup makes), as base64; System.Restore accepts it. */
export const FAKE_BACKUP_BASE64 = btoa('age-encryption.org/v1 (fake)');
/** The passphrase of the fake backup file. */
export const FAKE_BACKUP_PASSPHRASE = 'kaisha-no-backup-2026';
/** The old PC's CA fingerprint, in the fake backup file. */
export const FAKE_BACKUP_FINGERPRINT = '9b1c4e7f20a35d68be0f1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60';

/** A 1×1 PNG, standing in for a QR code. */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** As app.DefaultMessageTemplate: 【】 tags (the {name} forms still fill). */
const DEFAULT_TEMPLATE = `【氏名】 様

社内システムに接続するためのクライアント証明書をお送りします。
下記のURLをスマートフォンまたはPCで開き、案内に従ってインストールしてください。

ログインID: 【ログインID】
ダウンロードURL: 【証明書DL画面URL】
URLの有効期限: 【リンク有効期限】
証明書のパスワード: 【証明書パスワード】
証明書の使用終了日: 【有効期限】

このメールに心当たりがない場合は、管理者までご連絡ください。`;

/** makeCert builds a certificate with sensible defaults for tests. */
export function makeCert(id: number, over: Partial<FakeCert> = {}): FakeCert {
  const nb = over.notBefore ?? todayISO();
  const na = over.notAfter ?? addDays(nb, 364);
  return {
    id: String(id),
    name: `Cert${id}`,
    kind: 'shared',
    serial: (0xabc000 + id).toString(16),
    keyAlgorithm: 'ecdsa-p256',
    notBefore: nb,
    notAfter: na,
    enabled: true,
    authenticatedUsers: 0,
    revokedAt: '',
    revokeReason: '',
    createdAt: new Date(Date.now() - id * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    validFrom: nb + 'T00:00:00+09:00',
    validUntil: addDays(na, 1) + 'T00:00:00+09:00',
    x509NotAfter: addDays(na, 1) + 'T00:00:00Z',
    allowedFrom: over.allowedFrom ?? nb,
    allowedUntil: over.allowedUntil ?? na,
    ...over,
  };
}

/** sampleCerts: two valid shared certificates (one expiring in 20 days), an expired and a disabled one, and a personal one. */
export function sampleCerts(): FakeCert[] {
  const today = todayISO();
  return [
    makeCert(1, { name: 'Tokyo2025', notBefore: addDays(today, -340), notAfter: addDays(today, 20), authenticatedUsers: 11 }),
    makeCert(2, { name: 'Osaka2025', notBefore: addDays(today, -100), notAfter: addDays(today, 265), authenticatedUsers: 3 }),
    makeCert(3, { name: 'Old2023', notBefore: addDays(today, -800), notAfter: addDays(today, -400) }),
    makeCert(4, { name: 'Test1', enabled: false }),
    makeCert(5, { name: '001004', kind: 'personal', userId: '4', userCode: '001004', userName: '田中 直樹' }),
  ];
}

/** certState computes the state the server reports. */
export function certState(c: FakeCert, today = todayISO()): CertState {
  if (c.revokedAt) return 'revoked';
  if (!c.enabled) return 'disabled';
  if (today < c.notBefore) return 'notYetValid';
  if (today > c.notAfter) return 'expired';
  return 'valid';
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
      lastAuthCertDeleted: false,
      requireCert: i % 4 === 0,
      requireDevice: i % 9 === 0 && i % 4 !== 0,
      lastAuthCertName: i % 4 === 0 ? 'Tokyo2025' : '',
      lastAuthAt: i % 4 === 0 ? '2025-01-15T09:30:00Z' : '',
      createdAt: created,
      updatedAt: created,
    });
  }
  return out;
}

// ---- IP addresses (enough of them for the fake IP rules) ----

/** parseV4 reads dotted IPv4 into a number; null when it is not one. */
function parseV4(a: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((x) => x > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** ruleAddress validates an IP rule address as the server does (IPv4 in detail, IPv6 loosely). */
export function ruleAddress(raw: string): string {
  const a = raw.trim();
  if (!a) fail('invalid', 'IPアドレスを入力してください', 'address');
  if (a.length > 50) fail('invalid', 'IPアドレスは50文字以内で入力してください', 'address');
  const [addr, bits, extra] = a.split('/');
  if (extra !== undefined) fail('invalid', `IPアドレスの形式が正しくありません: ${a}`, 'address');
  if (addr.includes(':')) {
    if (!/^[0-9a-fA-F:]+$/.test(addr)) fail('invalid', `IPアドレスではありません: ${addr}`, 'address');
    if (bits !== undefined && !(Number(bits) >= 0 && Number(bits) <= 128)) fail('invalid', `プレフィックス長は0〜128で指定してください: /${bits}`, 'address');
    return a.toLowerCase();
  }
  const n = parseV4(addr);
  if (n === null) fail('invalid', `IPアドレスではありません: ${addr}`, 'address');
  if (bits === undefined) return addr;
  const len = Number(bits);
  if (!/^\d+$/.test(bits) || len > 32) fail('invalid', `プレフィックス長は0〜32で指定してください: /${bits}`, 'address');
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  if (((n! & mask) >>> 0) !== n) {
    const net = (n! & mask) >>> 0;
    const s = [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.');
    fail('invalid', `ホスト部が0ではありません。${s}/${len} のことですか？`, 'address');
  }
  return `${addr}/${len}`;
}

/** inRule tells whether address a is inside a rule's address (IPv4 prefixes; other forms must match exactly). */
export function inRule(a: string, rule: string): boolean {
  const [net, bits] = rule.split('/');
  const n = parseV4(a);
  const r = parseV4(net);
  if (n === null || r === null) return a.toLowerCase() === net.toLowerCase();
  const len = bits === undefined ? 32 : Number(bits);
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  return ((n & mask) >>> 0) === ((r & mask) >>> 0);
}

/** sampleDevices: device requests of some sample users (pending, approved, rejected). */
export function sampleDevices(users: User[]): Device[] {
  const u = (id: string) => users.find((x) => x.id === id);
  const mk = (id: number, userId: string, over: Partial<Device>): Device => ({
    id: String(id),
    userId,
    userCode: u(userId)?.code ?? userId,
    userName: u(userId)?.name ?? '',
    os: 'Android',
    deviceName: 'SCV46',
    phone: '090-0000-000' + id,
    status: 'pending',
    designated: u(userId)?.requireDevice ?? false,
    requestedAt: `2025-02-0${id}T04:31:00Z`,
    processedAt: '',
    ...over,
  });
  return [
    mk(4, '18', { os: 'iOS', deviceName: 'iPhone 15', requestedAt: '2025-02-04T06:43:00Z' }),
    mk(3, '27', { status: 'rejected', deviceName: 'Pixel 8', processedAt: '2025-02-03T08:00:00Z' }),
    mk(2, '9', { requestedAt: '2025-02-02T06:43:00Z' }),
    mk(1, '36', { status: 'approved', processedAt: '2025-01-16T04:59:00Z', requestedAt: '2025-01-16T04:59:00Z' }),
  ];
}

/** sampleAccess: n log entries, newest first, alternating allowed and denied requests. */
export function sampleAccess(n: number, now = Date.now()): AccessEntry[] {
  const reasons = ['ip_not_allowed', 'certificate_required', 'device_pending', 'sign_in_required', 'user_suspended'];
  const out: AccessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const deny = i % 2 === 1;
    out.push({
      time: new Date(now - i * 17 * 60_000).toISOString(),
      clientIp: `192.168.1.${30 + (i % 5)}`,
      userCode: i % 3 === 0 ? '' : String(1000 + (i % 7)).padStart(6, '0'),
      certName: i % 4 === 0 ? 'Tokyo2025' : '',
      device: '',
      route: i % 2 === 0 ? 'Wiki' : 'NAS',
      method: 'GET',
      path: `/page/${i}`,
      decision: deny ? 'deny' : 'allow',
      reason: deny ? reasons[(i >> 1) % reasons.length] : '',
    });
  }
  return out;
}

/** fakeFingerprint is a SHA-256-looking hex string that differs for each seed. */
function fakeFingerprint(seed: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  let out = '';
  while (out.length < 64) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += (x >>> 8).toString(16).padStart(6, '0');
  }
  return out.slice(0, 64);
}

/** caExpiry is System.Dashboard's ca for a CA ending at notAfter (whole days left; warn under 365). */
function caExpiry(notAfter: string) {
  const daysLeft = Math.floor((Date.parse(notAfter) - Date.now()) / 86_400_000);
  return { notAfter, daysLeft, warn: daysLeft < 365 };
}

export function createFakeBackend(
  opts: {
    users?: User[];
    certs?: FakeCert[];
    ipRules?: IPRule[];
    routes?: Route[];
    devices?: Device[];
    access?: AccessEntry[];
    delayMs?: number;
    issueStepMs?: number;
    missing?: string[];
    /** a new engine: no data unless given, and System.Info's fresh (the first screen) */
    fresh?: boolean;
  } = {},
): FakeBackend {
  const startUsers = opts.users ?? (opts.fresh ? [] : sampleUsers(45));
  const b: FakeBackend = {
    users: startUsers,
    certs: opts.certs ?? (opts.fresh ? [] : sampleCerts()),
    links: [],
    jobs: new Map(),
    history: [],
    settings: {
      language: '',
      effectiveLanguage: 'ja',
      organizationName: '株式会社サンプル',
      strictMode: false,
      certBypassesIpRules: false,
      defaultValidityDays: 365,
      keyAlgorithm: 'rsa2048',
      pkcs12Compat: 'legacy',
      linkExpiresInMinutes: 1440,
      linkMaxUses: 1,
      linkDownloadsEnabled: true,
      messageTemplate: DEFAULT_TEMPLATE,
      messageSubject: '証明書のインストールのお願い',
      loginTemplate: '',
      loginSubject: '',
      accessLogRetentionDays: 90,
      maxConnectionsPerAddress: 100,
      portalPort: 7443,
      gatewayPort: 8443,
      publicHost: '',
      downloadPort: 7080,
      downloadsHttpsOnly: false,
      selfServiceEnabled: false,
      selfServiceRevokePrevious: true,
      selfServiceUrl: 'http://192.168.1.10:7080/me',
      lanServer: {
        portalUrl: 'https://192.168.1.10:7443/',
        gatewayUrl: 'https://192.168.1.10:8443/',
        downloadUrl: 'http://192.168.1.10:7080/',
        fixed: {},
        lanAddresses: ['192.168.1.10'],
      },
      logFolder: '/home/admin/.config/sekisho/logs',
      backupScheduleEnabled: false,
      backupFolder: '',
      backupIntervalHours: 24,
      backupKeep: 7,
      backupPassphraseSet: false,
      smtpHost: '',
      smtpPort: 587,
      smtpUsername: '',
      smtpPasswordSet: false,
      smtpFrom: '',
      smtpSecurity: 'starttls',
    },
    backupLast: { lastAt: '', lastOk: false, lastError: '', lastFile: '', due: true },
    caNotAfter: '2045-01-01T00:00:00Z',
    caSubject: 'Sekisho CA',
    caNotBefore: '2025-01-01T00:00:00Z',
    caPrevious: [],
    info: {
      version: '0.1.0-dev',
      mode: 'desktop',
      dataDir: '/home/admin/.config/sekisho',
      adminUrl: '',
      language: 'ja',
      portalUrl: 'https://192.168.1.20:8443/',
      gatewayUrl: 'https://192.168.1.20:9443/',
      caFingerprint: '3f2a9c0e5b7d11aa4c6e8f0123456789abcdef0123456789abcdef0123456789',
      caThumbprint: '1A2B3C4D 5E6F7081 92A3B4C5 D6E7F809 1A2B3C4D',
      fresh: !!opts.fresh,
    },
    restoreFrom: {
      passphrase: FAKE_BACKUP_PASSPHRASE,
      createdAt: '2026-12-03T01:45:00Z',
      appVersion: '1.2.0',
      caFingerprint: FAKE_BACKUP_FINGERPRINT,
      publicHostCleared: '',
      listenError: '',
    },
    ipRules: opts.ipRules ?? [],
    selfAddresses: ['192.168.1.20'],
    clientAddresses: ['192.168.1.31'],
    routes: opts.routes ?? [],
    devices: opts.devices ?? (opts.fresh ? [] : sampleDevices(startUsers)),
    access: opts.access ?? (opts.fresh ? [] : sampleAccess(30)),
    dropped: 0,
    calls: [],
    services: {},
    mails: [],
    mailRejects: {},
  };
  let nextId = b.users.reduce((m, u) => Math.max(m, Number(u.id)), 0) + 1;
  let nextHistory = 1;
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const log = (action: string, target: string, detail = '') =>
    b.history.unshift({
      id: String(nextHistory++),
      time: now(),
      actor: 'desktop',
      action,
      // as the Go store: a link's creation is the certificate's, backups are the CA's, messages are mail
      targetType:
        action === 'link.create'
          ? 'cert'
          : action.startsWith('message.')
            ? 'mail'
            : action.startsWith('backup.')
              ? 'ca'
              : action.split('.')[0],
      target,
      detail,
    });
  const find = (id: unknown) => b.users.find((u) => u.id === id) ?? fail('not_found', 'ユーザーが見つかりません');
  const validCertNames = () =>
    new Set(b.certs.filter((c) => !c.deleted && certState(c) === 'valid').map((c) => c.name));
  /** a user's personal-certificate state, as Go's userWhere (the best live certificate decides) */
  const userCertState = (u: User): string => {
    const states = b.certs.filter((c) => c.kind === 'personal' && c.userId === u.id && !c.deleted).map((c) => certState(c));
    if (states.length === 0) return 'none';
    for (const s of ['valid', 'expired', 'revoked']) if (states.includes(s as never)) return s;
    return '';
  };
  const filtered = (req: Req) => {
    const q = String(req.query ?? '').toLowerCase();
    const valid = validCertNames();
    if (req.certState && !['none', 'valid', 'expired', 'revoked'].includes(String(req.certState)))
      fail('invalid', `certState は none, valid, expired, revoked のいずれかです: ${req.certState}`, 'certState');
    return b.users.filter(
      (u) =>
        (!q || u.name.toLowerCase().includes(q) || u.code.toLowerCase().includes(q)) &&
        (!req.group || u.group === req.group) &&
        (!req.state || (req.state === 'suspended') === u.suspended) &&
        (!req.requireCert || (req.requireCert === 'on') === u.requireCert) &&
        (!req.certName || u.lastAuthCertName === req.certName) &&
        (!req.withoutValidCert || !valid.has(u.lastAuthCertName)) &&
        (!req.certState || userCertState(u) === req.certState),
    );
  };
  /** setDesignation is 端末指定 on or off for users, refused as a whole when one requires a certificate (as Go's store). */
  const setDesignation = (list: User[], enabled: boolean) => {
    const certOn = enabled ? list.filter((u) => u.requireCert).map((u) => u.code) : [];
    if (certOn.length)
      fail(
        'conflict',
        `証明書認証と端末指定は併用することはできません。${certOn.slice(0, 5).join(', ')} は証明書認証が有効です。先に証明書認証を無効にしてから、もう一度操作してください（何も変更していません）。`,
      );
    let changed = 0;
    for (const u of list) {
      if (u.requireDevice !== enabled) changed++;
      u.requireDevice = enabled;
      log('user.require_device', u.code, enabled ? 'on' : 'off');
    }
    return { changed };
  };
  const failOpen = () => !b.settings.strictMode && validCertNames().size === 0;
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
        lastAuthCertDeleted: false,
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
      // For any users (requested a device or not); all or nothing, as Go's store.
      return setDesignation(ids(req).map(find), !!req.enabled);
    },
    SetRequireDeviceMatching(req) {
      return setDesignation(filtered(req), !!req.enabled);
    },
    SetRequireCertMatching(req) {
      const matching = filtered(req);
      if (req.enabled) {
        const bad = matching.find((u) => u.requireDevice);
        if (bad) fail('conflict', `端末指定を使うユーザー（${bad.code}）には証明書認証を設定できません。端末指定と証明書認証は併用できません。`);
      }
      let changed = 0;
      for (const u of matching) {
        if (u.requireCert !== !!req.enabled) changed++;
        u.requireCert = !!req.enabled;
      }
      log('user.require_cert', String(matching.length), req.enabled ? 'on' : 'off');
      return { changed };
    },
    RequireCertCheck(req) {
      const list = req.all ? filtered(req) : ids(req).map((id) => find(id));
      const valid = validCertNames();
      return {
        total: list.length,
        neverAuthenticated: list.filter((u) => !valid.has(u.lastAuthCertName)).length,
        failOpen: failOpen(),
      };
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
        log('user.import', '', `created=${created} updated=${updated}`);
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


  // ---- certificates ----
  let nextCert = b.certs.reduce((m, c) => Math.max(m, Number(c.id)), 0) + 1;
  let nextLink = 1;
  let passCount = 0;
  const out = (c: FakeCert): Cert => {
    const { deleted: _deleted, ...rest } = c;
    void _deleted;
    return { ...rest, state: certState(c) };
  };
  const findCert = (id: unknown) =>
    b.certs.find((c) => c.id === id && !c.deleted) ?? fail('not_found', '証明書が見つかりません');
  const passphrase = () => `Abc${++passCount}d-eFgh2-jKmn3-pQrs4`;
  const certWindow = (req: Req) => {
    const nb = String(req.notBefore || todayISO());
    const na = String(req.notAfter || addDays(nb, (b.settings.defaultValidityDays ?? 365) - 1));
    if (na < nb) fail('invalid', '使用終了日は使用開始日以降にしてください', 'notAfter');
    if (nb < '1900-01-01' || na > '9999-12-30') fail('invalid', '日付は1900-01-01から9999-12-30の範囲で指定してください', 'notAfter');
    return { nb, na };
  };
  const newCert = (over: Partial<FakeCert>, req: Req) => {
    const { nb, na } = certWindow(req);
    const c = makeCert(nextCert++, {
      notBefore: nb,
      notAfter: na,
      enabled: req.enabled === undefined ? true : !!req.enabled,
      keyAlgorithm: String(req.keyAlgorithm || b.settings.keyAlgorithm),
      createdAt: now(),
      ...over,
    });
    b.certs.unshift(c);
    return c;
  };
  const validName = (name: string) => {
    if (!name) fail('invalid', '証明書名を入力してください', 'name');
    if (!/^[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]{1,20}$/.test(name)) fail('invalid', '証明書名は英数字のみ20文字まででご入力ください', 'name');
    if (b.certs.some((c) => !c.deleted && c.kind === 'shared' && c.name === name))
      fail('conflict', 'この証明書名は既に使われています', 'name');
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const daysUntil = (t: string) => Math.floor((Date.parse(t) - Date.now()) / 86_400_000);
  /** Certs.CAStatus: warn a year ahead; a new key's overlap lasts 1 day to 5 years, within the CA in use */
  const caStatus = () => ({
    active: {
      subject: b.caSubject,
      fingerprint: b.info.caFingerprint,
      notBefore: b.caNotBefore,
      notAfter: b.caNotAfter,
      daysLeft: daysUntil(b.caNotAfter),
    },
    previous: b.caPrevious.map((p) => ({ ...p, daysLeft: daysUntil(p.notAfter), trusted: Date.parse(p.trustedUntil) > Date.now() })),
    warnDays: 365,
    minOverlapDays: 1,
    maxOverlapDays: Math.max(0, Math.min(5 * 365, daysUntil(b.caNotAfter))),
  });
  const certs: Record<string, Handler> = {
    List(req) {
      const page = Number(req.page ?? 1);
      const pageSize = Number(req.pageSize ?? 20);
      const q = String(req.query ?? '').toLowerCase();
      const all = b.certs.filter(
        (c) =>
          !c.deleted &&
          (!q || [c.name, c.userCode ?? '', c.userName ?? ''].some((x) => x.toLowerCase().includes(q))) &&
          (!req.kind || c.kind === req.kind) &&
          (!req.state || certState(c) === req.state) &&
          (!req.userId || c.userId === req.userId),
      );
      return { items: all.slice((page - 1) * pageSize, page * pageSize).map(out), total: all.length, page, pageSize };
    },
    Get: (req) => out(findCert(req.id)),
    IssueShared(req) {
      const name = String(req.name ?? '').trim();
      validName(name);
      const c = newCert({ name, kind: 'shared' }, req);
      log('cert.issue', name);
      return { cert: out(c), passphrase: passphrase() };
    },
    async IssuePersonal(req) {
      const list = req.userIds as string[] | undefined;
      if (!list?.length) fail('invalid', '対象のユーザーを選択してください', 'userIds');
      const people = list.map((id) => find(id));
      certWindow(req);
      const job: FakeJob = { total: people.length, done: 0, finished: false, cancelled: false };
      if (req.jobId) b.jobs.set(String(req.jobId), job);
      for (let i = 0; i < people.length; i++) {
        if (opts.issueStepMs) await sleep(opts.issueStepMs);
        if (job.cancelled) {
          job.finished = true;
          fail('conflict', '発行を取り消しました。証明書は1件も発行されていません。');
        }
        job.done++;
      }
      job.finished = true;
      const items = people.map((u) => {
        if (req.revokeExisting) {
          for (const c of b.certs) if (c.userId === u.id && !c.revokedAt) c.revokedAt = now();
        }
        const c = newCert({ name: u.code, kind: 'personal', userId: u.id, userCode: u.code, userName: u.name }, req);
        return { cert: out(c), passphrase: passphrase() };
      });
      log('cert.issue', `${items.length}`);
      return { items, zip: btoa('PK fake zip') };
    },
    Progress(req) {
      const j = b.jobs.get(String(req.jobId));
      return j ? { total: j.total, done: j.done, finished: j.finished, known: true } : { total: 0, done: 0, finished: false, known: false };
    },
    Cancel(req) {
      const j = b.jobs.get(String(req.jobId));
      if (j) j.cancelled = true;
      return {};
    },
    Update(req) {
      const c = findCert(req.id);
      if (c.revokedAt) fail('conflict', '失効した証明書は変更できません');
      if (req.notBefore !== undefined || req.notAfter !== undefined) {
        const nb = String(req.notBefore ?? c.notBefore);
        const na = String(req.notAfter ?? c.notAfter);
        // Any window inside the X.509 dates (wider or narrower), as Go's UpdateCert.
        if (nb < c.allowedFrom)
          fail('invalid', `使用開始日は ${c.allowedFrom} より前にできません。署名済みの証明書そのものがこの日から有効になるためです。`, 'notBefore');
        if (na > c.allowedUntil)
          fail(
            'invalid',
            `使用終了日は ${c.allowedUntil} より後にできません。署名済みの証明書そのものがこの日で期限切れになるためです。それより後も使うには「更新」で新しい証明書を発行してください。`,
            'notAfter',
          );
        if (na < nb) fail('invalid', '使用終了日は使用開始日以降にしてください', 'notAfter');
        c.notBefore = nb;
        c.notAfter = na;
      }
      if (req.enabled !== undefined) c.enabled = !!req.enabled;
      log('cert.update', c.name);
      return out(c);
    },
    Revoke(req) {
      const c = findCert(req.id);
      if (!req.confirm) fail('confirm', `証明書「${c.name}」を失効しますか？失効は取り消せません。`);
      if (c.revokedAt) fail('conflict', 'この証明書は既に失効しています');
      c.revokedAt = now();
      c.revokeReason = String(req.reason ?? '');
      log('cert.revoke', c.name);
      return out(c);
    },
    Renew(req) {
      const old = findCert(req.id);
      if (old.revokedAt) fail('conflict', '失効した証明書は更新できません');
      let name = old.name;
      if (old.kind === 'shared') {
        name = String(req.name ?? '').trim();
        if (!name) fail('invalid', '新しい証明書名を入力してください', 'name');
        validName(name);
      }
      const start = req.notBefore ? String(req.notBefore) : todayISO() > old.notBefore ? todayISO() : old.notBefore;
      if (start > old.notAfter) fail('invalid', '新しい証明書の使用開始日は、古い証明書の使用終了日より前にしてください', 'notBefore');
      const c = newCert(
        { name, kind: old.kind, userId: old.userId, userCode: old.userCode, userName: old.userName, predecessorId: old.id },
        { ...req, notBefore: start, enabled: true },
      );
      old.successorId = c.id;
      log('cert.renew', name);
      return { cert: out(c), passphrase: passphrase() };
    },
    Delete(req) {
      const c = findCert(req.id);
      if (!req.confirm) fail('confirm', `証明書「${c.name}」を削除しますか？`);
      c.deleted = true;
      if (!c.revokedAt) c.revokedAt = now();
      for (const u of b.users) if (u.lastAuthCertName === c.name) {
        u.lastAuthCertName = c.name + ' (削除済み)';
        u.lastAuthCertDeleted = true;
      }
      log('cert.delete', c.name);
      return {};
    },
    Download(req) {
      const c = findCert(req.id);
      if (req.format !== 'p12' && req.format !== 'mobileconfig') fail('invalid', '形式が正しくありません', 'format');
      return { filename: `${c.name}.${req.format}`, dataBase64: btoa('fake ' + String(req.format)) };
    },
    CA: () => ({
      pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      derBase64: btoa('fake der'),
      fingerprint: b.info.caFingerprint,
      subject: 'CN=Sekisho CA',
      notAfter: b.caNotAfter,
    }),
    // As Certs.ExportCA: at least 12 characters, then confirm; the file is opaque here.
    ExportCA(req) {
      const pass = String(req.passphrase ?? '');
      if ([...pass].length < 12)
        fail('invalid', '認証局を書き出すファイルのパスフレーズは12文字以上で入力してください。', 'passphrase');
      if (req.confirm !== true)
        fail('confirm', '認証局（CA）の証明書と秘密鍵を書き出しますか？このファイルとパスフレーズを持つ人は、すべての端末が信頼する証明書を自由に発行できます。');
      return { filename: 'sekisho-ca-20261203.p12', dataBase64: btoa('fake pkcs12') };
    },
    CAStatus: () => caStatus(),
    // As Certs.RenewCA: the mode, then (newKey) the overlap within the
    // bounds, then confirm. sameKey keeps the name and gives new dates; newKey
    // makes a new CA and keeps the old one trusted for overlapDays.
    RenewCA(req) {
      const st = caStatus();
      if (req.mode !== 'sameKey' && req.mode !== 'newKey')
        fail('invalid', '更新の方法を選んでください（同じ鍵で更新、または新しいCAに切り替え）。', 'mode');
      const days = req.overlapDays;
      if (req.mode === 'newKey' && (typeof days !== 'number' || !Number.isInteger(days) || days < st.minOverlapDays || days > st.maxOverlapDays))
        fail(
          'invalid',
          `移行期間は${st.minOverlapDays}日から${st.maxOverlapDays}日の間で入力してください（今のCAの有効期限を超えられません）。`,
          'overlapDays',
        );
      if (req.confirm !== true)
        fail(
          'confirm',
          req.mode === 'sameKey'
            ? '認証局（CA）を同じ鍵で更新しますか？発行済みの証明書はそのまま使えます。'
            : `新しい認証局（CA）に切り替えますか？今のCAが発行した証明書は${String(days)}日後にゲートウェイで使えなくなります。元に戻すことはできません。`,
        );
      const at = Date.now();
      const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
      const old = { subject: b.caSubject, fingerprint: b.info.caFingerprint, notBefore: b.caNotBefore, notAfter: b.caNotAfter };
      const sameKey = req.mode === 'sameKey';
      b.caPrevious.unshift({
        ...old,
        sameKey,
        trustedUntil: sameKey ? old.notAfter : iso(at + Number(days) * 86_400_000),
        replacedAt: iso(at),
      });
      if (!sameKey) b.caSubject = `${b.settings.organizationName || 'Sekisho'} Sekisho CA ${iso(at).slice(0, 10)}`;
      b.info.caFingerprint = fakeFingerprint(b.caPrevious.length + 1);
      b.caNotBefore = iso(at - 48 * 3_600_000);
      b.caNotAfter = iso(at + 20 * 365 * 86_400_000);
      log(sameKey ? 'ca.renew' : 'ca.rotate', b.caSubject, `${old.fingerprint} → ${b.info.caFingerprint}`);
      return caStatus();
    },
    Coverage(req) {
      const today = todayISO();
      const live = b.certs.filter((c) => !c.deleted && (!req.kind || c.kind === req.kind));
      const items = live.map((c) => ({
        id: c.id,
        name: c.name,
        kind: c.kind,
        userCode: c.userCode ?? '',
        validFrom: c.validFrom.startsWith(c.notBefore) ? c.validFrom : c.notBefore + 'T00:00:00+09:00',
        validUntil: addDays(c.notAfter, 1) + 'T00:00:00+09:00',
        state: certState(c),
        successorId: c.successorId ?? '',
      }));
      const warnings: Record<string, unknown>[] = [];
      for (const c of live) {
        if (certState(c) !== 'valid' || c.successorId) continue;
        const days = Math.round((new Date(c.notAfter).getTime() - new Date(today).getTime()) / 86_400_000);
        if (days <= 30) warnings.push({ kind: 'expiringNoSuccessor', certId: c.id, name: c.name, date: c.notAfter, days });
      }
      // fewer than two valid shared certificates at any moment of the next 90 days (as the server)
      let lowFrom = '';
      let lowUntil = '';
      let lowCount = 99;
      for (let d = 0; d <= 90; d++) {
        const day = addDays(today, d);
        const n = b.certs.filter(
          (c) => !c.deleted && c.kind === 'shared' && c.enabled && !c.revokedAt && c.notBefore <= day && day <= c.notAfter,
        ).length;
        if (n < 2) {
          if (!lowFrom) lowFrom = day;
          lowUntil = day;
          lowCount = Math.min(lowCount, n);
        }
      }
      if (lowFrom) warnings.push({ kind: 'lowOverlap', from: lowFrom, until: lowUntil, count: lowCount });
      return {
        now: new Date().toISOString(),
        from: addDays(today, -60) + 'T00:00:00+09:00',
        until: addDays(today, 400) + 'T00:00:00+09:00',
        items,
        total: items.length,
        warnings,
        failOpen: failOpen(),
        strictMode: b.settings.strictMode,
        validCount: validCertNames().size,
      };
    },
  };

  // ---- links ----
  const links: Record<string, Handler> = {
    Create(req) {
      const c = findCert(req.certId);
      const minutes = Number(req.expiresInMinutes || b.settings.linkExpiresInMinutes);
      const uses = Number(req.maxUses || b.settings.linkMaxUses);
      if (minutes < 1 || minutes > 43200) fail('invalid', '有効期限は1〜43200分で指定してください', 'expiresInMinutes');
      if (uses < 1 || uses > 100) fail('invalid', '使用回数は1〜100回で指定してください', 'maxUses');
      const l: Link = {
        id: String(nextLink++),
        certId: c.id,
        expiresAt: new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        maxUses: uses,
        uses: 0,
        state: 'active',
        ipRestricted: !!req.ipRestricted,
        createdAt: now(),
      };
      b.links.push(l);
      log('link.create', c.name);
      // As Links.Create: the download listener (plain HTTP) unless all stays on HTTPS.
      const dl = b.settings.lanServer?.downloadUrl ?? '';
      const base = dl && !b.settings.downloadsHttpsOnly ? dl : b.info.portalUrl;
      return { id: l.id, certId: c.id, url: `${base}d/tok${l.id}x`, expiresAt: l.expiresAt, maxUses: uses, qrPng: TINY_PNG };
    },
    List: (req) => ({ items: b.links.filter((l) => l.certId === req.certId) }),
    Revoke(req) {
      const l = b.links.find((x) => x.id === req.id) ?? fail('not_found', 'リンクが見つかりません');
      l.state = 'revoked';
      log('link.revoke', b.certs.find((c) => c.id === l.certId)?.name ?? l.id);
      return {};
    },
  };

  // ---- notification messages ----
  const render = (req: Req) => {
    const tpl = String(req.template ?? b.settings.messageTemplate ?? '');
    const subj = String(req.subject ?? b.settings.messageSubject ?? '');
    const items = (req.items as Record<string, string>[] | undefined) ?? [];
    if (!items.length) fail('invalid', '対象を選択してください', 'items');
    return items.map((it) => {
      const cert = it.certId ? b.certs.find((c) => c.id === it.certId) : undefined;
      const u = b.users.find((x) => x.id === (it.userId || cert?.userId));
      // As Messages.Render: 【有効期限】 is the certificate's last usable day,
      // 【リンク有効期限】 the link's expiry, in the screens' date format;
      // 【パスワード再発行】 asks the admin (there is no self-service reset).
      const lang = b.settings.language === 'en' ? 'en' : 'ja';
      const later = lang === 'en' ? '(sent separately)' : '（別途お知らせします）';
      const loginUrl = b.info.gatewayUrl ? `${b.info.gatewayUrl}_sekisho/login` : '';
      const reset = !loginUrl
        ? lang === 'en'
          ? 'If you forget your password, ask your administrator to issue a new one.'
          : 'パスワードを忘れた場合は管理者に再発行を依頼してください。'
        : lang === 'en'
          ? `If you forget your password, ask your administrator to issue a new one (sign-in page: ${loginUrl})`
          : `パスワードを忘れた場合は管理者に再発行を依頼してください（ログインURL: ${loginUrl}）`;
      const values: Record<string, string> = {
        loginId: u?.code || later,
        name: u?.name ?? cert?.name ?? '',
        url: it.url || later,
        password: req.kind === 'login' ? later : it.password || later,
        expiry: cert ? formatISODate(cert.notAfter, lang) : later,
        linkExpiry: it.expiresAt ? formatISODateTime(it.expiresAt, lang) : later,
        signInPassword: req.kind === 'login' ? it.password || later : later,
        loginUrl: loginUrl || later,
        passwordReset: reset,
      };
      const ja: Record<string, string> = {
        ログインID: 'loginId',
        氏名: 'name',
        証明書DL画面URL: 'url',
        証明書パスワード: 'password',
        有効期限: 'expiry',
        リンク有効期限: 'linkExpiry',
        パスワード: 'signInPassword',
        ログインURL: 'loginUrl',
        パスワード再発行: 'passwordReset',
      };
      const fill = (text: string) =>
        text
          .replace(/【([^】]+)】/g, (m, k: string) => (ja[k] ? values[ja[k]] : m))
          .replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
      const subject = fill(subj);
      const body = fill(tpl);
      const email = u?.email ?? '';
      return {
        userId: u?.id ?? '',
        code: u?.code ?? '',
        name: u?.name ?? '',
        email,
        subject,
        body,
        mailto: `mailto:${encodeURIComponent(email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`,
      };
    });
  };
  // As Messages.Send: SMTP set up, or a 400 naming the settings.
  const smtpReady = () => {
    if (!b.settings.smtpHost || !b.settings.smtpFrom)
      fail(
        'invalid',
        'メールの送信先サーバーが設定されていません。設定 → メール送信（SMTP）で、SMTPサーバー（smtpHost）と差出人（smtpFrom）を設定してください。何も送信されていません。',
      );
  };
  const messages: Record<string, Handler> = {
    Render: (req) => ({ items: render(req) }),
    Send(req) {
      const items = (req.items as unknown[] | undefined) ?? [];
      if (!items.length) fail('invalid', '対象を1件以上選んでください。', 'items');
      smtpReady();
      const out = { sent: 0, failed: [] as Record<string, unknown>[] };
      render(req).forEach((m, index) => {
        const failed = (message: string) => {
          out.failed.push({ index, userId: m.userId, code: m.code, name: m.name, email: m.email, message });
          log('message.send_failed', m.code, m.email);
        };
        if (!m.email) return failed(`${m.name}（${m.code}）にはメールアドレスが登録されていません。ユーザーの編集でメールアドレスを入力してから再送してください。`);
        const reply = b.mailRejects[m.email];
        if (reply) return failed(`SMTPサーバーが宛先 ${m.email} を受け付けませんでした（${reply}）。メールアドレスが正しいか確認してください。`);
        b.mails.push({ to: m.email, subject: m.subject, body: m.body });
        out.sent++;
        log('message.send', m.code, m.email);
      });
      return out;
    },
    SendTest(req) {
      const to = String(req.to ?? '').trim();
      if (!to) fail('invalid', 'テストメールの宛先を入力してください。', 'to');
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(to)) fail('invalid', `メールアドレスの形式が正しくありません: ${to}`, 'to');
      smtpReady();
      b.mails.push({ to, subject: '【関所】テストメール', body: '関所（Sekisho）からのテストメールです。' });
      log('message.send_test', to);
      return {};
    },
    ExportCSV(req) {
      const rows = render(req).map((m) => [m.code, m.name, m.email, m.subject, JSON.stringify(m.body)].join(','));
      const bytes = new TextEncoder().encode('\uFEFFユーザーコード,氏名,メールアドレス,件名,本文\r\n' + rows.join('\r\n'));
      let bin = '';
      bytes.forEach((x) => (bin += String.fromCharCode(x)));
      return { filename: 'messages.csv', dataBase64: btoa(bin) };
    },
  };

  // ---- IP rules ----
  let nextRule = b.ipRules.reduce((m, r) => Math.max(m, Number(r.id)), 0) + 1;
  const findRule = (id: unknown) => b.ipRules.find((r) => r.id === id) ?? fail('not_found', '接続制限が見つかりません');
  const allows = (rules: IPRule[]) => {
    const on = rules.filter((r) => r.enabled);
    return (a: string) => on.length === 0 || on.some((r) => inRule(a, r.address));
  };
  const cutOff = (after: IPRule[]): CutOffAddress[] => {
    const before = allows(b.ipRules);
    const now = allows(after);
    const out: CutOffAddress[] = [];
    for (const [list, kind] of [[b.selfAddresses, 'self'], [b.clientAddresses, 'client']] as const)
      for (const a of list) if (before(a) && !now(a) && !out.some((c) => c.address === a)) out.push({ address: a, kind });
    return out;
  };
  const applied = (id: string, change: IPRule | null) => {
    const rest = b.ipRules.filter((r) => r.id !== id);
    return change ? [...rest, change] : rest;
  };
  const guard = (after: IPRule[], confirm: unknown) => {
    if (confirm) return;
    const cut = cutOff(after);
    if (cut.length) fail('confirm', `次のアドレスから接続できなくなります: ${cut.map((c) => c.address).join(', ')}`);
  };
  const ruleFields = (req: Req, base?: IPRule) => {
    const name = String(req.name ?? base?.name ?? '').trim();
    const description = String(req.description ?? base?.description ?? '').trim();
    if (!name) fail('invalid', '名前を入力してください', 'name');
    if ([...name].length > 50) fail('invalid', '名前は50文字以内で入力してください', 'name');
    if ([...description].length > 255) fail('invalid', '説明は255文字以内で入力してください', 'description');
    const address = ruleAddress(String(req.address ?? base?.address ?? ''));
    const enabled = req.enabled === undefined ? (base?.enabled ?? false) : !!req.enabled;
    return { name, description, address, enabled };
  };
  const ipRules: Record<string, Handler> = {
    List: () => ({
      items: b.ipRules,
      enforcing: b.ipRules.some((r) => r.enabled),
      selfAddresses: b.selfAddresses,
      clientAddresses: b.clientAddresses,
    }),
    Get: (req) => findRule(req.id),
    Create(req) {
      const r: IPRule = { id: String(nextRule), ...ruleFields(req) };
      guard(applied('', r), req.confirm);
      nextRule++;
      b.ipRules.push(r);
      log('rule.create', r.name);
      return r;
    },
    Update(req) {
      const old = findRule(req.id);
      const r: IPRule = { id: old.id, ...ruleFields(req, old) };
      guard(applied(old.id, r), req.confirm);
      Object.assign(old, r);
      log('rule.update', r.name);
      return old;
    },
    Delete(req) {
      const old = findRule(req.id);
      guard(applied(old.id, null), req.confirm);
      b.ipRules = b.ipRules.filter((r) => r.id !== old.id);
      log('rule.delete', old.name);
      return {};
    },
    Preview(req) {
      const id = String(req.id ?? '');
      if (id) findRule(id);
      const change = req.delete ? null : { id: id || 'new', name: '', description: '', address: ruleAddress(String(req.address ?? '')), enabled: !!req.enabled };
      const after = applied(id, change);
      return { cutOff: cutOff(after), enforcingAfter: after.some((r) => r.enabled) };
    },
  };

  // ---- routes ----
  let nextRoute = b.routes.reduce((m, r) => Math.max(m, Number(r.id)), 0) + 1;
  const findRoute = (id: unknown) => b.routes.find((r) => r.id === id) ?? fail('not_found', 'ルートが見つかりません');
  const routeFields = (req: Req, base?: Route): Omit<Route, 'id'> => {
    const name = String(req.name ?? base?.name ?? '').trim();
    if (!name) fail('invalid', '名前を入力してください', 'name');
    const upstream = String(req.upstream ?? base?.upstream ?? '').trim();
    if (!/^https?:\/\/[^/\s]+/.test(upstream)) fail('invalid', '転送先は http:// または https:// で始まるURLで入力してください', 'upstream');
    let pathPrefix = String(req.pathPrefix ?? base?.pathPrefix ?? '/').trim() || '/';
    if (!pathPrefix.startsWith('/')) pathPrefix = '/' + pathPrefix;
    if (pathPrefix.startsWith('/_sekisho')) fail('invalid', '/_sekisho 以下は使えません', 'pathPrefix');
    const host = String(req.host ?? base?.host ?? '').trim().toLowerCase();
    const flag = (k: 'requireSignIn' | 'requireCertificate' | 'enabled', d: boolean) =>
      req[k] === undefined ? (base ? base[k] : d) : !!req[k];
    return {
      name,
      host,
      pathPrefix,
      upstream,
      requireSignIn: flag('requireSignIn', false),
      requireCertificate: flag('requireCertificate', false),
      enabled: flag('enabled', true),
    };
  };
  const routes: Record<string, Handler> = {
    List: () => ({ items: b.routes }),
    Get: (req) => findRoute(req.id),
    Create(req) {
      const f = routeFields(req);
      if (b.routes.some((r) => r.host === f.host && r.pathPrefix === f.pathPrefix))
        fail('conflict', '同じホスト名とパスのルートがあります', 'pathPrefix');
      const r: Route = { id: String(nextRoute++), ...f };
      b.routes.push(r);
      log('route.create', r.name, `${r.host}${r.pathPrefix} → ${r.upstream}`);
      return r;
    },
    Update(req) {
      const old = findRoute(req.id);
      const f = routeFields(req, old);
      if (b.routes.some((r) => r.id !== old.id && r.host === f.host && r.pathPrefix === f.pathPrefix))
        fail('conflict', '同じホスト名とパスのルートがあります', 'pathPrefix');
      Object.assign(old, f);
      log('route.update', old.name, `${old.host}${old.pathPrefix} → ${old.upstream}`);
      return old;
    },
    Delete(req) {
      const old = findRoute(req.id);
      b.routes = b.routes.filter((r) => r !== old);
      log('route.delete', old.name);
      return {};
    },
    Test(req) {
      const target = req.id ? findRoute(req.id).upstream : String(req.upstream ?? '');
      if (!/^https?:\/\//.test(target)) fail('invalid', '転送先は http:// または https:// で始まるURLで入力してください', 'upstream');
      // as app/routes.go: the words from the catalog, the network error as the detail
      const host = target.replace(/^https?:\/\//, '').split('/')[0];
      if (target.includes('down'))
        return {
          ok: false,
          status: 0,
          message: `${host} に接続できませんでした（接続を拒否されました）。転送先のアプリが起動しているか、ポート番号が正しいかを確認してください。`,
          error: `dial tcp ${host}: connect: connection refused`,
          durationMs: 3,
        };
      if (target.includes('broken'))
        return {
          ok: false,
          status: 502,
          message: 'アプリには届きましたが、アプリがエラーを返しました（HTTP 502）。アプリの状態を確認してください。',
          error: '502 Bad Gateway',
          durationMs: 8,
        };
      return { ok: true, status: 200, durationMs: 12 };
    },
  };

  // ---- devices ----
  const deviceLabel = (d: Device) => `${d.deviceName} (${d.userCode})`;
  const findDevice = (id: string) => b.devices.find((d) => d.id === id) ?? fail('not_found', '端末が見つかりません');
  const withDesignation = (d: Device): Device => ({ ...d, designated: b.users.find((u) => u.id === d.userId)?.requireDevice ?? d.designated });
  const dayOf = (iso: string) => (iso ? new Date(iso).toISOString().slice(0, 10) : '');
  const devices: Record<string, Handler> = {
    List(req) {
      const size = Number(req.pageSize ?? 100);
      const page = Number(req.page ?? 1);
      if (![10, 20, 50, 100].includes(size)) fail('invalid', '表示件数が正しくありません', 'pageSize');
      const all = b.devices.map(withDesignation).filter(
        (d) =>
          (!req.status || d.status === req.status) &&
          (!req.userId || d.userId === req.userId) &&
          (!req.os || d.os === req.os) &&
          (!req.deviceName || d.deviceName.includes(String(req.deviceName))) &&
          (!req.designation || (req.designation === 'on') === d.designated) &&
          (!req.requestedFrom || dayOf(d.requestedAt) >= String(req.requestedFrom)) &&
          (!req.requestedTo || dayOf(d.requestedAt) <= String(req.requestedTo)) &&
          (!req.processedFrom || (!!d.processedAt && dayOf(d.processedAt) >= String(req.processedFrom))) &&
          (!req.processedTo || (!!d.processedAt && dayOf(d.processedAt) <= String(req.processedTo))),
      );
      return { items: all.slice((page - 1) * size, page * size), total: all.length };
    },
    Approve(req) {
      let changed = 0;
      for (const id of ids(req)) {
        const d = findDevice(id);
        if (d.status !== 'approved') changed++;
        Object.assign(d, { status: 'approved', processedAt: now() });
      }
      if (changed) log('device.approved', ids(req).map((id) => deviceLabel(findDevice(id))).join(', '));
      return { changed };
    },
    Reject(req) {
      let changed = 0;
      for (const id of ids(req)) {
        const d = findDevice(id);
        if (d.status !== 'rejected') changed++;
        Object.assign(d, { status: 'rejected', processedAt: now() });
      }
      if (changed) log('device.rejected', ids(req).map((id) => deviceLabel(findDevice(id))).join(', '));
      return { changed };
    },
  };

  // ---- access log ----
  const accessFiltered = (req: Req) =>
    b.access.filter(
      (e) =>
        (!req.decision || e.decision === req.decision) &&
        (!req.userCode || e.userCode === req.userCode) &&
        (!req.reason || e.reason === req.reason) &&
        (!req.clientIp || e.clientIp === req.clientIp) &&
        (!req.route || e.route === req.route) &&
        (!req.from || dayOf(e.time) >= String(req.from)) &&
        (!req.to || dayOf(e.time) <= String(req.to)),
    );
  const access: Record<string, Handler> = {
    List(req) {
      const size = Number(req.pageSize ?? 20);
      const page = Number(req.page ?? 1);
      if (![10, 20, 50, 100].includes(size)) fail('invalid', '表示件数が正しくありません', 'pageSize');
      if (req.decision && !['allow', 'deny'].includes(String(req.decision))) fail('invalid', '判定が正しくありません', 'decision');
      const all = accessFiltered(req);
      return { items: all.slice((page - 1) * size, page * size), total: all.length, dropped: b.dropped };
    },
    ExportCSV(req) {
      const rows = accessFiltered(req).map((e) => [e.time, e.clientIp, e.userCode, e.route, e.decision, e.reason].join(','));
      const bytes = new TextEncoder().encode('\uFEFF日時,クライアントIP,ユーザーコード,アプリ,判定,理由\r\n' + rows.join('\r\n'));
      let bin = '';
      bytes.forEach((x) => (bin += String.fromCharCode(x)));
      return { filename: 'access-20250101-000000.csv', dataBase64: btoa(bin) };
    },
  };

  const dashboard = () => {
    const hourMs = 3_600_000;
    const since = Date.now() - 24 * hourMs;
    const buckets = new Map<number, number>();
    // As System.Dashboard: sign-in failures have their own count and stay
    // out of the denial chart and the recent denials, as do redirects to the
    // sign-in page.
    const signIn = (e: AccessEntry) => e.reason === 'sign_in_failed' || e.reason === 'sign_in_throttled';
    const signIns = { failed: 0, throttled: 0 };
    for (const e of b.access)
      if (e.decision === 'deny' && Date.parse(e.time) >= since) {
        if (signIn(e)) {
          signIns[e.reason === 'sign_in_failed' ? 'failed' : 'throttled']++;
          continue;
        }
        if (e.reason === 'sign_in_required') continue; // the normal way in, not a denial
        const h = Math.floor(Date.parse(e.time) / hourMs) * hourMs;
        buckets.set(h, (buckets.get(h) ?? 0) + 1);
      }
    const valid = b.certs.filter((c) => !c.deleted && certState(c) === 'valid');
    const today = todayISO();
    return {
      protection: {
        failOpen: failOpen(),
        strictMode: b.settings.strictMode,
        validCerts: valid.length,
        ipRulesEnforcing: b.ipRules.some((r) => r.enabled),
        ipRules: b.ipRules.filter((r) => r.enabled).length,
        routes: b.routes.filter((r) => r.enabled).length,
        requireCertUsers: b.users.filter((u) => u.requireCert).length,
        requireDeviceUsers: b.users.filter((u) => u.requireDevice).length,
        suspendedUsers: b.users.filter((u) => u.suspended).length,
        activeUsers: b.users.filter((u) => !u.suspended).length,
      },
      pendingDevices: b.devices.filter((d) => d.status === 'pending').length,
      expiringSoon: valid.filter((c) => c.notAfter < addDays(today, 30)).map(out),
      warnings: [],
      denials: [...buckets].sort((x, y) => x[0] - y[0]).map(([h, count]) => ({ hour: new Date(h).toISOString().replace('.000', ''), count })),
      recentDenials: b.access
        .filter((e) => e.decision === 'deny' && !signIn(e) && e.reason !== 'sign_in_required')
        .slice(0, 10),
      signIns,
      server: {
        portalUrl: b.info.portalUrl,
        gatewayUrl: b.info.gatewayUrl,
        downloadUrl: 'http://192.168.1.20:7080/',
        caPageUrl: 'http://192.168.1.20:7080/',
        portalQrPng: TINY_PNG,
        gatewayQrPng: TINY_PNG,
        lanAddresses: b.selfAddresses,
        caFingerprint: b.info.caFingerprint,
        startedAt: '2025-01-01T00:00:00Z',
        logWritten: b.access.length,
        logDropped: b.dropped,
        logQueued: 0,
      },
      backup: { enabled: !!b.settings.backupScheduleEnabled, ...b.backupLast },
      ca: caExpiry(b.caNotAfter),
    };
  };

  /** no users, certificates, rules, routes or devices: System.Info's fresh and System.Restore's precondition */
  const holdsNothing = () => b.users.length + b.certs.length + b.ipRules.length + b.routes.length + b.devices.length === 0;

  /**
   * As Settings.Update's listener part: a flag-fixed setting cannot change;
   * the portal, gateway and download listener need three ports (the
   * download listener only while it runs: not with downloadsHttpsOnly);
   * a move asks first (confirm) while devices were connected to the
   * gateway lately (its address changes) or usable links name the old
   * portal or download address; a port another program holds fails. Returns
   * the new lanServer (null when nothing moved); changes nothing itself.
   */
  const moveListeners = (req: Req): Settings['lanServer'] | null => {
    const cur = b.settings;
    const was = cur.lanServer!;
    const fixed = was.fixed ?? {};
    const keys = ['portalPort', 'gatewayPort', 'downloadPort', 'publicHost', 'downloadsHttpsOnly'] as const;
    if (keys.every((k) => req[k] === undefined)) return null;
    for (const k of ['portalPort', 'gatewayPort', 'downloadPort', 'publicHost'] as const)
      if (req[k] !== undefined && fixed[k])
        fail('invalid', `この値はコマンドラインの ${fixed[k]} で指定されているため、ここでは変更できません。`, k);
    const port = (u: string) => Number(new URL(u).port);
    const host = (u: string) => new URL(u).hostname;
    const pick = <T>(k: (typeof keys)[number], fromFlag: T, saved: T): T =>
      fixed[k] ? fromFlag : ((req[k] as T | undefined) ?? saved);
    const before = {
      portal: port(was.portalUrl),
      gateway: port(was.gatewayUrl),
      download: was.downloadUrl ? port(was.downloadUrl) : 0,
      host: host(was.gatewayUrl),
    };
    const httpsOnly = Boolean(req.downloadsHttpsOnly ?? cur.downloadsHttpsOnly);
    const after = {
      portal: pick('portalPort', before.portal, cur.portalPort ?? 7443),
      gateway: pick('gatewayPort', before.gateway, cur.gatewayPort ?? 8443),
      // --download (off or an address) wins over the setting
      download: fixed.downloadPort ? before.download : httpsOnly ? 0 : pick('downloadPort', 0, cur.downloadPort ?? 7080),
      host: fixed.publicHost ? before.host : String(req.publicHost ?? cur.publicHost ?? '') || was.lanAddresses[0],
    };
    const ports = req.portalPort !== undefined || req.gatewayPort !== undefined;
    if (ports && after.portal === after.gateway)
      fail('invalid', 'ポータルとゲートウェイには別々のポートを指定してください。変更は保存されていません。', 'gatewayPort');
    if (after.download && (ports || req.downloadPort !== undefined) && (after.download === after.portal || after.download === after.gateway))
      fail('invalid', 'ダウンロードのポートには、ポータルやゲートウェイとは別のポートを指定してください。', 'downloadPort');
    const moved = (k: keyof typeof before) => after[k] !== before[k];
    if (!moved('portal') && !moved('gateway') && !moved('download') && !moved('host')) return null;
    if (!req.confirm) {
      const clients = moved('gateway') || moved('host') ? (b.recentClients ?? []) : [];
      const t = Date.now();
      const links =
        // as the server: starting the download listener strands no link
        moved('portal') || (before.download !== 0 && moved('download')) || moved('host')
          ? b.links.filter((l) => l.state === 'active' && Date.parse(l.expiresAt) > t && l.uses < l.maxUses).length
          : 0;
      const devices = `直近5分間にゲートウェイに接続していた端末 ${clients.length}台（${clients.join(', ')}）は新しいアドレスに接続し直す必要があります`;
      const handed = `まだ使える配布済みのダウンロードリンク ${links}件とそのQRコードは`;
      if (clients.length && links)
        fail('confirm', `この変更で、${devices}。また、${handed}使えなくなります（必要なら作り直してください）。よろしいですか？`);
      if (clients.length) fail('confirm', `この変更で、${devices}。よろしいですか？`);
      if (links) fail('confirm', `この変更で、${handed}古いアドレスのままになり、使えなくなります（必要なら作り直してください）。よろしいですか？`);
    }
    for (const k of ['portal', 'gateway', 'download'] as const)
      if (after[k] && moved(k) && (b.busyPorts ?? []).includes(after[k]))
        fail('invalid', `ポート${after[k]}はほかのプログラムが使用中です。別のポートを指定してください。変更は保存されていません。`, `${k}Port`);
    return {
      ...was,
      portalUrl: `https://${after.host}:${after.portal}/`,
      gatewayUrl: `https://${after.host}:${after.gateway}/`,
      downloadUrl: after.download ? `http://${after.host}:${after.download}/` : '',
    };
  };

  const services: Record<string, Record<string, Handler>> = {
    Users: users,
    IPRules: ipRules,
    Routes: routes,
    Devices: devices,
    Access: access,
    Certs: certs,
    Links: links,
    Messages: messages,
    History: {
      List(req) {
        const page = Number(req.page ?? 1);
        const size = Number(req.pageSize ?? 20);
        const all = req.targetType ? b.history.filter((h) => h.targetType === req.targetType) : b.history;
        return { items: all.slice((page - 1) * size, page * size), total: all.length };
      },
    },
    Settings: {
      Get: () => b.settings,
      Update(req) {
        if (req.language !== undefined) b.settings.language = req.language as Settings['language'];
        if (req.organizationName !== undefined) b.settings.organizationName = String(req.organizationName);
        const d = req.defaultValidityDays;
        if (d !== undefined && (typeof d !== 'number' || d < 1 || d > 3650))
          fail('invalid', '既定の有効期間は1〜3650日で指定してください', 'defaultValidityDays');
        const r = req.accessLogRetentionDays;
        if (r !== undefined && (typeof r !== 'number' || r < 1 || r > 3650))
          fail('invalid', 'アクセスログの保存期間は1〜3650日で指定してください', 'accessLogRetentionDays');
        const m = req.linkExpiresInMinutes;
        if (m !== undefined && (typeof m !== 'number' || m < 5 || m > 43200))
          fail('invalid', 'リンクの有効期限は5〜43200分で指定してください', 'linkExpiresInMinutes');
        const c = req.maxConnectionsPerAddress;
        if (c !== undefined && (typeof c !== 'number' || !Number.isInteger(c) || c < 10 || c > 10000))
          fail(
            'invalid',
            '1つのアドレスからの同時接続数は10〜10000の数値で指定してください。変更は保存されていません。',
            'maxConnectionsPerAddress',
          );
        for (const k of ['portalPort', 'gatewayPort', 'downloadPort'] as const) {
          const p = req[k];
          if (p !== undefined && (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535))
            fail('invalid', 'ポート番号は1〜65535の数値で指定してください。変更は保存されていません。', k);
        }
        // As the schedule's checks: an absolute folder ("/missing…" does
        // not exist), a passphrase of 12 or more, never returned.
        const folder = req.backupFolder;
        if (folder !== undefined && folder !== '') {
          if (typeof folder !== 'string' || !(folder.startsWith('/') || /^[A-Za-z]:\\/.test(folder)))
            fail('invalid', 'バックアップの保存先は、C:\\Backup や /mnt/nas/sekisho のような絶対パスで入力してください。', 'backupFolder');
          if (folder.startsWith('/missing'))
            fail('invalid', `バックアップの保存先 ${folder} が見つかりません。`, 'backupFolder');
        }
        const bp = req.backupPassphrase;
        if (bp !== undefined && [...String(bp)].length < 12)
          fail('invalid', 'バックアップのパスフレーズは12文字以上で入力してください。', 'backupPassphrase');
        for (const [k, lo, hi] of [['backupIntervalHours', 1, 720], ['backupKeep', 1, 365]] as const) {
          const v = req[k];
          if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi))
            fail('invalid', `${lo}から${hi}の数値を入力してください。`, k);
        }
        const on = req.backupScheduleEnabled ?? b.settings.backupScheduleEnabled;
        if (on && !(folder ?? b.settings.backupFolder))
          fail('invalid', '自動バックアップをオンにするには、保存先のフォルダーを入力してください。', 'backupFolder');
        if (on && !(bp !== undefined || b.settings.backupPassphraseSet))
          fail('invalid', '自動バックアップをオンにするには、バックアップのパスフレーズを設定してください。', 'backupPassphrase');
        // As the SMTP settings' checks (app/smtp.go).
        const host = req.smtpHost;
        if (host !== undefined && !/^[A-Za-z0-9._-]*$/.test(String(host).trim()))
          fail('invalid', `SMTPサーバーは、ホスト名かIPアドレスだけで入力してください（例: smtp.example.co.jp）。ポート番号は「ポート」に入力します: ${host}`, 'smtpHost');
        const sp = req.smtpPort;
        if (sp !== undefined && (typeof sp !== 'number' || !Number.isInteger(sp) || sp < 1 || sp > 65535))
          fail('invalid', 'ポート番号は1〜65535の数値で指定してください。変更は保存されていません。', 'smtpPort');
        const from = req.smtpFrom;
        if (from !== undefined && from !== '' && !/@[^@\s>]+\.[^@\s>]+>?$/.test(String(from).trim()))
          fail('invalid', `差出人はメールアドレスで入力してください（例: it@example.co.jp または 情報システム部 <it@example.co.jp>）: ${from}`, 'smtpFrom');
        const newPass = typeof req.smtpPassword === 'string' && req.smtpPassword !== '';
        const user = String(req.smtpUsername ?? b.settings.smtpUsername ?? '');
        const security = String(req.smtpSecurity ?? b.settings.smtpSecurity ?? 'starttls');
        const passAfter = newPass || (!!b.settings.smtpPasswordSet && !req.smtpPasswordClear);
        if (user && security === 'none')
          fail('invalid', '暗号化なし（none）ではパスワードが平文で送られるため、ユーザー名とパスワードを使えません。STARTTLS か TLS を選ぶか、ユーザー名を空にしてください。', 'smtpSecurity');
        if (user && !passAfter)
          fail('invalid', 'ユーザー名を使うときは、SMTPのパスワードも入力してください（認証しないサーバーなら、ユーザー名を空にしてください）。', 'smtpPassword');
        const lan = moveListeners(req);
        if (bp !== undefined) b.settings.backupPassphraseSet = true;
        if (newPass || req.smtpPasswordClear) b.settings.smtpPasswordSet = passAfter;
        for (const k of ['smtpHost', 'smtpUsername', 'smtpFrom'] as const)
          if (req[k] !== undefined) b.settings[k] = String(req[k]).trim();
        if (req.smtpPort !== undefined) b.settings.smtpPort = Number(req.smtpPort);
        if (req.smtpSecurity !== undefined) b.settings.smtpSecurity = req.smtpSecurity as Settings['smtpSecurity'];
        for (const k of [
          'portalPort',
          'gatewayPort',
          'publicHost',
          'downloadPort',
          'downloadsHttpsOnly',
          'selfServiceEnabled',
          'selfServiceRevokePrevious',
          'strictMode',
          'certBypassesIpRules',
          'defaultValidityDays',
          'keyAlgorithm',
          'pkcs12Compat',
          'linkExpiresInMinutes',
          'linkMaxUses',
          'linkDownloadsEnabled',
          'messageTemplate',
          'messageSubject',
          'accessLogRetentionDays',
          'maxConnectionsPerAddress',
          'backupScheduleEnabled',
          'backupFolder',
          'backupIntervalHours',
          'backupKeep',
        ] as const) {
          if (req[k] !== undefined) (b.settings as unknown as Record<string, unknown>)[k] = req[k];
        }
        if (lan) b.settings.lanServer = lan;
        log('settings.update', '');
        return b.settings;
      },
    },
    System: {
      // As System.Info: fresh only while the engine holds no data.
      Info: () => ({ ...b.info, fresh: !!b.info.fresh && holdsNothing() }),
      // As System.Restore: a new engine only; the passphrase, then the file
      // (FAKE_BACKUP_BASE64; "damaged" or anything else is not a backup).
      // The old PC's data replaces the (empty) data here.
      Restore: (req) => {
        const data = String(req.dataBase64 ?? '');
        const pass = String(req.passphrase ?? '');
        if (!data) fail('invalid', 'バックアップファイル（.sekisho-backup）を選んでください。', 'dataBase64');
        if (!pass) fail('invalid', 'バックアップを作成したときのパスフレーズを入力してください。', 'passphrase');
        if (!holdsNothing())
          fail(
            'conflict',
            `このSekishoにはすでにデータ（ユーザー、証明書、ルールなど）があるため、画面からは復元できません。今のデータを残したまま置き換えるには、Sekishoを止めてから sekisho restore --data ${b.info.dataDir} --in バックアップファイル --force を実行してください（今のデータは日付付きのフォルダーに残ります）。`,
          );
        if (data !== FAKE_BACKUP_BASE64)
          fail('invalid', 'このファイルは壊れているか、Sekishoのバックアップではありません。別のバックアップファイルを選んでください。何も変更されていません。', 'dataBase64');
        const from = b.restoreFrom;
        if (pass !== from.passphrase)
          fail('invalid', 'パスフレーズが違います。バックアップを作成したときのパスフレーズを入力してください。何も変更されていません。', 'passphrase');
        b.users = sampleUsers(40);
        b.certs = sampleCerts();
        b.certs[2].revokedAt = '2026-06-01T00:00:00Z';
        b.ipRules = [{ id: '1', name: 'LAN', description: '', address: '192.168.1.0/24', enabled: true }];
        b.routes = [{ id: '1', name: 'Wiki', host: '', pathPrefix: '/', upstream: 'http://wiki.local', requireSignIn: true, requireCertificate: false, enabled: true }];
        b.devices = sampleDevices(b.users);
        b.info.caFingerprint = from.caFingerprint;
        b.info.fresh = false;
        b.settings.organizationName = '株式会社サンプル（復元）';
        log('backup.restore', 'ca', from.createdAt);
        return {
          createdAt: from.createdAt,
          appVersion: from.appVersion,
          caFingerprint: from.caFingerprint,
          users: b.users.length,
          certificates: b.certs.length,
          revocations: b.certs.filter((c) => c.revokedAt).length,
          ipRules: b.ipRules.length,
          routes: b.routes.length,
          devices: b.devices.length,
          publicHostCleared: from.publicHostCleared,
          listenError: from.listenError,
        };
      },
      StartFresh: () => {
        b.info.fresh = false;
        return {};
      },
      Dashboard: dashboard,
      SaveFile: (req) => ({ saved: true, path: '/home/admin/Downloads/' + String(req.filename) }),
      // As System.Backup: at least 12 characters; the file is opaque here.
      Backup: (req) => {
        const pass = String(req.passphrase ?? '');
        if ([...pass].length < 12)
          fail('invalid', 'バックアップのパスフレーズは12文字以上で入力してください。', 'passphrase');
        return { filename: 'sekisho-20261203-104500.sekisho-backup', dataBase64: FAKE_BACKUP_BASE64 };
      },
      OpenLogFolder: () => {
        log('system.openLogFolder', '');
        return {};
      },
    },
  };

  for (const [svc, methods] of Object.entries(services)) {
    b.services[svc] = {};
    for (const [name, fn] of Object.entries(methods)) {
      // A method "missing" from this build, as with bindings generated before it existed.
      if (opts.missing?.includes(`${svc}.${name}`)) continue;
      b.services[svc][name] = (req: Req = {}) => {
        b.calls.push({ method: `${svc}.${name}`, req });
        return new Promise((resolve, reject) => {
          const run = async () => {
            try {
              resolve(structuredClone(await fn(req)));
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
