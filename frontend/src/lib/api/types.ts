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
}

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
  defaultValidityDays?: number;
  keyAlgorithm?: KeyAlgorithm;
  pkcs12Compat?: Pkcs12Compat;
  linkExpiresInMinutes?: number;
  linkMaxUses?: number;
  linkDownloadsEnabled?: boolean;
  messageTemplate?: string;
  messageSubject?: string;
}

export interface SettingsUpdate {
  language?: Language | '';
  organizationName?: string;
  strictMode?: boolean;
  defaultValidityDays?: number;
  keyAlgorithm?: KeyAlgorithm;
  pkcs12Compat?: Pkcs12Compat;
  linkExpiresInMinutes?: number;
  linkMaxUses?: number;
  linkDownloadsEnabled?: boolean;
  messageTemplate?: string;
  messageSubject?: string;
}

export interface SystemInfo {
  version: string;
  mode: 'desktop' | 'serve';
  dataDir: string;
  adminUrl?: string;
  portalUrl: string;
  gatewayUrl: string;
  caFingerprint: string;
}

export interface SaveFileResult {
  saved: boolean;
  path: string;
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

export interface MessagesRequest {
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
