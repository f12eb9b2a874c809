// Test fixtures for Sekisho's browser tests.
//
// Every test file gets its own `sekisho serve` process with a fresh data
// directory, a random admin token and free ports on 127.0.0.1, so files do
// not see each other's users or certificates. The tests of one file share
// that server. The server is stopped with SIGTERM when the next file starts
// (or the worker ends), and a non-zero exit fails the run.
//
// Usage in a spec:
//
//   import { test, expect } from '../fixtures';
//   test('creates a user', async ({ api, adminPage }) => {
//     const user = await api('Users', 'Create', { code: 'u1', name: '山田' });
//     ...
//   });
//
// Environment:
//   SEKISHO_BIN        the serve binary (default: ../sekisho, built by
//                      `go run ./tools/task test`, or `go build -o sekisho .`)
//   SEKISHO_E2E_LOG=1  echo the server's output to stderr
//   SEKISHO_E2E_KEEP=1 keep the data directories (their paths are logged)
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/** How long the server may take to print `ready` (the first start makes a CA). */
const START_TIMEOUT_MS = 30_000;
/** How long the server may take to exit after SIGTERM. */
const STOP_TIMEOUT_MS = 15_000;
/** How many lines of server output are kept for error messages. */
const LOG_TAIL_LINES = 60;

/** What a test knows about its server. */
export interface Server {
  /** The admin UI and API, `http://127.0.0.1:PORT/` (ends with a slash). */
  adminURL: string;
  /** The download portal, `https://HOST:PORT/`. */
  portalURL: string;
  /** The mTLS gateway, `https://HOST:PORT/`. */
  gatewayURL: string;
  /** The plain-HTTP download listener, `http://HOST:PORT/`: download links point there. */
  downloadURL: string;
  /** The admin token (sent as `Authorization: Bearer TOKEN`). */
  token: string;
  /** The server's --data directory. */
  dataDir: string;
}

/** The `{code, message, field}` error body of the admin API. */
export interface ApiErrorBody {
  code: string;
  message?: string;
  field?: string;
}

/** A non-2xx answer of the admin API, thrown by the `api` fixture. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly body: unknown;

  constructor(status: number, where: string, body: unknown) {
    const err = ((body as { error?: ApiErrorBody } | undefined)?.error ?? {}) as ApiErrorBody;
    super(`${where}: HTTP ${status} ${err.code ?? ''} ${err.message ?? JSON.stringify(body)}`.trim());
    this.name = 'ApiError';
    this.status = status;
    this.code = err.code ?? '';
    this.field = err.field;
    this.body = body;
  }
}

/**
 * Calls `POST adminURL + 'api/' + service + '.' + method` with the admin token
 * and returns the JSON result; any non-2xx answer throws an {@link ApiError}
 * (assert it with `await expect(api(...)).rejects.toMatchObject({ status: 409, code: 'confirm' })`).
 */
export type Api = <T = any>(service: string, method: string, body?: object) => Promise<T>;

/** What {@link ApiRaw} answers: the status and the parsed body (text when it is not JSON). */
export interface RawResponse {
  status: number;
  body: any;
}

/**
 * Like {@link Api} but never throws on an HTTP status. `token: null` sends no
 * Authorization header; a string sends that token instead of the server's.
 */
export type ApiRaw = (
  service: string,
  method: string,
  body?: object,
  options?: { token?: string | null },
) => Promise<RawResponse>;

/** Resolves the serve binary: $SEKISHO_BIN, else ../sekisho (.exe on Windows). */
function serverBinary(): string {
  const fromEnv = process.env.SEKISHO_BIN;
  const candidates = fromEnv
    ? [path.resolve(fromEnv)]
    : [path.resolve(__dirname, '..', 'sekisho'), path.resolve(__dirname, '..', 'sekisho.exe')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `sekisho binary not found (${candidates.join(', ')}): build it with ` +
        '`CGO_ENABLED=0 go build -o sekisho .` in the repository root, or set SEKISHO_BIN',
    );
  }
  return found;
}

/** One running `sekisho serve` process. */
class ServerProcess {
  private child?: ChildProcess;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  private exited?: Promise<void>;
  private readonly tail: string[] = [];
  private dataDir?: string;
  info?: Server;

  /** Starts the server and resolves once it printed `ready`. */
  async start(): Promise<Server> {
    const bin = serverBinary();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sekisho-e2e-'));
    this.dataDir = dataDir;
    const token = randomBytes(24).toString('hex');
    const args = [
      'serve',
      '--data', dataDir,
      '--admin', '127.0.0.1:0',
      '--portal', '127.0.0.1:0',
      '--gateway', '127.0.0.1:0',
      '--download', '127.0.0.1:0',
      '--public-host', '127.0.0.1',
    ];
    if (process.env.SEKISHO_E2E_KEEP) console.error(`sekisho e2e: data directory ${dataDir}`);
    const child = spawn(bin, args, {
      env: { ...process.env, SEKISHO_ADMIN_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => this.log('stderr', line));

    const urls: Partial<Record<'admin' | 'portal' | 'gateway' | 'download', string>> = {};
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`sekisho serve printed no "ready" within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${bin}: ${err.message}`));
      });
      void this.exited!.then(() => {
        clearTimeout(timer);
        reject(new Error(`sekisho serve exited before "ready" (${this.exitText()})`));
      });
      readline.createInterface({ input: child.stdout! }).on('line', (raw) => {
        const line = raw.replace(/\r$/, '');
        this.log('stdout', line);
        const m = /^(admin|portal|gateway|download) (https?:\/\/\S+\/)$/.exec(line);
        if (m) urls[m[1] as 'admin' | 'portal' | 'gateway' | 'download'] = m[2];
        if (line === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    try {
      await ready;
    } catch (err) {
      await this.kill();
      throw this.withTail(err as Error);
    }
    const { admin, portal, gateway, download } = urls;
    if (!admin || !portal || !gateway || !download) {
      await this.kill();
      throw this.withTail(
        new Error(`"ready" came before the admin, portal, gateway and download lines (got ${JSON.stringify(urls)})`),
      );
    }
    if (!admin.startsWith('http://127.0.0.1:') || !portal.startsWith('https://') || !gateway.startsWith('https://') || !download.startsWith('http://')) {
      await this.kill();
      throw new Error(`unexpected listener lines: ${JSON.stringify(urls)}`);
    }
    this.info = { adminURL: admin, portalURL: portal, gatewayURL: gateway, downloadURL: download, token, dataDir };
    return this.info;
  }

  /** Reports whether the process has exited. */
  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** Sends SIGTERM, waits for the exit, and fails unless the exit code is 0. */
  async stop(): Promise<void> {
    try {
      if (this.hasExited) {
        throw this.withTail(new Error(`sekisho serve exited on its own while tests ran (${this.exitText()})`));
      }
      this.child!.kill('SIGTERM');
      if (!(await this.waitExit(STOP_TIMEOUT_MS))) {
        await this.kill();
        throw this.withTail(new Error(`sekisho serve did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`));
      }
      // Windows has no SIGTERM: kill() ends the process, whatever it would return.
      if (process.platform !== 'win32' && this.exit!.code !== 0) {
        throw this.withTail(new Error(`sekisho serve did not exit cleanly on SIGTERM (${this.exitText()})`));
      }
    } finally {
      this.cleanup();
    }
  }

  /** Ends the process without judging how it exits. */
  private async kill(): Promise<void> {
    if (!this.hasExited) {
      this.child?.kill('SIGKILL');
      await this.waitExit(5_000);
    }
    this.cleanup();
  }

  private async waitExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const done = await Promise.race([this.exited!.then(() => true), timeout]);
    clearTimeout(timer);
    return done;
  }

  private cleanup(): void {
    const dir = this.dataDir;
    if (dir && !process.env.SEKISHO_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  }

  private log(stream: string, line: string): void {
    if (process.env.SEKISHO_E2E_LOG) console.error(`[sekisho ${stream}] ${line}`);
    this.tail.push(line);
    if (this.tail.length > LOG_TAIL_LINES) this.tail.shift();
  }

  private exitText(): string {
    if (!this.exit) return 'still running';
    return this.exit.signal ? `killed by ${this.exit.signal}` : `exit code ${this.exit.code}`;
  }

  private withTail(err: Error): Error {
    if (this.tail.length) err.message += `\n--- last server output ---\n${this.tail.join('\n')}`;
    return err;
  }
}

/** Keeps one server per test file alive within a worker. */
class ServerPool {
  private current?: { file: string; proc: ServerProcess };

  /** Returns the server of `file`, stopping the previous file's server first. */
  async forFile(file: string): Promise<Server> {
    const cur = this.current;
    if (cur && cur.file === file) {
      if (cur.proc.hasExited) {
        this.current = undefined;
        await cur.proc.stop(); // throws with the exit status and the output tail
      }
      return cur.proc.info!;
    }
    await this.release();
    const proc = new ServerProcess();
    const info = await proc.start();
    this.current = { file, proc };
    // A new engine's Home is the first-start screen (新しく始める /
    // バックアップから復元); every file but those about that screen starts
    // afresh, as an admin who chose 新しく始める.
    if (!FRESH_FILES.includes(path.basename(file))) await startFresh(info);
    return info;
  }

  /** Stops the current server, if any. */
  async release(): Promise<void> {
    const cur = this.current;
    this.current = undefined;
    if (cur) {
      try {
        await cur.proc.stop();
      } catch (err) {
        (err as Error).message = `server of ${path.basename(cur.file)}: ${(err as Error).message}`;
        throw err;
      }
    }
  }
}

type TestFixtures = {
  /** The server of this test file. */
  server: Server;
  /** Admin API calls with the token; throws ApiError on non-2xx. */
  api: Api;
  /** Admin API calls that return the status instead of throwing. */
  apiRaw: ApiRaw;
  /** A page that has opened the admin UI with the token (`adminURL#token=…`). */
  adminPage: Page;
};

type WorkerFixtures = {
  serverPool: ServerPool;
};

/** Playwright's `test` with Sekisho's fixtures. */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  serverPool: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const pool = new ServerPool();
      try {
        await use(pool);
      } finally {
        await pool.release();
      }
    },
    { scope: 'worker' },
  ],

  server: async ({ serverPool }, use, testInfo) => {
    await use(await serverPool.forFile(testInfo.file));
  },

  apiRaw: async ({ request, server }, use) => {
    await use(async (service, method, body = {}, options = {}) => {
      const token = options.token === undefined ? server.token : options.token;
      const res = await request.post(`${server.adminURL}api/${service}.${method}`, {
        headers: token === null ? {} : { Authorization: `Bearer ${token}` },
        data: body,
        failOnStatusCode: false,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status(), body: parsed };
    });
  },

  api: async ({ apiRaw }, use) => {
    await use(async (service, method, body = {}) => {
      const res = await apiRaw(service, method, body);
      if (res.status < 200 || res.status > 299) throw new ApiError(res.status, `${service}.${method}`, res.body);
      return res.body;
    });
  },

  adminPage: async ({ page, server }, use) => {
    await page.goto(`${server.adminURL}#token=${encodeURIComponent(server.token)}`);
    await use(page);
  },
});

export { expect };

// ---------------------------------------------------------------------------
// Helpers shared by the certificate and distribution specs (additive: the
// exports above are unchanged).

/** A certificate as the admin API returns it (docs/api.md, Certificates). */
export interface Cert {
  id: string;
  name: string;
  kind: 'shared' | 'personal';
  userId?: string;
  userCode?: string;
  userName?: string;
  serial: string;
  keyAlgorithm: string;
  notBefore: string;
  notAfter: string;
  enabled: boolean;
  state: 'valid' | 'disabled' | 'expired' | 'notYetValid' | 'revoked';
  revokeReason: string;
  predecessorId?: string;
  successorId?: string;
  x509NotAfter: string;
}

/** Deletes every listed certificate (Certs.Delete revokes it and stops its links). */
export async function deleteAllCerts(api: Api): Promise<void> {
  for (;;) {
    const page = await api<{ items: Cert[] }>('Certs', 'List', { pageSize: 100 });
    if (page.items.length === 0) return;
    for (const c of page.items) await api('Certs', 'Delete', { id: c.id, confirm: true });
  }
}

/** Deletes every user. */
export async function deleteAllUsers(api: Api): Promise<void> {
  for (;;) {
    const page = await api<{ items: { id: string }[] }>('Users', 'List', { pageSize: 100 });
    if (page.items.length === 0) return;
    await api('Users', 'Delete', { ids: page.items.map((u) => u.id) });
  }
}

/** Deletes every gateway route. */
export async function deleteAllRoutes(api: Api): Promise<void> {
  const routes = await api<{ items: { id: string }[] }>('Routes', 'List', {});
  for (const r of routes.items) await api('Routes', 'Delete', { id: r.id });
}

/**
 * Creates users in one Users.ImportCSV call and returns them ordered by code.
 * Each seed needs a code and a name; email and group are optional.
 */
export async function importUsers(
  api: Api,
  users: { code: string; name: string; email?: string; group?: string }[],
): Promise<{ id: string; code: string; name: string; email: string }[]> {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = ['code,name,email,group', ...users.map((u) => [u.code, u.name, u.email ?? '', u.group ?? ''].map(q).join(','))];
  const res = await api<{ created: number; errors: unknown[] }>('Users', 'ImportCSV', {
    csvBase64: Buffer.from(lines.join('\r\n') + '\r\n').toString('base64'),
  });
  if (res.errors.length || res.created !== users.length) throw new Error(`import failed: ${JSON.stringify(res)}`);
  const out: { id: string; code: string; name: string; email: string }[] = [];
  for (let page = 1; ; page++) {
    const r = await api<{ items: { id: string; code: string; name: string; email: string }[]; total: number }>('Users', 'List', {
      page,
      pageSize: 100,
    });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) break;
  }
  const wanted = new Set(users.map((u) => u.code));
  return out.filter((u) => wanted.has(u.code));
}

/**
 * Collects uncaught exceptions and console errors of a page (4xx fetches are
 * provoked on purpose and ignored). Assert the array is empty at the end.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
    errors.push(`console.error: ${msg.text()}`);
  });
  return errors;
}

/** Answers the shared confirm dialog (OK or cancel) and returns its body text. */
export async function answerConfirm(page: Page, ok: boolean, title?: string): Promise<string> {
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toBeVisible();
  if (title) await expect(confirm.getByRole('heading', { name: title })).toBeVisible();
  const body = (await confirm.getByTestId('confirm-body').textContent()) ?? '';
  await confirm.getByTestId(ok ? 'confirm-ok' : 'confirm-cancel').click();
  await expect(confirm).toBeHidden();
  return body;
}

/** Moves an ISO date (YYYY-MM-DD) by n calendar days. */
export function addDaysISO(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The date format of the Japanese UI: 2026/11/23. */
export function jaDate(iso: string): string {
  return iso.replace(/-/g, '/');
}

/** Whether openssl reads a PKCS#12 file with this passphrase (`openssl pkcs12 -nokeys`). */
export function opensslOpensP12(file: string, passphrase: string): { ok: boolean; output: string } {
  const r = spawnSync('openssl', ['pkcs12', '-in', file, '-passin', `pass:${passphrase}`, '-nokeys'], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/**
 * GETs a URL of the portal (https, without verifying its certificate) or of
 * the download listener (plain http); answers status and body bytes.
 */
export function httpsGetInsecure(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    };
    const req = url.startsWith('http:') ? http.get(url, onResponse) : https.get(url, { rejectUnauthorized: false }, onResponse);
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url}: timeout`)));
  });
}

/** Test files whose server stays a new engine (System.Info's fresh). */
const FRESH_FILES = ['welcome.spec.ts'];

/** Calls System.StartFresh on server: its Home is the normal one. */
async function startFresh(server: Server): Promise<void> {
  const res = await fetch(`${server.adminURL}api/System.StartFresh`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`System.StartFresh: ${res.status} ${await res.text()}`);
}

/**
 * Starts one more `sekisho serve` beside the file's server, with its own
 * fresh data directory, token and ports (e.g. the "old PC" a backup is
 * taken from). stop() ends it with SIGTERM (a non-zero exit throws) and
 * removes its data directory; call it in a finally.
 */
export async function startExtraServer(): Promise<{ server: Server; stop: () => Promise<void> }> {
  const proc = new ServerProcess();
  const server = await proc.start();
  return { server, stop: () => proc.stop() };
}
