// Types of the admin API (app/ services), as the Go backend sends them:
// camelCase JSON, ids as strings, times as RFC 3339 ("" when empty).
//
// They are the generated ones (src/lib/wailsjs/go/models.ts, written by
// `wails generate module` from the Go DTOs and the enums of app/enums.go),
// under the names the UI uses; only the few types with no Go counterpart
// are written here. FromGo turns a generated enum type into the union of its
// string values, so that a literal such as 'valid' stays assignable.

import { app } from '../wailsjs/go/models';

/** FromGo is a generated type as JSON carries it: each Go enum as the union of its values. */
export type FromGo<T> = T extends string
  ? `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? FromGo<U>[]
      : { [K in keyof T]: FromGo<T[K]> };

/** enumValues lists a Go-bound string enum's values (in models.ts, sorted by member name). */
export function enumValues<E extends Record<string, string>>(e: E): `${E[keyof E]}`[] {
  return Object.values(e) as `${E[keyof E]}`[];
}

/**
 * inOrder puts the values order names first, in that order (the UI's
 * display order); the others follow in their own order, so a value Go adds
 * later is never dropped.
 */
export function inOrder<T extends string>(values: readonly T[], order: readonly T[]): T[] {
  const rank = (v: T) => {
    const i = order.indexOf(v);
    return i < 0 ? order.length : i;
  };
  return [...values].sort((a, b) => rank(a) - rank(b));
}

// ---- enums (bound from Go: app/enums.go) ----

/** One of the stable error codes of the admin API. */
export type ErrorCode = FromGo<app.ErrorCode>;
export const ERROR_CODES: readonly ErrorCode[] = enumValues(app.ErrorCode);

/** Filter on suspension: "" = every user. */
export type UserState = FromGo<app.UserState>;

/** Filter on a user's personal certificates (issuance picker): "" = every user, then 未発行 / 有効 / 期限切れ / 失効. */
export type UserCertState = FromGo<app.UserCertState>;
export const USER_CERT_STATES: readonly UserCertState[] = inOrder(enumValues(app.UserCertState), ['', 'none', 'valid', 'expired']);

/** The page sizes the lists offer, ascending. */
export const PAGE_SIZES: readonly number[] = Object.values(app.PageSize)
  .filter((v): v is number => typeof v === 'number')
  .sort((a, b) => a - b);
export type PageSize = number;

export type CsvEncoding = FromGo<app.CsvEncoding>;
export type Language = FromGo<app.Language>;
/** Japanese first */
export const LANGUAGES: readonly Language[] = inOrder(enumValues(app.Language), ['ja']);
export type KeyAlgorithm = FromGo<app.KeyAlgorithm>;
/** legacy = 3DES (imports everywhere), modern = AES-256 */
export type Pkcs12Compat = FromGo<app.Pkcs12Compat>;
/** starttls = STARTTLS required (587), tls = implicit TLS (465), none = no encryption (an office relay) */
export type SmtpSecurity = FromGo<app.SmtpSecurity>;
/**
 * How the desktop window reaches the engine (Console.State, window only):
 * portable, it runs the engine itself and the gateway stops with it;
 * attached, it is the console of the engine that runs as a service (or
 * `sekisho serve`) and closing it changes nothing.
 */
export type ConsoleMode = FromGo<app.ConsoleMode>;
export type CertKind = FromGo<app.CertKind>;
export type CertState = FromGo<app.CertState>;
/** valid first, then the others */
export const CERT_STATES: readonly CertState[] = inOrder(enumValues(app.CertState), ['valid']);
export type CertFormat = FromGo<app.CertFormat>;
/** sameKey: a new CA certificate for the same key; newKey: a new CA. */
export type CARenewMode = FromGo<app.CARenewMode>;
export type LinkState = FromGo<app.LinkState>;
/** certificate = 証明書の案内 (messageTemplate), login = ログイン案内 (loginTemplate) */
export type MessageKind = FromGo<app.MessageKind>;
/** certificate first */
export const MESSAGE_KINDS: readonly MessageKind[] = inOrder(enumValues(app.MessageKind), ['certificate']);
export type DeviceStatus = FromGo<app.DeviceStatus>;
/** pending first, then the others */
export const DEVICE_STATUSES: readonly DeviceStatus[] = inOrder(enumValues(app.DeviceStatus), ['pending']);
export type AccessDecision = FromGo<app.AccessDecision>;
/** The access log's reasons: the gateway's deny reasons (X-Sekisho-Deny) and its own (sign-in, self-service, refused paths). */
export type AccessReason = FromGo<app.AccessReason>;
export const ACCESS_REASONS: readonly AccessReason[] = enumValues(app.AccessReason);

// ---- frontend-only types (no Go counterpart) ----

/** Filter on 認証を使う: "" = every user. */
export type RequireCertFilter = '' | 'on' | 'off';

/** The filter fields Users.List, ExportCSV, SetRequireCertMatching and RequireCertCheck share. */
export type UserFilterFields = Omit<FromGo<app.UserListRequest>, 'page' | 'pageSize'>;

/** One page of a list (Go has one type per list: UserPage, CertPage, …). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The payload of the Wails event "device:requested". */
export interface DeviceRequestedEvent {
  userId?: string;
  userCode?: string;
  deviceName?: string;
}

// ---- users ----

export type User = FromGo<app.User>;
export type UserListRequest = FromGo<app.UserListRequest>;
export type SetRequireCertMatchingRequest = FromGo<app.SetRequireCertMatchingRequest>;
export type SetRequireDeviceMatchingRequest = FromGo<app.SetRequireDeviceMatchingRequest>;
export type RequireCertCheckRequest = FromGo<app.RequireCertCheckRequest>;
/** What turning 認証を使う on would do (運用途中から導入). */
export type RequireCertCheck = FromGo<app.RequireCertCheck>;
export type UserInput = FromGo<app.UserCreateRequest>;
export type UserUpdate = FromGo<app.UserUpdateRequest>;
export type Changed = FromGo<app.Changed>;
export type PasswordResult = FromGo<app.PasswordResult>;
export type Groups = FromGo<app.Groups>;
export type ImportLineError = FromGo<app.ImportError>;
export type ImportPreviewLine = FromGo<app.ImportPreviewRow>;
export type ImportResult = FromGo<app.ImportResult>;
export type ExportRequest = FromGo<app.ExportRequest>;
export type ExportResult = FromGo<app.FileResult>;
export type HistoryItem = FromGo<app.HistoryEntry>;
export type HistoryPage = FromGo<app.HistoryPage>;

// ---- settings and system ----

export type Settings = FromGo<app.SettingsData>;
export type LANServer = FromGo<app.LANServer>;
export type SettingsUpdate = FromGo<app.SettingsUpdate>;
export type SystemInfo = FromGo<app.SystemInfo>;
export type ConsoleState = FromGo<app.ConsoleState>;
export type SaveFileResult = FromGo<app.SaveFileResult>;
/** A backup taken now (System.Backup): one encrypted .sekisho-backup file. */
export type BackupResult = FromGo<app.BackupResult>;
/** What System.Restore put in place: the backup's facts and counts. */
export type RestoreResult = FromGo<app.RestoreResult>;

// ---- certificates (SPEC section 1) ----

export type Cert = FromGo<app.Cert>;
export type CertListRequest = FromGo<app.CertListRequest>;
export type IssueSharedRequest = FromGo<app.IssueSharedRequest>;
export type IssuePersonalRequest = FromGo<app.IssuePersonalRequest>;
/** A new certificate and its passphrase (shown once). */
export type IssuedCert = FromGo<app.IssuedCert>;
export type IssuedPersonal = FromGo<app.IssuedPersonal>;
export type JobProgress = FromGo<app.JobProgress>;
export type CertUpdateRequest = FromGo<app.CertUpdateRequest>;
export type RenewRequest = FromGo<app.RenewRequest>;
export type FileResult = FromGo<app.FileResult>;
export type CAInfo = FromGo<app.CAInfo>;
/** One CA certificate (Certs.CAStatus). */
export type CACertInfo = FromGo<app.CACertInfo>;
/** A CA the one in use replaced. */
export type PreviousCAInfo = FromGo<app.PreviousCAInfo>;
/** The CA in use and the ones it replaced (Certs.CAStatus, Certs.RenewCA). */
export type CAStatus = FromGo<app.CAStatus>;
export type CoverageItem = FromGo<app.CoverageItem>;
export type CoverageWarning = FromGo<app.CoverageWarning>;
export type Coverage = FromGo<app.Coverage>;

// ---- download links (SPEC section 5) ----

export type LinkCreateRequest = FromGo<app.LinkCreateRequest>;
/** A new link: url and qrPng exist only in this answer. */
export type LinkCreated = FromGo<app.LinkCreated>;
export type Link = FromGo<app.Link>;

// ---- notification messages (kaonavi) ----

export type MessageItemInput = FromGo<app.MessageItem>;
export type MessagesRequest = FromGo<app.MessageRequest>;
export type RenderedMessage = FromGo<app.FilledMessage>;
/** Messages.Send's result: how many the SMTP server accepted, and the others. */
export type MessageSendResult = FromGo<app.MessageSendResult>;
export type MessageFailure = FromGo<app.MessageFailure>;

// ---- IP rules (SPEC section 3) ----

export type IPRule = FromGo<app.IPRule>;
export type IPRuleList = FromGo<app.IPRuleList>;
export type IPRuleInput = FromGo<app.IPRuleCreateRequest>;
export type IPRuleUpdate = FromGo<app.IPRuleUpdateRequest>;
export type IPRulePreviewRequest = FromGo<app.IPRulePreviewRequest>;
/** An address a change would cut off: this machine ("self") or a client connected now. */
export type CutOffAddress = FromGo<app.CutOffAddress>;
export type IPRulePreview = FromGo<app.IPRulePreview>;

// ---- gateway routes (SPEC section 6) ----

export type Route = FromGo<app.Route>;
export type RouteInput = FromGo<app.RouteCreateRequest>;
export type RouteUpdate = FromGo<app.RouteUpdateRequest>;
export type RouteTestResult = FromGo<app.RouteTestResult>;

// ---- devices (端末指定, SPEC section 4) ----

export type Device = FromGo<app.Device>;
export type DeviceListRequest = FromGo<app.DeviceListRequest>;
export type UnrequestedRequest = FromGo<app.UnrequestedRequest>;
export type DeviceList = FromGo<app.DeviceList>;

// ---- access log (SPEC section 6) ----

export type AccessEntry = FromGo<app.AccessEntry>;
export type AccessListRequest = FromGo<app.AccessListRequest>;
export type AccessPage = FromGo<app.AccessPage>;

// ---- dashboard (SPEC section 7) ----

export type Protection = FromGo<app.Protection>;
/** Denials in one hour; hour is the hour's start (RFC 3339). */
export type DenialBucket = FromGo<app.DenialBucket>;
export type ServerStatus = FromGo<app.ServerStatus>;
export type Dashboard = FromGo<app.Dashboard>;
/** The CA's end at a glance (System.Dashboard's ca). */
export type CAExpiry = FromGo<app.CAExpiry>;
/** The scheduled backups at a glance. */
export type BackupState = FromGo<app.BackupState>;
/** Unsuccessful gateway sign-ins. */
export type SignInCounts = FromGo<app.SignInCounts>;
