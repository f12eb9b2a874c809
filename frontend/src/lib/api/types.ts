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
  lastAuthAt: string;
  createdAt: string;
  updatedAt: string;
}

/** Filter on suspension: "" = every user. */
export type UserState = '' | 'active' | 'suspended';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface UserListRequest {
  query?: string;
  group?: string;
  state?: UserState;
  page?: number;
  pageSize?: number;
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

export interface ExportRequest {
  query?: string;
  group?: string;
  state?: UserState;
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

export interface Settings {
  language: Language | '';
  /** the language the server uses when language is "" (from the OS locale) */
  effectiveLanguage?: Language;
  organizationName: string;
  strictMode: boolean;
}

export interface SettingsUpdate {
  language?: Language | '';
  organizationName?: string;
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
