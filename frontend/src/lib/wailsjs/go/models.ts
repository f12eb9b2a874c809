export namespace app {
	
	export enum AccessDecision {
	    Allow = "allow",
	    Deny = "deny",
	}
	export enum AccessReason {
	    BadPath = "bad_path",
	    CertificateDisabled = "certificate_disabled",
	    CertificateExpired = "certificate_expired",
	    CertificateNotYours = "certificate_not_yours",
	    CertificateRequired = "certificate_required",
	    CertificateRevoked = "certificate_revoked",
	    DevicePending = "device_pending",
	    DeviceRejected = "device_rejected",
	    DeviceRequired = "device_required",
	    IpNotAllowed = "ip_not_allowed",
	    SelfIssueLimit = "self_issue_limit",
	    SelfIssued = "self_issued",
	    SelfServiceOff = "self_service_off",
	    SignInFailed = "sign_in_failed",
	    SignInRequired = "sign_in_required",
	    SignInThrottled = "sign_in_throttled",
	    SignedIn = "signed_in",
	    UserSuspended = "user_suspended",
	}
	export enum CARenewMode {
	    NewKey = "newKey",
	    SameKey = "sameKey",
	}
	export enum CertFormat {
	    Mobileconfig = "mobileconfig",
	    P12 = "p12",
	}
	export enum CertKind {
	    Personal = "personal",
	    Shared = "shared",
	}
	export enum CertState {
	    Disabled = "disabled",
	    Expired = "expired",
	    NotYetValid = "notYetValid",
	    Revoked = "revoked",
	    Valid = "valid",
	}
	export enum ConsoleMode {
	    Attached = "attached",
	    Portable = "portable",
	}
	export enum CsvEncoding {
	    Sjis = "sjis",
	    Utf8 = "utf8",
	}
	export enum DeviceStatus {
	    Approved = "approved",
	    Pending = "pending",
	    Rejected = "rejected",
	}
	export enum ErrorCode {
	    Confirm = "confirm",
	    Conflict = "conflict",
	    Internal = "internal",
	    Invalid = "invalid",
	    NotFound = "not_found",
	    Unauthorized = "unauthorized",
	    Unsupported = "unsupported",
	}
	export enum KeyAlgorithm {
	    EcdsaP256 = "ecdsa-p256",
	    Rsa2048 = "rsa2048",
	}
	export enum Language {
	    En = "en",
	    Ja = "ja",
	}
	export enum LinkState {
	    Active = "active",
	    Expired = "expired",
	    Revoked = "revoked",
	    UsedUp = "usedUp",
	}
	export enum MessageKind {
	    Certificate = "certificate",
	    Login = "login",
	}
	export enum Mode {
	    Desktop = "desktop",
	    Serve = "serve",
	}
	export enum PageSize {
	    Size10 = 10,
	    Size100 = 100,
	    Size20 = 20,
	    Size50 = 50,
	}
	export enum Pkcs12Compat {
	    Legacy = "legacy",
	    Modern = "modern",
	}
	export enum SmtpSecurity {
	    None = "none",
	    Starttls = "starttls",
	    Tls = "tls",
	}
	export enum UserCertState {
	    Any = "",
	    Expired = "expired",
	    None = "none",
	    Revoked = "revoked",
	    Valid = "valid",
	}
	export enum UserState {
	    Active = "active",
	    Any = "",
	    Suspended = "suspended",
	}
	export interface AccessEntry {
	    time: string;
	    clientIp: string;
	    userCode: string;
	    certName: string;
	    device: string;
	    route: string;
	    method: string;
	    path: string;
	    decision: AccessDecision;
	    reason: string;
	}
	export interface AccessListRequest {
	    decision?: AccessDecision;
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
	    dropped: number;
	}
	export interface BackupRequest {
	    passphrase: string;
	}
	export interface BackupResult {
	    filename: string;
	    dataBase64: string;
	}
	export interface BackupState {
	    enabled: boolean;
	    lastAt: string;
	    lastOk: boolean;
	    lastError: string;
	    lastFile: string;
	    due: boolean;
	}
	export interface CACertInfo {
	    subject: string;
	    fingerprint: string;
	    notBefore: string;
	    notAfter: string;
	    daysLeft: number;
	}
	export interface CAExpiry {
	    notAfter: string;
	    daysLeft: number;
	    warn: boolean;
	}
	export interface CAExportRequest {
	    passphrase: string;
	    confirm?: boolean;
	}
	export interface CAInfo {
	    pem: string;
	    derBase64: string;
	    fingerprint: string;
	    subject: string;
	    notAfter: string;
	}
	export interface CARenewRequest {
	    mode: CARenewMode;
	    overlapDays?: number;
	    confirm?: boolean;
	}
	export interface PreviousCAInfo {
	    subject: string;
	    fingerprint: string;
	    notBefore: string;
	    notAfter: string;
	    daysLeft: number;
	    sameKey: boolean;
	    trustedUntil: string;
	    replacedAt: string;
	    trusted: boolean;
	}
	export interface CAStatus {
	    active: CACertInfo;
	    previous: PreviousCAInfo[];
	    warnDays: number;
	    minOverlapDays: number;
	    maxOverlapDays: number;
	}
	export interface Cert {
	    id: string;
	    name: string;
	    kind: CertKind;
	    userId?: string;
	    userCode?: string;
	    userName?: string;
	    serial: string;
	    keyAlgorithm: string;
	    notBefore: string;
	    notAfter: string;
	    enabled: boolean;
	    state: CertState;
	    authenticatedUsers: number;
	    revokedAt: string;
	    revokeReason: string;
	    predecessorId?: string;
	    successorId?: string;
	    createdAt: string;
	    validFrom: string;
	    validUntil: string;
	    x509NotAfter: string;
	    allowedFrom: string;
	    allowedUntil: string;
	}
	export interface CertListRequest {
	    query?: string;
	    kind?: CertKind;
	    state?: CertState;
	    userId?: string;
	    page?: number;
	    pageSize?: number;
	}
	export interface CertPage {
	    items: Cert[];
	    total: number;
	    page: number;
	    pageSize: number;
	}
	export interface CertUpdateRequest {
	    id: string;
	    enabled?: boolean;
	    notBefore?: string;
	    notAfter?: string;
	}
	export interface Changed {
	    changed: number;
	}
	export interface ConsoleState {
	    mode: ConsoleMode;
	    dataDir: string;
	    engineUrl: string;
	    enginePid: number;
	    connected: boolean;
	    serviceDataDir: string;
	    installCommands: string[];
	}
	export interface CoverageWarning {
	    kind: string;
	    certId?: string;
	    name?: string;
	    date?: string;
	    days?: number;
	    from?: string;
	    until?: string;
	    count: number;
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
	
	export interface CoverageRequest {
	    kind?: CertKind;
	}
	
	export interface CutOffAddress {
	    address: string;
	    kind: string;
	}
	export interface SignInCounts {
	    failed: number;
	    throttled: number;
	}
	export interface ServerStatus {
	    portalUrl: string;
	    gatewayUrl: string;
	    downloadUrl: string;
	    caPageUrl: string;
	    portalQrPng: string;
	    gatewayQrPng: string;
	    lanAddresses: string[];
	    caFingerprint: string;
	    startedAt: string;
	    logWritten: number;
	    logDropped: number;
	    logQueued: number;
	}
	export interface DenialBucket {
	    hour: string;
	    count: number;
	}
	export interface Protection {
	    failOpen: boolean;
	    strictMode: boolean;
	    validCerts: number;
	    ipRulesEnforcing: boolean;
	    ipRules: number;
	    routes: number;
	    requireCertUsers: number;
	    requireDeviceUsers: number;
	    suspendedUsers: number;
	    activeUsers: number;
	}
	export interface Dashboard {
	    protection: Protection;
	    pendingDevices: number;
	    expiringSoon: Cert[];
	    warnings: CoverageWarning[];
	    denials: DenialBucket[];
	    recentDenials: AccessEntry[];
	    server: ServerStatus;
	    signIns: SignInCounts;
	    backup: BackupState;
	    ca: CAExpiry;
	}
	export interface DeleteRequest {
	    id: string;
	    confirm?: boolean;
	}
	
	export interface Device {
	    id: string;
	    userId: string;
	    userCode: string;
	    userName: string;
	    os: string;
	    deviceName: string;
	    phone: string;
	    status: DeviceStatus;
	    designated: boolean;
	    requestedAt: string;
	    processedAt: string;
	}
	export interface DeviceList {
	    items: Device[];
	    total: number;
	}
	export interface DeviceListRequest {
	    status?: DeviceStatus;
	    userId?: string;
	    os?: string;
	    deviceName?: string;
	    query?: string;
	    designation?: string;
	    requestedFrom?: string;
	    requestedTo?: string;
	    processedFrom?: string;
	    processedTo?: string;
	    page?: number;
	    pageSize?: number;
	}
	export interface DownloadRequest {
	    id: string;
	    format: CertFormat;
	}
	export interface Empty {
	
	}
	export interface ExportRequest {
	    query?: string;
	    group?: string;
	    state?: UserState;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: UserCertState;
	    encoding?: CsvEncoding;
	}
	export interface FileResult {
	    filename: string;
	    dataBase64: string;
	    csvBase64?: string;
	}
	export interface FilledMessage {
	    userId: string;
	    code: string;
	    name: string;
	    email: string;
	    subject: string;
	    body: string;
	    mailto: string;
	}
	export interface Groups {
	    items: string[];
	}
	export interface HistoryEntry {
	    id: string;
	    time: string;
	    actor: string;
	    action: string;
	    targetType: string;
	    target: string;
	    detail: string;
	}
	export interface HistoryListRequest {
	    targetType?: string;
	    page?: number;
	    pageSize?: number;
	}
	export interface HistoryPage {
	    items: HistoryEntry[];
	    total: number;
	}
	export interface IDRequest {
	    id: string;
	}
	export interface IDsRequest {
	    ids: string[];
	}
	export interface IPRule {
	    id: string;
	    name: string;
	    description: string;
	    address: string;
	    enabled: boolean;
	}
	export interface IPRuleCreateRequest {
	    name: string;
	    description?: string;
	    address: string;
	    enabled: boolean;
	    confirm?: boolean;
	}
	export interface IPRuleDeleteRequest {
	    id: string;
	    confirm?: boolean;
	}
	export interface IPRuleList {
	    items: IPRule[];
	    enforcing: boolean;
	    selfAddresses: string[];
	    clientAddresses: string[];
	}
	export interface IPRulePreview {
	    cutOff: CutOffAddress[];
	    enforcingAfter: boolean;
	}
	export interface IPRulePreviewRequest {
	    id?: string;
	    address?: string;
	    enabled: boolean;
	    delete?: boolean;
	}
	export interface IPRuleUpdateRequest {
	    id: string;
	    name?: string;
	    description?: string;
	    address?: string;
	    enabled?: boolean;
	    confirm?: boolean;
	}
	export interface ImportError {
	    line: number;
	    message: string;
	    field?: string;
	}
	export interface ImportPreviewRow {
	    line: number;
	    action: string;
	    code: string;
	    name: string;
	    email: string;
	    phone: string;
	    group: string;
	    state: string;
	}
	export interface ImportRequest {
	    csvBase64: string;
	    dryRun?: boolean;
	}
	export interface ImportResult {
	    created: number;
	    updated: number;
	    errors: ImportError[];
	    preview: ImportPreviewRow[];
	    previewTruncated: boolean;
	    dryRun: boolean;
	}
	export interface IssuePersonalRequest {
	    userIds: string[];
	    notBefore?: string;
	    notAfter?: string;
	    enabled: boolean;
	    revokeExisting?: boolean;
	    keyAlgorithm?: string;
	    jobId?: string;
	}
	export interface IssueSharedRequest {
	    name: string;
	    notBefore?: string;
	    notAfter?: string;
	    enabled: boolean;
	    keyAlgorithm?: string;
	}
	export interface IssuedCert {
	    cert: Cert;
	    passphrase: string;
	}
	export interface IssuedPersonal {
	    items: IssuedCert[];
	    zip: string;
	}
	export interface JobProgress {
	    total: number;
	    done: number;
	    finished: boolean;
	    known: boolean;
	}
	export interface JobRequest {
	    jobId: string;
	}
	export interface LANServer {
	    portalUrl: string;
	    gatewayUrl: string;
	    downloadUrl: string;
	    downloadError?: string;
	    fixed: Record<string, string>;
	    lanAddresses: string[];
	}
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
	export interface LinkCreateRequest {
	    certId: string;
	    expiresInMinutes?: number;
	    maxUses?: number;
	    ipRestricted?: boolean;
	}
	export interface LinkCreated {
	    id: string;
	    certId: string;
	    url: string;
	    expiresAt: string;
	    maxUses: number;
	    qrPng: string;
	}
	export interface LinkList {
	    items: Link[];
	}
	export interface LinkListRequest {
	    certId: string;
	}
	export interface MessageFailure {
	    index: number;
	    userId: string;
	    code: string;
	    name: string;
	    email: string;
	    message: string;
	}
	export interface MessageItem {
	    userId?: string;
	    certId?: string;
	    url?: string;
	    password?: string;
	    expiresAt?: string;
	}
	export interface MessageList {
	    items: FilledMessage[];
	}
	export interface MessageRequest {
	    kind?: MessageKind;
	    template?: string;
	    subject?: string;
	    items: MessageItem[];
	}
	export interface MessageSendResult {
	    sent: number;
	    failed: MessageFailure[];
	}
	export interface MessageTestRequest {
	    to: string;
	}
	export interface PasswordResult {
	    password: string;
	}
	
	
	export interface RenewRequest {
	    id: string;
	    name?: string;
	    notBefore?: string;
	    notAfter?: string;
	}
	export interface RequireCertCheck {
	    total: number;
	    neverAuthenticated: number;
	    failOpen: boolean;
	}
	export interface RequireCertCheckRequest {
	    ids?: string[];
	    all?: boolean;
	    query?: string;
	    group?: string;
	    state?: UserState;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: UserCertState;
	}
	export interface RestoreRequest {
	    dataBase64: string;
	    passphrase: string;
	}
	export interface RestoreResult {
	    createdAt: string;
	    appVersion: string;
	    caFingerprint: string;
	    users: number;
	    certificates: number;
	    revocations: number;
	    ipRules: number;
	    routes: number;
	    devices: number;
	    publicHostCleared: string;
	    listenError: string;
	}
	export interface RevokeRequest {
	    id: string;
	    reason?: string;
	    confirm?: boolean;
	}
	export interface Route {
	    id: string;
	    name: string;
	    host: string;
	    pathPrefix: string;
	    upstream: string;
	    requireSignIn: boolean;
	    requireCertificate: boolean;
	    enabled: boolean;
	}
	export interface RouteCreateRequest {
	    name: string;
	    host?: string;
	    pathPrefix?: string;
	    upstream: string;
	    requireSignIn: boolean;
	    requireCertificate?: boolean;
	    enabled: boolean;
	}
	export interface RouteList {
	    items: Route[];
	}
	export interface RouteTestRequest {
	    id?: string;
	    upstream?: string;
	}
	export interface RouteTestResult {
	    ok: boolean;
	    status: number;
	    message?: string;
	    error?: string;
	    durationMs: number;
	}
	export interface RouteUpdateRequest {
	    id: string;
	    name?: string;
	    host?: string;
	    pathPrefix?: string;
	    upstream?: string;
	    requireSignIn?: boolean;
	    requireCertificate?: boolean;
	    enabled?: boolean;
	}
	export interface SaveFileRequest {
	    filename: string;
	    dataBase64: string;
	}
	export interface SaveFileResult {
	    saved: boolean;
	    path: string;
	}
	
	export interface SetFlagRequest {
	    ids: string[];
	    enabled: boolean;
	}
	export interface SetRequireCertMatchingRequest {
	    query?: string;
	    group?: string;
	    state?: UserState;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: UserCertState;
	    enabled: boolean;
	}
	export interface SetRequireDeviceMatchingRequest {
	    query?: string;
	    group?: string;
	    state?: UserState;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: UserCertState;
	    enabled: boolean;
	}
	export interface SetSuspendedRequest {
	    ids: string[];
	    suspended: boolean;
	}
	export interface SettingsData {
	    language: string;
	    effectiveLanguage: Language;
	    organizationName: string;
	    strictMode: boolean;
	    certBypassesIpRules: boolean;
	    defaultValidityDays: number;
	    keyAlgorithm: KeyAlgorithm;
	    pkcs12Compat: Pkcs12Compat;
	    linkExpiresInMinutes: number;
	    linkMaxUses: number;
	    linkDownloadsEnabled: boolean;
	    messageTemplate: string;
	    messageSubject: string;
	    accessLogRetentionDays: number;
	    loginTemplate: string;
	    loginSubject: string;
	    maxConnectionsPerAddress: number;
	    portalPort: number;
	    gatewayPort: number;
	    publicHost: string;
	    downloadPort: number;
	    downloadsHttpsOnly: boolean;
	    selfServiceEnabled: boolean;
	    selfServiceRevokePrevious: boolean;
	    selfServiceUrl: string;
	    lanServer: LANServer;
	    logFolder: string;
	    backupScheduleEnabled: boolean;
	    backupFolder: string;
	    backupIntervalHours: number;
	    backupKeep: number;
	    backupPassphraseSet: boolean;
	    smtpHost: string;
	    smtpPort: number;
	    smtpUsername: string;
	    smtpPasswordSet: boolean;
	    smtpFrom: string;
	    smtpSecurity: SmtpSecurity;
	}
	export interface SettingsUpdate {
	    language?: string;
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
	    accessLogRetentionDays?: number;
	    loginTemplate?: string;
	    loginSubject?: string;
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
	    backupPassphrase?: string;
	    smtpHost?: string;
	    smtpPort?: number;
	    smtpUsername?: string;
	    smtpPassword?: string;
	    smtpPasswordClear?: boolean;
	    smtpFrom?: string;
	    smtpSecurity?: SmtpSecurity;
	    confirm?: boolean;
	}
	
	export interface SystemInfo {
	    version: string;
	    mode: Mode;
	    dataDir: string;
	    adminUrl: string;
	    portalUrl: string;
	    gatewayUrl: string;
	    caFingerprint: string;
	    caThumbprint: string;
	    language: Language;
	    fresh: boolean;
	}
	export interface UnrequestedRequest {
	    query?: string;
	    page?: number;
	    pageSize?: number;
	}
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
	    lastAuthCertDeleted: boolean;
	    lastAuthAt: string;
	    createdAt: string;
	    updatedAt: string;
	}
	export interface UserCreateRequest {
	    code: string;
	    name: string;
	    email?: string;
	    phone?: string;
	    group?: string;
	}
	export interface UserListRequest {
	    query?: string;
	    group?: string;
	    state?: UserState;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: UserCertState;
	    page?: number;
	    pageSize?: number;
	}
	export interface UserPage {
	    items: User[];
	    total: number;
	    page: number;
	    pageSize: number;
	}
	export interface UserUpdateRequest {
	    id: string;
	    code?: string;
	    name?: string;
	    email?: string;
	    phone?: string;
	    group?: string;
	}

}

