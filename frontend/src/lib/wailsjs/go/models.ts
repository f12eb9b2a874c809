export namespace app {
	
	export class AccessEntry {
	    time: string;
	    clientIp: string;
	    userCode: string;
	    certName: string;
	    device: string;
	    route: string;
	    method: string;
	    path: string;
	    decision: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new AccessEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.time = source["time"];
	        this.clientIp = source["clientIp"];
	        this.userCode = source["userCode"];
	        this.certName = source["certName"];
	        this.device = source["device"];
	        this.route = source["route"];
	        this.method = source["method"];
	        this.path = source["path"];
	        this.decision = source["decision"];
	        this.reason = source["reason"];
	    }
	}
	export class AccessListRequest {
	    decision?: string;
	    userId?: string;
	    userCode?: string;
	    reason?: string;
	    clientIp?: string;
	    route?: string;
	    from?: string;
	    to?: string;
	    page?: number;
	    pageSize?: number;
	
	    static createFrom(source: any = {}) {
	        return new AccessListRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.decision = source["decision"];
	        this.userId = source["userId"];
	        this.userCode = source["userCode"];
	        this.reason = source["reason"];
	        this.clientIp = source["clientIp"];
	        this.route = source["route"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	}
	export class AccessPage {
	    items: AccessEntry[];
	    total: number;
	    dropped: number;
	
	    static createFrom(source: any = {}) {
	        return new AccessPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], AccessEntry);
	        this.total = source["total"];
	        this.dropped = source["dropped"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupRequest {
	    passphrase: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.passphrase = source["passphrase"];
	    }
	}
	export class BackupResult {
	    filename: string;
	    dataBase64: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filename = source["filename"];
	        this.dataBase64 = source["dataBase64"];
	    }
	}
	export class BackupState {
	    enabled: boolean;
	    lastAt: string;
	    lastOk: boolean;
	    lastError: string;
	    lastFile: string;
	    due: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BackupState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.lastAt = source["lastAt"];
	        this.lastOk = source["lastOk"];
	        this.lastError = source["lastError"];
	        this.lastFile = source["lastFile"];
	        this.due = source["due"];
	    }
	}
	export class CACertInfo {
	    subject: string;
	    fingerprint: string;
	    notBefore: string;
	    notAfter: string;
	    daysLeft: number;
	
	    static createFrom(source: any = {}) {
	        return new CACertInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.subject = source["subject"];
	        this.fingerprint = source["fingerprint"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	        this.daysLeft = source["daysLeft"];
	    }
	}
	export class CAExpiry {
	    notAfter: string;
	    daysLeft: number;
	    warn: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CAExpiry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.notAfter = source["notAfter"];
	        this.daysLeft = source["daysLeft"];
	        this.warn = source["warn"];
	    }
	}
	export class CAExportRequest {
	    passphrase: string;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CAExportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.passphrase = source["passphrase"];
	        this.confirm = source["confirm"];
	    }
	}
	export class CAInfo {
	    pem: string;
	    derBase64: string;
	    fingerprint: string;
	    subject: string;
	    notAfter: string;
	
	    static createFrom(source: any = {}) {
	        return new CAInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pem = source["pem"];
	        this.derBase64 = source["derBase64"];
	        this.fingerprint = source["fingerprint"];
	        this.subject = source["subject"];
	        this.notAfter = source["notAfter"];
	    }
	}
	export class CARenewRequest {
	    mode: string;
	    overlapDays?: number;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CARenewRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mode = source["mode"];
	        this.overlapDays = source["overlapDays"];
	        this.confirm = source["confirm"];
	    }
	}
	export class PreviousCAInfo {
	    subject: string;
	    fingerprint: string;
	    notBefore: string;
	    notAfter: string;
	    daysLeft: number;
	    sameKey: boolean;
	    trustedUntil: string;
	    replacedAt: string;
	    trusted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PreviousCAInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.subject = source["subject"];
	        this.fingerprint = source["fingerprint"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	        this.daysLeft = source["daysLeft"];
	        this.sameKey = source["sameKey"];
	        this.trustedUntil = source["trustedUntil"];
	        this.replacedAt = source["replacedAt"];
	        this.trusted = source["trusted"];
	    }
	}
	export class CAStatus {
	    active: CACertInfo;
	    previous: PreviousCAInfo[];
	    warnDays: number;
	    minOverlapDays: number;
	    maxOverlapDays: number;
	
	    static createFrom(source: any = {}) {
	        return new CAStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.active = this.convertValues(source["active"], CACertInfo);
	        this.previous = this.convertValues(source["previous"], PreviousCAInfo);
	        this.warnDays = source["warnDays"];
	        this.minOverlapDays = source["minOverlapDays"];
	        this.maxOverlapDays = source["maxOverlapDays"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Cert {
	    id: string;
	    name: string;
	    kind: string;
	    userId?: string;
	    userCode?: string;
	    userName?: string;
	    serial: string;
	    keyAlgorithm: string;
	    notBefore: string;
	    notAfter: string;
	    enabled: boolean;
	    state: string;
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
	
	    static createFrom(source: any = {}) {
	        return new Cert(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.userId = source["userId"];
	        this.userCode = source["userCode"];
	        this.userName = source["userName"];
	        this.serial = source["serial"];
	        this.keyAlgorithm = source["keyAlgorithm"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	        this.enabled = source["enabled"];
	        this.state = source["state"];
	        this.authenticatedUsers = source["authenticatedUsers"];
	        this.revokedAt = source["revokedAt"];
	        this.revokeReason = source["revokeReason"];
	        this.predecessorId = source["predecessorId"];
	        this.successorId = source["successorId"];
	        this.createdAt = source["createdAt"];
	        this.validFrom = source["validFrom"];
	        this.validUntil = source["validUntil"];
	        this.x509NotAfter = source["x509NotAfter"];
	        this.allowedFrom = source["allowedFrom"];
	        this.allowedUntil = source["allowedUntil"];
	    }
	}
	export class CertListRequest {
	    query?: string;
	    kind?: string;
	    state?: string;
	    userId?: string;
	    page?: number;
	    pageSize?: number;
	
	    static createFrom(source: any = {}) {
	        return new CertListRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.kind = source["kind"];
	        this.state = source["state"];
	        this.userId = source["userId"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	}
	export class CertPage {
	    items: Cert[];
	    total: number;
	    page: number;
	    pageSize: number;
	
	    static createFrom(source: any = {}) {
	        return new CertPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Cert);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CertUpdateRequest {
	    id: string;
	    enabled?: boolean;
	    notBefore?: string;
	    notAfter?: string;
	
	    static createFrom(source: any = {}) {
	        return new CertUpdateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.enabled = source["enabled"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	    }
	}
	export class Changed {
	    changed: number;
	
	    static createFrom(source: any = {}) {
	        return new Changed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.changed = source["changed"];
	    }
	}
	export class ConsoleState {
	    mode: string;
	    dataDir: string;
	    engineUrl: string;
	    enginePid: number;
	    connected: boolean;
	    serviceDataDir: string;
	    installCommands: string[];
	
	    static createFrom(source: any = {}) {
	        return new ConsoleState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mode = source["mode"];
	        this.dataDir = source["dataDir"];
	        this.engineUrl = source["engineUrl"];
	        this.enginePid = source["enginePid"];
	        this.connected = source["connected"];
	        this.serviceDataDir = source["serviceDataDir"];
	        this.installCommands = source["installCommands"];
	    }
	}
	export class CoverageWarning {
	    kind: string;
	    certId?: string;
	    name?: string;
	    date?: string;
	    days?: number;
	    from?: string;
	    until?: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new CoverageWarning(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.certId = source["certId"];
	        this.name = source["name"];
	        this.date = source["date"];
	        this.days = source["days"];
	        this.from = source["from"];
	        this.until = source["until"];
	        this.count = source["count"];
	    }
	}
	export class CoverageItem {
	    id: string;
	    name: string;
	    kind: string;
	    userCode?: string;
	    validFrom: string;
	    validUntil: string;
	    state: string;
	    successorId?: string;
	
	    static createFrom(source: any = {}) {
	        return new CoverageItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.userCode = source["userCode"];
	        this.validFrom = source["validFrom"];
	        this.validUntil = source["validUntil"];
	        this.state = source["state"];
	        this.successorId = source["successorId"];
	    }
	}
	export class Coverage {
	    now: string;
	    from: string;
	    until: string;
	    items: CoverageItem[];
	    total: number;
	    warnings: CoverageWarning[];
	    failOpen: boolean;
	    strictMode: boolean;
	    validCount: number;
	
	    static createFrom(source: any = {}) {
	        return new Coverage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.now = source["now"];
	        this.from = source["from"];
	        this.until = source["until"];
	        this.items = this.convertValues(source["items"], CoverageItem);
	        this.total = source["total"];
	        this.warnings = this.convertValues(source["warnings"], CoverageWarning);
	        this.failOpen = source["failOpen"];
	        this.strictMode = source["strictMode"];
	        this.validCount = source["validCount"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class CoverageRequest {
	    kind?: string;
	
	    static createFrom(source: any = {}) {
	        return new CoverageRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	    }
	}
	
	export class CutOffAddress {
	    address: string;
	    kind: string;
	
	    static createFrom(source: any = {}) {
	        return new CutOffAddress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.address = source["address"];
	        this.kind = source["kind"];
	    }
	}
	export class SignInCounts {
	    failed: number;
	    throttled: number;
	
	    static createFrom(source: any = {}) {
	        return new SignInCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.failed = source["failed"];
	        this.throttled = source["throttled"];
	    }
	}
	export class ServerStatus {
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
	
	    static createFrom(source: any = {}) {
	        return new ServerStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.portalUrl = source["portalUrl"];
	        this.gatewayUrl = source["gatewayUrl"];
	        this.downloadUrl = source["downloadUrl"];
	        this.caPageUrl = source["caPageUrl"];
	        this.portalQrPng = source["portalQrPng"];
	        this.gatewayQrPng = source["gatewayQrPng"];
	        this.lanAddresses = source["lanAddresses"];
	        this.caFingerprint = source["caFingerprint"];
	        this.startedAt = source["startedAt"];
	        this.logWritten = source["logWritten"];
	        this.logDropped = source["logDropped"];
	        this.logQueued = source["logQueued"];
	    }
	}
	export class DenialBucket {
	    hour: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new DenialBucket(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hour = source["hour"];
	        this.count = source["count"];
	    }
	}
	export class Protection {
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
	
	    static createFrom(source: any = {}) {
	        return new Protection(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.failOpen = source["failOpen"];
	        this.strictMode = source["strictMode"];
	        this.validCerts = source["validCerts"];
	        this.ipRulesEnforcing = source["ipRulesEnforcing"];
	        this.ipRules = source["ipRules"];
	        this.routes = source["routes"];
	        this.requireCertUsers = source["requireCertUsers"];
	        this.requireDeviceUsers = source["requireDeviceUsers"];
	        this.suspendedUsers = source["suspendedUsers"];
	        this.activeUsers = source["activeUsers"];
	    }
	}
	export class Dashboard {
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
	
	    static createFrom(source: any = {}) {
	        return new Dashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.protection = this.convertValues(source["protection"], Protection);
	        this.pendingDevices = source["pendingDevices"];
	        this.expiringSoon = this.convertValues(source["expiringSoon"], Cert);
	        this.warnings = this.convertValues(source["warnings"], CoverageWarning);
	        this.denials = this.convertValues(source["denials"], DenialBucket);
	        this.recentDenials = this.convertValues(source["recentDenials"], AccessEntry);
	        this.server = this.convertValues(source["server"], ServerStatus);
	        this.signIns = this.convertValues(source["signIns"], SignInCounts);
	        this.backup = this.convertValues(source["backup"], BackupState);
	        this.ca = this.convertValues(source["ca"], CAExpiry);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeleteRequest {
	    id: string;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DeleteRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.confirm = source["confirm"];
	    }
	}
	
	export class Device {
	    id: string;
	    userId: string;
	    userCode: string;
	    userName: string;
	    os: string;
	    deviceName: string;
	    phone: string;
	    status: string;
	    designated: boolean;
	    requestedAt: string;
	    processedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Device(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.userId = source["userId"];
	        this.userCode = source["userCode"];
	        this.userName = source["userName"];
	        this.os = source["os"];
	        this.deviceName = source["deviceName"];
	        this.phone = source["phone"];
	        this.status = source["status"];
	        this.designated = source["designated"];
	        this.requestedAt = source["requestedAt"];
	        this.processedAt = source["processedAt"];
	    }
	}
	export class DeviceList {
	    items: Device[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new DeviceList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Device);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DeviceListRequest {
	    status?: string;
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
	
	    static createFrom(source: any = {}) {
	        return new DeviceListRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.userId = source["userId"];
	        this.os = source["os"];
	        this.deviceName = source["deviceName"];
	        this.query = source["query"];
	        this.designation = source["designation"];
	        this.requestedFrom = source["requestedFrom"];
	        this.requestedTo = source["requestedTo"];
	        this.processedFrom = source["processedFrom"];
	        this.processedTo = source["processedTo"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	}
	export class DownloadRequest {
	    id: string;
	    format: string;
	
	    static createFrom(source: any = {}) {
	        return new DownloadRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.format = source["format"];
	    }
	}
	export class Empty {
	
	
	    static createFrom(source: any = {}) {
	        return new Empty(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	
	    }
	}
	export class ExportRequest {
	    query?: string;
	    group?: string;
	    state?: string;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: string;
	    encoding?: string;
	
	    static createFrom(source: any = {}) {
	        return new ExportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.group = source["group"];
	        this.state = source["state"];
	        this.requireCert = source["requireCert"];
	        this.certName = source["certName"];
	        this.withoutValidCert = source["withoutValidCert"];
	        this.certState = source["certState"];
	        this.encoding = source["encoding"];
	    }
	}
	export class FileResult {
	    filename: string;
	    dataBase64: string;
	    csvBase64?: string;
	
	    static createFrom(source: any = {}) {
	        return new FileResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filename = source["filename"];
	        this.dataBase64 = source["dataBase64"];
	        this.csvBase64 = source["csvBase64"];
	    }
	}
	export class FilledMessage {
	    userId: string;
	    code: string;
	    name: string;
	    email: string;
	    subject: string;
	    body: string;
	    mailto: string;
	
	    static createFrom(source: any = {}) {
	        return new FilledMessage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.subject = source["subject"];
	        this.body = source["body"];
	        this.mailto = source["mailto"];
	    }
	}
	export class Groups {
	    items: string[];
	
	    static createFrom(source: any = {}) {
	        return new Groups(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = source["items"];
	    }
	}
	export class HistoryEntry {
	    id: string;
	    time: string;
	    actor: string;
	    action: string;
	    targetType: string;
	    target: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new HistoryEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.time = source["time"];
	        this.actor = source["actor"];
	        this.action = source["action"];
	        this.targetType = source["targetType"];
	        this.target = source["target"];
	        this.detail = source["detail"];
	    }
	}
	export class HistoryListRequest {
	    targetType?: string;
	    page?: number;
	    pageSize?: number;
	
	    static createFrom(source: any = {}) {
	        return new HistoryListRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.targetType = source["targetType"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	}
	export class HistoryPage {
	    items: HistoryEntry[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new HistoryPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], HistoryEntry);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IDRequest {
	    id: string;
	
	    static createFrom(source: any = {}) {
	        return new IDRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	    }
	}
	export class IDsRequest {
	    ids: string[];
	
	    static createFrom(source: any = {}) {
	        return new IDsRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ids = source["ids"];
	    }
	}
	export class IPRule {
	    id: string;
	    name: string;
	    description: string;
	    address: string;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IPRule(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.address = source["address"];
	        this.enabled = source["enabled"];
	    }
	}
	export class IPRuleCreateRequest {
	    name: string;
	    description?: string;
	    address: string;
	    enabled: boolean;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IPRuleCreateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	        this.address = source["address"];
	        this.enabled = source["enabled"];
	        this.confirm = source["confirm"];
	    }
	}
	export class IPRuleDeleteRequest {
	    id: string;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IPRuleDeleteRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.confirm = source["confirm"];
	    }
	}
	export class IPRuleList {
	    items: IPRule[];
	    enforcing: boolean;
	    selfAddresses: string[];
	    clientAddresses: string[];
	
	    static createFrom(source: any = {}) {
	        return new IPRuleList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], IPRule);
	        this.enforcing = source["enforcing"];
	        this.selfAddresses = source["selfAddresses"];
	        this.clientAddresses = source["clientAddresses"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IPRulePreview {
	    cutOff: CutOffAddress[];
	    enforcingAfter: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IPRulePreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cutOff = this.convertValues(source["cutOff"], CutOffAddress);
	        this.enforcingAfter = source["enforcingAfter"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IPRulePreviewRequest {
	    id?: string;
	    address?: string;
	    enabled: boolean;
	    delete?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IPRulePreviewRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.address = source["address"];
	        this.enabled = source["enabled"];
	        this.delete = source["delete"];
	    }
	}
	export class IPRuleUpdateRequest {
	    id: string;
	    name?: string;
	    description?: string;
	    address?: string;
	    enabled?: boolean;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IPRuleUpdateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.address = source["address"];
	        this.enabled = source["enabled"];
	        this.confirm = source["confirm"];
	    }
	}
	export class ImportError {
	    line: number;
	    message: string;
	    field?: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportError(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.message = source["message"];
	        this.field = source["field"];
	    }
	}
	export class ImportPreviewRow {
	    line: number;
	    action: string;
	    code: string;
	    name: string;
	    email: string;
	    phone: string;
	    group: string;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new ImportPreviewRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.action = source["action"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.group = source["group"];
	        this.state = source["state"];
	    }
	}
	export class ImportRequest {
	    csvBase64: string;
	    dryRun?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.csvBase64 = source["csvBase64"];
	        this.dryRun = source["dryRun"];
	    }
	}
	export class ImportResult {
	    created: number;
	    updated: number;
	    errors: ImportError[];
	    preview: ImportPreviewRow[];
	    previewTruncated: boolean;
	    dryRun: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.updated = source["updated"];
	        this.errors = this.convertValues(source["errors"], ImportError);
	        this.preview = this.convertValues(source["preview"], ImportPreviewRow);
	        this.previewTruncated = source["previewTruncated"];
	        this.dryRun = source["dryRun"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IssuePersonalRequest {
	    userIds: string[];
	    notBefore?: string;
	    notAfter?: string;
	    enabled: boolean;
	    revokeExisting?: boolean;
	    keyAlgorithm?: string;
	    jobId?: string;
	
	    static createFrom(source: any = {}) {
	        return new IssuePersonalRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userIds = source["userIds"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	        this.enabled = source["enabled"];
	        this.revokeExisting = source["revokeExisting"];
	        this.keyAlgorithm = source["keyAlgorithm"];
	        this.jobId = source["jobId"];
	    }
	}
	export class IssueSharedRequest {
	    name: string;
	    notBefore?: string;
	    notAfter?: string;
	    enabled: boolean;
	    keyAlgorithm?: string;
	
	    static createFrom(source: any = {}) {
	        return new IssueSharedRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	        this.enabled = source["enabled"];
	        this.keyAlgorithm = source["keyAlgorithm"];
	    }
	}
	export class IssuedCert {
	    cert: Cert;
	    passphrase: string;
	
	    static createFrom(source: any = {}) {
	        return new IssuedCert(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cert = this.convertValues(source["cert"], Cert);
	        this.passphrase = source["passphrase"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class IssuedPersonal {
	    items: IssuedCert[];
	    zip: string;
	
	    static createFrom(source: any = {}) {
	        return new IssuedPersonal(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], IssuedCert);
	        this.zip = source["zip"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class JobProgress {
	    total: number;
	    done: number;
	    finished: boolean;
	    known: boolean;
	
	    static createFrom(source: any = {}) {
	        return new JobProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.done = source["done"];
	        this.finished = source["finished"];
	        this.known = source["known"];
	    }
	}
	export class JobRequest {
	    jobId: string;
	
	    static createFrom(source: any = {}) {
	        return new JobRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.jobId = source["jobId"];
	    }
	}
	export class LANServer {
	    portalUrl: string;
	    gatewayUrl: string;
	    downloadUrl: string;
	    downloadError?: string;
	    fixed: Record<string, string>;
	    lanAddresses: string[];
	
	    static createFrom(source: any = {}) {
	        return new LANServer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.portalUrl = source["portalUrl"];
	        this.gatewayUrl = source["gatewayUrl"];
	        this.downloadUrl = source["downloadUrl"];
	        this.downloadError = source["downloadError"];
	        this.fixed = source["fixed"];
	        this.lanAddresses = source["lanAddresses"];
	    }
	}
	export class Link {
	    id: string;
	    certId: string;
	    expiresAt: string;
	    maxUses: number;
	    uses: number;
	    state: string;
	    ipRestricted: boolean;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Link(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.certId = source["certId"];
	        this.expiresAt = source["expiresAt"];
	        this.maxUses = source["maxUses"];
	        this.uses = source["uses"];
	        this.state = source["state"];
	        this.ipRestricted = source["ipRestricted"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class LinkCreateRequest {
	    certId: string;
	    expiresInMinutes?: number;
	    maxUses?: number;
	    ipRestricted?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LinkCreateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.certId = source["certId"];
	        this.expiresInMinutes = source["expiresInMinutes"];
	        this.maxUses = source["maxUses"];
	        this.ipRestricted = source["ipRestricted"];
	    }
	}
	export class LinkCreated {
	    id: string;
	    certId: string;
	    url: string;
	    expiresAt: string;
	    maxUses: number;
	    qrPng: string;
	
	    static createFrom(source: any = {}) {
	        return new LinkCreated(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.certId = source["certId"];
	        this.url = source["url"];
	        this.expiresAt = source["expiresAt"];
	        this.maxUses = source["maxUses"];
	        this.qrPng = source["qrPng"];
	    }
	}
	export class LinkList {
	    items: Link[];
	
	    static createFrom(source: any = {}) {
	        return new LinkList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Link);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LinkListRequest {
	    certId: string;
	
	    static createFrom(source: any = {}) {
	        return new LinkListRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.certId = source["certId"];
	    }
	}
	export class MessageFailure {
	    index: number;
	    userId: string;
	    code: string;
	    name: string;
	    email: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new MessageFailure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.index = source["index"];
	        this.userId = source["userId"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.message = source["message"];
	    }
	}
	export class MessageItem {
	    userId?: string;
	    certId?: string;
	    url?: string;
	    password?: string;
	    expiresAt?: string;
	
	    static createFrom(source: any = {}) {
	        return new MessageItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.certId = source["certId"];
	        this.url = source["url"];
	        this.password = source["password"];
	        this.expiresAt = source["expiresAt"];
	    }
	}
	export class MessageList {
	    items: FilledMessage[];
	
	    static createFrom(source: any = {}) {
	        return new MessageList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], FilledMessage);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MessageRequest {
	    kind?: string;
	    template?: string;
	    subject?: string;
	    items: MessageItem[];
	
	    static createFrom(source: any = {}) {
	        return new MessageRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.template = source["template"];
	        this.subject = source["subject"];
	        this.items = this.convertValues(source["items"], MessageItem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MessageSendResult {
	    sent: number;
	    failed: MessageFailure[];
	
	    static createFrom(source: any = {}) {
	        return new MessageSendResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sent = source["sent"];
	        this.failed = this.convertValues(source["failed"], MessageFailure);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MessageTestRequest {
	    to: string;
	
	    static createFrom(source: any = {}) {
	        return new MessageTestRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.to = source["to"];
	    }
	}
	export class PasswordResult {
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new PasswordResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.password = source["password"];
	    }
	}
	
	
	export class RenewRequest {
	    id: string;
	    name?: string;
	    notBefore?: string;
	    notAfter?: string;
	
	    static createFrom(source: any = {}) {
	        return new RenewRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	    }
	}
	export class RequireCertCheck {
	    total: number;
	    neverAuthenticated: number;
	    failOpen: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RequireCertCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.neverAuthenticated = source["neverAuthenticated"];
	        this.failOpen = source["failOpen"];
	    }
	}
	export class RequireCertCheckRequest {
	    ids?: string[];
	    all?: boolean;
	    query?: string;
	    group?: string;
	    state?: string;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: string;
	
	    static createFrom(source: any = {}) {
	        return new RequireCertCheckRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ids = source["ids"];
	        this.all = source["all"];
	        this.query = source["query"];
	        this.group = source["group"];
	        this.state = source["state"];
	        this.requireCert = source["requireCert"];
	        this.certName = source["certName"];
	        this.withoutValidCert = source["withoutValidCert"];
	        this.certState = source["certState"];
	    }
	}
	export class RestoreRequest {
	    dataBase64: string;
	    passphrase: string;
	
	    static createFrom(source: any = {}) {
	        return new RestoreRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.dataBase64 = source["dataBase64"];
	        this.passphrase = source["passphrase"];
	    }
	}
	export class RestoreResult {
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
	
	    static createFrom(source: any = {}) {
	        return new RestoreResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.createdAt = source["createdAt"];
	        this.appVersion = source["appVersion"];
	        this.caFingerprint = source["caFingerprint"];
	        this.users = source["users"];
	        this.certificates = source["certificates"];
	        this.revocations = source["revocations"];
	        this.ipRules = source["ipRules"];
	        this.routes = source["routes"];
	        this.devices = source["devices"];
	        this.publicHostCleared = source["publicHostCleared"];
	        this.listenError = source["listenError"];
	    }
	}
	export class RevokeRequest {
	    id: string;
	    reason?: string;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RevokeRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.reason = source["reason"];
	        this.confirm = source["confirm"];
	    }
	}
	export class Route {
	    id: string;
	    name: string;
	    host: string;
	    pathPrefix: string;
	    upstream: string;
	    requireSignIn: boolean;
	    requireCertificate: boolean;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Route(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.host = source["host"];
	        this.pathPrefix = source["pathPrefix"];
	        this.upstream = source["upstream"];
	        this.requireSignIn = source["requireSignIn"];
	        this.requireCertificate = source["requireCertificate"];
	        this.enabled = source["enabled"];
	    }
	}
	export class RouteCreateRequest {
	    name: string;
	    host?: string;
	    pathPrefix?: string;
	    upstream: string;
	    requireSignIn: boolean;
	    requireCertificate?: boolean;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RouteCreateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.host = source["host"];
	        this.pathPrefix = source["pathPrefix"];
	        this.upstream = source["upstream"];
	        this.requireSignIn = source["requireSignIn"];
	        this.requireCertificate = source["requireCertificate"];
	        this.enabled = source["enabled"];
	    }
	}
	export class RouteList {
	    items: Route[];
	
	    static createFrom(source: any = {}) {
	        return new RouteList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Route);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RouteTestRequest {
	    id?: string;
	    upstream?: string;
	
	    static createFrom(source: any = {}) {
	        return new RouteTestRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.upstream = source["upstream"];
	    }
	}
	export class RouteTestResult {
	    ok: boolean;
	    status: number;
	    message?: string;
	    error?: string;
	    durationMs: number;
	
	    static createFrom(source: any = {}) {
	        return new RouteTestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.status = source["status"];
	        this.message = source["message"];
	        this.error = source["error"];
	        this.durationMs = source["durationMs"];
	    }
	}
	export class RouteUpdateRequest {
	    id: string;
	    name?: string;
	    host?: string;
	    pathPrefix?: string;
	    upstream?: string;
	    requireSignIn?: boolean;
	    requireCertificate?: boolean;
	    enabled?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RouteUpdateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.host = source["host"];
	        this.pathPrefix = source["pathPrefix"];
	        this.upstream = source["upstream"];
	        this.requireSignIn = source["requireSignIn"];
	        this.requireCertificate = source["requireCertificate"];
	        this.enabled = source["enabled"];
	    }
	}
	export class SaveFileRequest {
	    filename: string;
	    dataBase64: string;
	
	    static createFrom(source: any = {}) {
	        return new SaveFileRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.filename = source["filename"];
	        this.dataBase64 = source["dataBase64"];
	    }
	}
	export class SaveFileResult {
	    saved: boolean;
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new SaveFileResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.saved = source["saved"];
	        this.path = source["path"];
	    }
	}
	
	export class SetFlagRequest {
	    ids: string[];
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SetFlagRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ids = source["ids"];
	        this.enabled = source["enabled"];
	    }
	}
	export class SetRequireCertMatchingRequest {
	    query?: string;
	    group?: string;
	    state?: string;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: string;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SetRequireCertMatchingRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.group = source["group"];
	        this.state = source["state"];
	        this.requireCert = source["requireCert"];
	        this.certName = source["certName"];
	        this.withoutValidCert = source["withoutValidCert"];
	        this.certState = source["certState"];
	        this.enabled = source["enabled"];
	    }
	}
	export class SetSuspendedRequest {
	    ids: string[];
	    suspended: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SetSuspendedRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ids = source["ids"];
	        this.suspended = source["suspended"];
	    }
	}
	export class SettingsData {
	    language: string;
	    effectiveLanguage: string;
	    organizationName: string;
	    strictMode: boolean;
	    certBypassesIpRules: boolean;
	    defaultValidityDays: number;
	    keyAlgorithm: string;
	    pkcs12Compat: string;
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
	    smtpSecurity: string;
	
	    static createFrom(source: any = {}) {
	        return new SettingsData(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.effectiveLanguage = source["effectiveLanguage"];
	        this.organizationName = source["organizationName"];
	        this.strictMode = source["strictMode"];
	        this.certBypassesIpRules = source["certBypassesIpRules"];
	        this.defaultValidityDays = source["defaultValidityDays"];
	        this.keyAlgorithm = source["keyAlgorithm"];
	        this.pkcs12Compat = source["pkcs12Compat"];
	        this.linkExpiresInMinutes = source["linkExpiresInMinutes"];
	        this.linkMaxUses = source["linkMaxUses"];
	        this.linkDownloadsEnabled = source["linkDownloadsEnabled"];
	        this.messageTemplate = source["messageTemplate"];
	        this.messageSubject = source["messageSubject"];
	        this.accessLogRetentionDays = source["accessLogRetentionDays"];
	        this.loginTemplate = source["loginTemplate"];
	        this.loginSubject = source["loginSubject"];
	        this.maxConnectionsPerAddress = source["maxConnectionsPerAddress"];
	        this.portalPort = source["portalPort"];
	        this.gatewayPort = source["gatewayPort"];
	        this.publicHost = source["publicHost"];
	        this.downloadPort = source["downloadPort"];
	        this.downloadsHttpsOnly = source["downloadsHttpsOnly"];
	        this.selfServiceEnabled = source["selfServiceEnabled"];
	        this.selfServiceRevokePrevious = source["selfServiceRevokePrevious"];
	        this.selfServiceUrl = source["selfServiceUrl"];
	        this.lanServer = this.convertValues(source["lanServer"], LANServer);
	        this.logFolder = source["logFolder"];
	        this.backupScheduleEnabled = source["backupScheduleEnabled"];
	        this.backupFolder = source["backupFolder"];
	        this.backupIntervalHours = source["backupIntervalHours"];
	        this.backupKeep = source["backupKeep"];
	        this.backupPassphraseSet = source["backupPassphraseSet"];
	        this.smtpHost = source["smtpHost"];
	        this.smtpPort = source["smtpPort"];
	        this.smtpUsername = source["smtpUsername"];
	        this.smtpPasswordSet = source["smtpPasswordSet"];
	        this.smtpFrom = source["smtpFrom"];
	        this.smtpSecurity = source["smtpSecurity"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SettingsUpdate {
	    language?: string;
	    organizationName?: string;
	    strictMode?: boolean;
	    certBypassesIpRules?: boolean;
	    defaultValidityDays?: number;
	    keyAlgorithm?: string;
	    pkcs12Compat?: string;
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
	    smtpSecurity?: string;
	    confirm?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SettingsUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.language = source["language"];
	        this.organizationName = source["organizationName"];
	        this.strictMode = source["strictMode"];
	        this.certBypassesIpRules = source["certBypassesIpRules"];
	        this.defaultValidityDays = source["defaultValidityDays"];
	        this.keyAlgorithm = source["keyAlgorithm"];
	        this.pkcs12Compat = source["pkcs12Compat"];
	        this.linkExpiresInMinutes = source["linkExpiresInMinutes"];
	        this.linkMaxUses = source["linkMaxUses"];
	        this.linkDownloadsEnabled = source["linkDownloadsEnabled"];
	        this.messageTemplate = source["messageTemplate"];
	        this.messageSubject = source["messageSubject"];
	        this.accessLogRetentionDays = source["accessLogRetentionDays"];
	        this.loginTemplate = source["loginTemplate"];
	        this.loginSubject = source["loginSubject"];
	        this.maxConnectionsPerAddress = source["maxConnectionsPerAddress"];
	        this.portalPort = source["portalPort"];
	        this.gatewayPort = source["gatewayPort"];
	        this.publicHost = source["publicHost"];
	        this.downloadPort = source["downloadPort"];
	        this.downloadsHttpsOnly = source["downloadsHttpsOnly"];
	        this.selfServiceEnabled = source["selfServiceEnabled"];
	        this.selfServiceRevokePrevious = source["selfServiceRevokePrevious"];
	        this.backupScheduleEnabled = source["backupScheduleEnabled"];
	        this.backupFolder = source["backupFolder"];
	        this.backupIntervalHours = source["backupIntervalHours"];
	        this.backupKeep = source["backupKeep"];
	        this.backupPassphrase = source["backupPassphrase"];
	        this.smtpHost = source["smtpHost"];
	        this.smtpPort = source["smtpPort"];
	        this.smtpUsername = source["smtpUsername"];
	        this.smtpPassword = source["smtpPassword"];
	        this.smtpPasswordClear = source["smtpPasswordClear"];
	        this.smtpFrom = source["smtpFrom"];
	        this.smtpSecurity = source["smtpSecurity"];
	        this.confirm = source["confirm"];
	    }
	}
	
	export class SystemInfo {
	    version: string;
	    mode: string;
	    dataDir: string;
	    adminUrl: string;
	    portalUrl: string;
	    gatewayUrl: string;
	    caFingerprint: string;
	    caThumbprint: string;
	    language: string;
	    fresh: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SystemInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.mode = source["mode"];
	        this.dataDir = source["dataDir"];
	        this.adminUrl = source["adminUrl"];
	        this.portalUrl = source["portalUrl"];
	        this.gatewayUrl = source["gatewayUrl"];
	        this.caFingerprint = source["caFingerprint"];
	        this.caThumbprint = source["caThumbprint"];
	        this.language = source["language"];
	        this.fresh = source["fresh"];
	    }
	}
	export class UnrequestedRequest {
	    query?: string;
	    page?: number;
	    pageSize?: number;
	
	    static createFrom(source: any = {}) {
	        return new UnrequestedRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	}
	export class User {
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
	
	    static createFrom(source: any = {}) {
	        return new User(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.group = source["group"];
	        this.suspended = source["suspended"];
	        this.requireCert = source["requireCert"];
	        this.requireDevice = source["requireDevice"];
	        this.lastAuthCertName = source["lastAuthCertName"];
	        this.lastAuthCertDeleted = source["lastAuthCertDeleted"];
	        this.lastAuthAt = source["lastAuthAt"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class UserCreateRequest {
	    code: string;
	    name: string;
	    email?: string;
	    phone?: string;
	    group?: string;
	
	    static createFrom(source: any = {}) {
	        return new UserCreateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.group = source["group"];
	    }
	}
	export class UserListRequest {
	    query?: string;
	    group?: string;
	    state?: string;
	    requireCert?: string;
	    certName?: string;
	    withoutValidCert?: boolean;
	    certState?: string;
	    page?: number;
	    pageSize?: number;
	
	    static createFrom(source: any = {}) {
	        return new UserListRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.group = source["group"];
	        this.state = source["state"];
	        this.requireCert = source["requireCert"];
	        this.certName = source["certName"];
	        this.withoutValidCert = source["withoutValidCert"];
	        this.certState = source["certState"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	}
	export class UserPage {
	    items: User[];
	    total: number;
	    page: number;
	    pageSize: number;
	
	    static createFrom(source: any = {}) {
	        return new UserPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], User);
	        this.total = source["total"];
	        this.page = source["page"];
	        this.pageSize = source["pageSize"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UserUpdateRequest {
	    id: string;
	    code?: string;
	    name?: string;
	    email?: string;
	    phone?: string;
	    group?: string;
	
	    static createFrom(source: any = {}) {
	        return new UserUpdateRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.code = source["code"];
	        this.name = source["name"];
	        this.email = source["email"];
	        this.phone = source["phone"];
	        this.group = source["group"];
	    }
	}

}

