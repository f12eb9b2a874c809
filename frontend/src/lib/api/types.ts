// Types of the admin API (app/ services), as the Go backend sends them:
// camelCase JSON, ids as strings, times as RFC 3339 ("" when empty).

/** One of the stable error codes of the admin API. */
export type ErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'confirm'
  | 'unauthorized'
  | 'unsupported'
  | 'internal';

export interface User {
  id: string;
  code: string;
  name: string;
  email: string;
  phone: string;
  group: string;
  suspended: boolean;
  requireCert: boolean;
  requireDevice: boolean;
  lastAuthCertName: string;
  /** true when that certificate was deleted (the name then carries "(削除済み)") */
  lastAuthCertDeleted?: boolean;
  lastAuthAt: string;
  createdAt: string;
  updatedAt: string;
}

/** Filter on suspension: "" = every user. */
export type UserState = '' | 'active' | 'suspended';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** Filter on 認証を使う: "" = every user. */
export type RequireCertFilter = '' | 'on' | 'off';

/** The filter fields Users.List, ExportCSV, SetRequireCertMatching and RequireCertCheck share. */
export interface UserFilterFields {
  query?: string;
  group?: string;
  state?: UserState;
  requireCert?: RequireCertFilter;
  /** exact name of the certificate the user last authenticated with */
  certName?: string;
  /** 有効な証明書を利用していないユーザーのみ */
  withoutValidCert?: boolean;
  /** the user's own personal certificates (issuance picker): 未発行 / 有効 / 期限切れ / 失効 */
  certState?: UserCertState;
}

/** A user's personal-certificate state, best live certificate first (model.UserCertState). */
export type UserCertState = '' | 'none' | 'valid' | 'expired' | 'revoked';

export interface UserListRequest extends UserFilterFields {
  page?: number;
  pageSize?: number;
}

export interface SetRequireCertMatchingRequest extends UserFilterFields {
  enabled: boolean;
}

export interface RequireCertCheckRequest extends UserFilterFields {
  ids?: string[];
  all?: boolean;
}

/** What turning 認証を使う on would do (運用途中から導入). */
export interface RequireCertCheck {
  total: number;
  /** users not yet using a valid certificate: locked out once required (unless fail-open) */
  neverAuthenticated: number;
  /** no valid certificate exists and strict mode is off: the requirement is not enforced */
  failOpen: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface UserInput {
  code: string;
  name: string;
  email?: string;
  phone?: string;
  group?: string;
}

export interface UserUpdate {
  id: string;
  code?: string;
  name?: string;
  email?: string;
  phone?: string;
  group?: string;
}

export interface Changed {
  changed: number;
}

export interface PasswordResult {
  password: string;
}

export interface Groups {
  items: string[];
}

export interface ImportLineError {
  line: number;
  message: string;
  /** the request/CSV field at fault, when one is */
  field?: string;
}

export interface ImportPreviewLine {
  line: number;
  action: 'create' | 'update';
  code: string;
  name: string;
  email: string;
  phone: string;
  group: string;
  /** "" = unchanged (active for a new user) */
  state?: '' | 'active' | 'suspended';
  /** older form of state */
  suspended?: boolean;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: ImportLineError[];
  preview: ImportPreviewLine[];
  /** true when the preview lists only the first lines */
  previewTruncated?: boolean;
  dryRun?: boolean;
}

export type CsvEncoding = 'utf8' | 'sjis';

export interface ExportRequest extends UserFilterFields {
  encoding?: CsvEncoding;
}

export interface ExportResult {
  filename: string;
  csvBase64?: string;
  dataBase64?: string;
}

export interface HistoryItem {
  id: string;
  time: string;
  actor: string;
  action: string;
  targetType: string;
  target: string;
  detail: string;
}

export interface HistoryPage {
  items: HistoryItem[];
  total: number;
}

export type Language = 'ja' | 'en';

export type KeyAlgorithm = 'rsa2048' | 'ecdsa-p256';
/** legacy = 3DES (imports everywhere), modern = AES-256 */
export type Pkcs12Compat = 'legacy' | 'modern';

export interface Settings {
  language: Language | '';
  /** the language the server uses when language is "" (from the OS locale) */
  effectiveLanguage?: Language;
  organizationName: string;
  strictMode: boolean;
  /**
   * a request that presents a valid client certificate is admitted from
   * addresses outside the enabled IP rules; every other rule still applies
   * (false: the IP rules apply to everyone)
   */
  certBypassesIpRules?: boolean;
  defaultValidityDays?: number;
  keyAlgorithm?: KeyAlgorithm;
  pkcs12Compat?: Pkcs12Compat;
  linkExpiresInMinutes?: number;
  linkMaxUses?: number;
  linkDownloadsEnabled?: boolean;
  messageTemplate?: string;
  messageSubject?: string;
  /** the login-guidance template (ログイン案内: 【氏名】【ログインID】【パスワード】【ログインURL】) */
  loginTemplate?: string;
  loginSubject?: string;
  /** days the access log is kept (1–3650, 90) */
  accessLogRetentionDays?: number;
  /** connections one client address may hold to the portal and gateway together (10–10000, 100) */
  maxConnectionsPerAddress?: number;
  /** the LAN server's ports (7443, 8443) and the host links use ("" = the first LAN address) */
  portalPort?: number;
  gatewayPort?: number;
  publicHost?: string;
  /**
   * the plain-HTTP download listener's port (7080): phones open download
   * links there without a certificate warning. downloadsHttpsOnly runs no
   * download listener and links point to the portal (false).
   */
  downloadPort?: number;
  downloadsHttpsOnly?: boolean;
  /**
   * employees issue their own personal certificate, signed in at the
   * gateway (false); doing so revokes their earlier ones (true);
   * selfServiceUrl is the address to give them ("" while the LAN server is down)
   */
  selfServiceEnabled?: boolean;
  selfServiceRevokePrevious?: boolean;
  selfServiceUrl?: string;
  /** where the portal, gateway and download listener are now */
  lanServer?: LANServer;
  /** the folder of the engine's log file */
  logFolder?: string;
  /** scheduled backups: on (false), the folder (an absolute path), hours between two (24; 1–720), how many kept (7; 1–365) */
  backupScheduleEnabled?: boolean;
  backupFolder?: string;
  backupIntervalHours?: number;
  backupKeep?: number;
  /** whether the scheduled backups' passphrase is set (it is never returned) */
  backupPassphraseSet?: boolean;
  /**
   * SMTP for notification mail (Messages.Send): the server ("" = no mail),
   * port (587), user name ("" = no sign-in), sender and security. The
   * password is never returned: smtpPasswordSet says whether one is stored.
   */
  smtpHost?: string;
  smtpPort?: number;
  smtpUsername?: string;
  smtpPasswordSet?: boolean;
  smtpFrom?: string;
  smtpSecurity?: SmtpSecurity;
}

/** starttls = STARTTLS required (587), tls = implicit TLS (465), none = no encryption (an office relay) */
export type SmtpSecurity = 'starttls' | 'tls' | 'none';

export interface LANServer {
  portalUrl: string;
  gatewayUrl: string;
  /** the download listener's URL ("" when it does not run) */
  downloadUrl: string;
  /** why the download listener is not running although wanted (its port was taken at start) */
  downloadError?: string;
  /** portalPort / gatewayPort / downloadPort / publicHost → the command-line flag that fixes it */
  fixed: Record<string, string>;
  lanAddresses: string[];
}

export interface SettingsUpdate {
  language?: Language | '';
  organizationName?: string;
  strictMode?: boolean;
  certBypassesIpRules?: boolean;
  defaultValidityDays?: number;
  keyAlgorithm?: KeyAlgorithm;
  pkcs12Compat?: Pkcs12Compat;
  linkExpiresInMinutes?: number;
  linkMaxUses?: number;
  linkDownloadsEnabled?: boolean;
  messageTemplate?: string;
  messageSubject?: string;
  loginTemplate?: string;
  loginSubject?: string;
  accessLogRetentionDays?: number;
  maxConnectionsPerAddress?: number;
  portalPort?: number;
  gatewayPort?: number;
  publicHost?: string;
  downloadPort?: number;
  downloadsHttpsOnly?: boolean;
  selfServiceEnabled?: boolean;
  selfServiceRevokePrevious?: boolean;
  backupScheduleEnabled?: boolean;
  backupFolder?: string;
  backupIntervalHours?: number;
  backupKeep?: number;
  /** write-only: the scheduled backups' passphrase (at least 12 characters), stored sealed */
  backupPassphrase?: string;
  smtpHost?: string;
  smtpPort?: number;
  smtpUsername?: string;
  /** write-only, stored sealed: "" or omitted keeps the stored password */
  smtpPassword?: string;
  /** removes the stored SMTP password */
  smtpPasswordClear?: boolean;
  smtpFrom?: string;
  smtpSecurity?: SmtpSecurity;
  /** accepts that devices connected now must reconnect to the LAN server's new address, and that usable links keep the old one */
  confirm?: boolean;
}

export interface SystemInfo {
  version: string;
  mode: 'desktop' | 'serve';
  dataDir: string;
  adminUrl?: string;
  portalUrl: string;
  gatewayUrl: string;
  caFingerprint: string;
  /** the CA's SHA-1 as Windows shows it when the root is installed (拇印) */
  caThumbprint?: string;
  /**
   * a new engine (no users, certificates, revocations, IP rules, routes or
   * devices) whose admin has not yet chosen to start afresh: the first
   * screen offers 新しく始める / バックアップから復元
   */
  fresh?: boolean;
}

/**
 * How the desktop window reaches the engine (Console.State, window only):
 * portable, it runs the engine itself and the gateway stops with it;
 * attached, it is the console of the engine that runs as a service (or
 * `sekisho serve`) and closing it changes nothing.
 */
export type ConsoleMode = 'portable' | 'attached';

export interface ConsoleState {
  mode: ConsoleMode;
  dataDir: string;
  engineUrl: string;
  enginePid: number;
  /** attached: the window hears the engine (its event stream is up) */
  connected: boolean;
  /** where the engine as an OS service keeps its data */
  serviceDataDir: string;
  /** the commands that install and start the service (need an administrator) */
  installCommands: string[];
}

export interface SaveFileResult {
  saved: boolean;
  path: string;
}

/** A backup taken now (System.Backup): one encrypted .sekisho-backup file. */
export interface BackupResult {
  /** e.g. sekisho-20261203-104500.sekisho-backup */
  filename: string;
  dataBase64: string;
}

/** What System.Restore put in place: the backup's facts and counts. */
export interface RestoreResult {
  /** when the backup was made (RFC 3339) */
  createdAt: string;
  /** the Sekisho version that made it */
  appVersion: string;
  /** the restored CA's SHA-256 fingerprint (hex): the old machine's */
  caFingerprint: string;
  users: number;
  certificates: number;
  revocations: number;
  ipRules: number;
  routes: number;
  devices: number;
  /** the old machine's address the restored public host named ("" if none): links now use this machine's */
  publicHostCleared: string;
  /** why the restored ports could not be taken ("" when they were): the listeners stayed */
  listenError: string;
}

// ---- certificates (SPEC section 1) ----

export type CertKind = 'shared' | 'personal';
export type CertState = 'valid' | 'disabled' | 'expired' | 'notYetValid' | 'revoked';
export const CERT_STATES: readonly CertState[] = ['valid', 'disabled', 'expired', 'notYetValid', 'revoked'];

export interface Cert {
  id: string;
  name: string;
  kind: CertKind;
  userId?: string;
  userCode?: string;
  userName?: string;
  /** lower-case hex */
  serial: string;
  keyAlgorithm: KeyAlgorithm | string;
  /** 使用開始日 (inclusive date, YYYY-MM-DD) */
  notBefore: string;
  /** 使用終了日 (inclusive date, YYYY-MM-DD) */
  notAfter: string;
  enabled: boolean;
  state: CertState;
  authenticatedUsers: number;
  revokedAt: string;
  revokeReason: string;
  predecessorId?: string;
  successorId?: string;
  createdAt: string;
  /** the window as exact times (RFC 3339) */
  validFrom: string;
  validUntil: string;
  x509NotAfter: string;
  /** the earliest 使用開始日 and latest 使用終了日 the window may take: the X.509 dates (YYYY-MM-DD, inclusive) */
  allowedFrom: string;
  allowedUntil: string;
}

export interface CertListRequest {
  query?: string;
  kind?: CertKind | '';
  state?: CertState | '';
  userId?: string;
  page?: number;
  pageSize?: number;
}

export interface IssueSharedRequest {
  name: string;
  notBefore?: string;
  notAfter?: string;
  enabled: boolean;
  keyAlgorithm?: KeyAlgorithm;
}

export interface IssuePersonalRequest {
  userIds: string[];
  notBefore?: string;
  notAfter?: string;
  enabled: boolean;
  revokeExisting?: boolean;
  keyAlgorithm?: KeyAlgorithm;
  jobId?: string;
}

/** A new certificate and its passphrase (shown once). */
export interface IssuedCert {
  cert: Cert;
  passphrase: string;
}

export interface IssuedPersonal {
  items: IssuedCert[];
  /** base64 zip: one folder per user with <code>.p12 and password.txt */
  zip: string;
}

export interface JobProgress {
  total: number;
  done: number;
  finished: boolean;
  /** false until the server has heard of the job */
  known: boolean;
}

export interface CertUpdateRequest {
  id: string;
  enabled?: boolean;
  notBefore?: string;
  notAfter?: string;
}

export interface RenewRequest {
  id: string;
  name?: string;
  notBefore?: string;
  notAfter?: string;
}

export type CertFormat = 'p12' | 'mobileconfig';

export interface FileResult {
  filename: string;
  dataBase64: string;
}

export interface CAInfo {
  pem: string;
  derBase64: string;
  fingerprint: string;
  subject: string;
  notAfter: string;
}

/** One CA certificate (Certs.CAStatus). */
export interface CACertInfo {
  /** the CA's name (its common name) */
  subject: string;
  /** SHA-256 of the certificate, hex */
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  /** whole days left until notAfter (negative once past) */
  daysLeft: number;
}

/** A CA the one in use replaced. */
export interface PreviousCAInfo extends CACertInfo {
  /** renewed with the same key: what it issued is the current CA's */
  sameKey: boolean;
  /** when the gateway stops accepting what it issued (RFC 3339) */
  trustedUntil: string;
  replacedAt: string;
  /** the gateway still accepts what it issued */
  trusted: boolean;
}

/** The CA in use and the ones it replaced (Certs.CAStatus, Certs.RenewCA). */
export interface CAStatus {
  active: CACertInfo;
  /** newest first */
  previous: PreviousCAInfo[];
  /** Home warns when fewer days than this remain */
  warnDays: number;
  /** the bounds of a new key's overlap now */
  minOverlapDays: number;
  maxOverlapDays: number;
}

/** sameKey: a new CA certificate for the same key; newKey: a new CA. */
export type CARenewMode = 'sameKey' | 'newKey';

export interface CoverageItem {
  id: string;
  name: string;
  kind: CertKind;
  userCode?: string;
  validFrom: string;
  validUntil: string;
  state: CertState;
  successorId?: string;
}

export interface CoverageWarning {
  kind: 'expiringNoSuccessor' | 'lowOverlap' | string;
  certId?: string;
  name?: string;
  date?: string;
  days?: number;
  from?: string;
  until?: string;
  count?: number;
}

export interface Coverage {
  now: string;
  from: string;
  until: string;
  items: CoverageItem[];
  total: number;
  warnings: CoverageWarning[];
  failOpen: boolean;
  strictMode: boolean;
  validCount: number;
}

// ---- download links (SPEC section 5) ----

export interface LinkCreateRequest {
  certId: string;
  expiresInMinutes?: number;
  maxUses?: number;
  ipRestricted?: boolean;
}

/** A new link: url and qrPng exist only in this answer. */
export interface LinkCreated {
  id: string;
  certId: string;
  url: string;
  expiresAt: string;
  maxUses: number;
  /** base64 PNG of url */
  qrPng: string;
}

export type LinkState = 'active' | 'expired' | 'usedUp' | 'revoked';

export interface Link {
  id: string;
  certId: string;
  expiresAt: string;
  maxUses: number;
  uses: number;
  state: LinkState;
  ipRestricted: boolean;
  createdAt: string;
}

// ---- notification messages (kaonavi) ----

export interface MessageItemInput {
  userId?: string;
  certId?: string;
  url?: string;
  password?: string;
  expiresAt?: string;
}

/** certificate = 証明書の案内 (messageTemplate), login = ログイン案内 (loginTemplate) */
export type MessageKind = 'certificate' | 'login';

export interface MessagesRequest {
  kind?: MessageKind;
  template?: string;
  subject?: string;
  items: MessageItemInput[];
}

export interface RenderedMessage {
  userId: string;
  code: string;
  name: string;
  email: string;
  subject: string;
  body: string;
  /** a ready mailto: URL */
  mailto: string;
}

/** Messages.Send's result: how many the SMTP server accepted, and the others. */
export interface MessageSendResult {
  sent: number;
  failed: MessageFailure[];
}

export interface MessageFailure {
  /** the item's position in the request's items */
  index: number;
  userId: string;
  code: string;
  name: string;
  email: string;
  /** why, in the request's language (quotes the server's reply) */
  message: string;
}

// ---- IP rules (SPEC section 3) ----

export interface IPRule {
  id: string;
  /** ≤ 50 characters */
  name: string;
  /** ≤ 255 characters */
  description: string;
  /** an IPv4/IPv6 address or CIDR prefix, normalized by the server */
  address: string;
  enabled: boolean;
}

export interface IPRuleList {
  items: IPRule[];
  /** at least one rule is enabled: only addresses inside enabled rules may connect */
  enforcing: boolean;
  /** this machine's LAN addresses */
  selfAddresses: string[];
  /** clients seen on the gateway recently */
  clientAddresses: string[];
}

export interface IPRuleInput {
  name: string;
  description?: string;
  address: string;
  enabled: boolean;
  confirm?: boolean;
}

export interface IPRuleUpdate {
  id: string;
  name?: string;
  description?: string;
  address?: string;
  enabled?: boolean;
  confirm?: boolean;
}

export interface IPRulePreviewRequest {
  id?: string;
  address?: string;
  enabled: boolean;
  delete?: boolean;
}

/** An address a change would cut off: this machine ("self") or a client connected now. */
export interface CutOffAddress {
  address: string;
  kind: 'self' | 'client' | string;
}

export interface IPRulePreview {
  cutOff: CutOffAddress[];
  enforcingAfter: boolean;
}

// ---- gateway routes (SPEC section 6) ----

export interface Route {
  id: string;
  name: string;
  /** "" = any host */
  host: string;
  pathPrefix: string;
  /** http:// or https:// URL */
  upstream: string;
  requireSignIn: boolean;
  /** every client needs a valid certificate (a plain mTLS gate) */
  requireCertificate: boolean;
  enabled: boolean;
}

export interface RouteInput {
  name: string;
  host?: string;
  pathPrefix?: string;
  upstream: string;
  requireSignIn: boolean;
  requireCertificate?: boolean;
  enabled: boolean;
}

export interface RouteUpdate extends Partial<RouteInput> {
  id: string;
}

export interface RouteTestResult {
  ok: boolean;
  status: number;
  /** what went wrong, in words (the backend's catalog, in the UI language) */
  message?: string;
  /** the technical detail behind message */
  error?: string;
  durationMs: number;
}

// ---- devices (端末指定, SPEC section 4) ----

export type DeviceStatus = 'pending' | 'approved' | 'rejected';
export const DEVICE_STATUSES: readonly DeviceStatus[] = ['pending', 'approved', 'rejected'];

export interface Device {
  id: string;
  userId: string;
  userCode: string;
  userName: string;
  os: string;
  deviceName: string;
  phone: string;
  status: DeviceStatus | string;
  /** the user's 端末指定を使う */
  designated: boolean;
  requestedAt: string;
  processedAt: string;
}

export interface DeviceListRequest {
  status?: DeviceStatus | '';
  userId?: string;
  os?: string;
  deviceName?: string;
  /** quick search: user code/name or device name */
  query?: string;
  designation?: '' | 'on' | 'off';
  requestedFrom?: string;
  requestedTo?: string;
  processedFrom?: string;
  processedTo?: string;
  page?: number;
  pageSize?: number;
}

export interface UnrequestedRequest {
  query?: string;
  page?: number;
  pageSize?: number;
}

export interface DeviceList {
  items: Device[];
  total: number;
}

/** The payload of the Wails event "device:requested". */
export interface DeviceRequestedEvent {
  userId?: string;
  userCode?: string;
  deviceName?: string;
}

// ---- access log (SPEC section 6) ----

export type AccessDecision = 'allow' | 'deny';

export interface AccessEntry {
  time: string;
  clientIp: string;
  userCode: string;
  certName: string;
  device: string;
  route: string;
  method: string;
  path: string;
  decision: AccessDecision | string;
  reason: string;
}

export interface AccessListRequest {
  decision?: AccessDecision | '';
  userId?: string;
  userCode?: string;
  reason?: string;
  clientIp?: string;
  route?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AccessPage {
  items: AccessEntry[];
  total: number;
  /** entries lost because the log writer's queue was full */
  dropped: number;
}

// ---- dashboard (SPEC section 7) ----

export interface Protection {
  failOpen: boolean;
  strictMode: boolean;
  validCerts: number;
  ipRulesEnforcing: boolean;
  /** enabled rules */
  ipRules: number;
  /** enabled routes */
  routes: number;
  requireCertUsers: number;
  requireDeviceUsers: number;
  suspendedUsers: number;
  activeUsers: number;
}

/** Denials in one hour; hour is the hour's start (RFC 3339). */
export interface DenialBucket {
  hour: string;
  count: number;
}

export interface ServerStatus {
  portalUrl: string;
  gatewayUrl: string;
  /** the plain-HTTP download listener ("" when it does not run) */
  downloadUrl?: string;
  /** the page phones open to install the root (the download listener's, else the portal's) */
  caPageUrl?: string;
  /** base64 PNG of caPageUrl */
  portalQrPng: string;
  gatewayQrPng: string;
  lanAddresses: string[];
  caFingerprint: string;
  startedAt: string;
  logWritten: number;
  logDropped: number;
  logQueued: number;
}

export interface Dashboard {
  protection: Protection;
  pendingDevices: number;
  expiringSoon: Cert[];
  warnings: CoverageWarning[];
  denials: DenialBucket[];
  recentDenials: AccessEntry[];
  server: ServerStatus;
  /** the gateway's unsuccessful sign-ins in the last 24 hours (not in denials or recentDenials) */
  signIns: SignInCounts;
  /** the scheduled backups and their last run */
  backup?: BackupState;
  /** the CA's own end date: every certificate chains to it */
  ca?: CAExpiry;
}

/** The CA's end at a glance (System.Dashboard's ca). */
export interface CAExpiry {
  /** the CA certificate's end (RFC 3339) */
  notAfter: string;
  /** whole days left until notAfter (negative once past) */
  daysLeft: number;
  /** fewer than 365 days remain */
  warn: boolean;
}

/** The scheduled backups at a glance. */
export interface BackupState {
  enabled: boolean;
  /** the last scheduled attempt (RFC 3339; "" for never), its result, error and file name */
  lastAt: string;
  lastOk: boolean;
  lastError: string;
  lastFile: string;
  /** the last successful backup is older than the interval, or there is none */
  due: boolean;
}

/** Unsuccessful gateway sign-ins. */
export interface SignInCounts {
  /** a user code and password were checked and are wrong */
  failed: number;
  /** refused before any check (too many failures, or busy) */
  throttled: number;
}
