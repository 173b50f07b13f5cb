// Starts what a browser test needs: a built console, a real Tributary server on the run's demo marketplace
// (its own copy on the embedded database), and Debian's Chromium via playwright-core.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const screenshotDir = path.join(root, 'test/browser/screenshots');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
/** The demo is generated once per run (database.setup.ts); a server starts on it in seconds, more when busy. */
const SERVER_START_TIMEOUT_MS = 180_000;

export const DEMO_PASSWORD = 'tributary';

/** Newest modification time under a path (files only). */
function newestMtime(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Builds the console when dist is missing or older than its sources, so tests never see a stale UI. */
export function ensureConsoleBuilt(): void {
  const index = path.join(root, 'console/dist/index.html');
  const sources = ['console/src', 'console/index.html', 'console/vite.config.ts'].map((p) =>
    path.join(root, p),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  const r = spawnSync('npm', ['run', 'build', '-w', 'console'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`console build failed:\n${r.stdout}\n${r.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface ServerProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
}

/** Runs `tributary serve --demo` and resolves with its URL once it prints it. */
async function startServer(): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-browser-'));
  // On PostgreSQL the run's own database (test/browser/database.setup.ts); the rest of the environment
  // passes through unchanged.
  const databaseUrl = inject('browserDatabaseUrl');
  // On the embedded database, this file's own copy of the run's generated demo (test/browser/database.setup.ts).
  const template = inject('browserTemplateDir');
  if (template) fs.cpSync(template, dataDir, { recursive: true });
  const child = spawn(process.execPath, ['bin/tributary.mjs', 'serve', '--demo', '--port', String(port)], {
    cwd: root,
    env: {
      ...process.env,
      TRIBUTARY_DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let ready = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${SERVER_START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, SERVER_START_TIMEOUT_MS);
    // The server announces itself on stdout ("Tributary is running at http://…");
    // stderr carries config and seeding progress, kept for the failure message.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (ready) return; // still drained, so a chatty server never blocks on a full pipe
      output += chunk.toString();
      const m = output.match(/running at (http:\/\/[^\s/]+:\d+)/);
      if (m?.[1]) {
        ready = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!ready) output += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  }).catch((e: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return { url, child, dataDir };
}

/**
 * Waits until the server answers /health promptly: it prints its URL before
 * background work after seeding has settled, and pages would time out meanwhile.
 */
async function waitUntilResponsive(url: string, deadline: number): Promise<void> {
  for (;;) {
    const started = Date.now();
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
      if (res.ok && Date.now() - started < 2_000) return;
    } catch {
      // slow or refused: try again until the deadline
    }
    if (Date.now() > deadline) throw new Error(`server at ${url} did not become responsive in time`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function stopServer(server: ServerProcess | null): Promise<void> {
  if (!server) return;
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}

/** The API as the demo logins, for facts and set-up a console test needs (tokens cached per login). */
export interface ApiClient {
  token(login: string): Promise<string>;
  /** A call with a bearer token; a non-2xx answer throws with its status and body. */
  call<T>(bearer: string, url: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** The same call as a demo login. */
  as<T>(login: string, url: string, init?: { method?: string; body?: unknown }): Promise<T>;
}

export function apiClient(baseUrl: string): ApiClient {
  const tokens = new Map<string, string>();
  const token = async (login: string) => {
    const known = tokens.get(login);
    if (known) return known;
    const res = await fetch(`${baseUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: DEMO_PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${login}: ${res.status} ${await res.text()}`);
    const { token: t } = (await res.json()) as { token: string };
    tokens.set(login, t);
    return t;
  };
  const call = async <T>(bearer: string, url: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    token,
    call,
    as: async (login, url, init) => call(await token(login), url, init),
  };
}

export interface Harness {
  baseUrl: string;
  api: ApiClient;
  browser: Browser;
  /** A fresh browser context (own sessionStorage and localStorage), English by default. */
  newPage(options?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds the console, starts a demo server and Chromium. Set TRIBUTARY_BROWSER_URL to
 * test an already running server (with the demo logins) instead, e.g. while iterating.
 */
export async function startHarness(): Promise<Harness> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  const external = process.env.TRIBUTARY_BROWSER_URL?.replace(/\/$/, '');
  if (!external) ensureConsoleBuilt();
  const server = external ? null : await startServer();
  const baseUrl = external ?? server?.url ?? '';
  let browser: Browser;
  try {
    await waitUntilResponsive(baseUrl, deadline);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    await stopServer(server);
    throw e;
  }
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    baseUrl,
    api: apiClient(baseUrl),
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        locale: options.locale ?? 'en-US',
        viewport: { width: 1366, height: 900 },
      });
      return { context, page: await context.newPage() };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => undefined);
      await stopServer(server);
    },
  };
}

/** Signs in through the login form and waits for the signed-in layout. */
export async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/');
  await page.getByTestId('login-user').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
}

/** A console page read in a language: where to go, the test id to wait for, the texts it must show. */
export interface PageCheck {
  path: string;
  name: string;
  texts: string[];
  wait: string;
}

/**
 * Signs `login` in with a browser in `locale` (Chinese by default) and reads each page: waits for its test id,
 * checks every text is in the content area, then `shot(page, 'zh-<name>')`.
 */
export async function readPages(
  h: Harness,
  login: string,
  pages: PageCheck[],
  shot: (page: Page, name: string) => Promise<void>,
  opts: { locale?: string; waitMs?: number } = {},
): Promise<void> {
  const { context, page } = await h.newPage({ locale: opts.locale ?? 'zh-CN' });
  try {
    await signIn(page, login);
    for (const p of pages) {
      await page.goto(p.path);
      await page
        .getByTestId(p.wait)
        .first()
        .waitFor({ timeout: opts.waitMs ?? 60_000 });
      // A page's sections load separately (a loaded machine draws the last one seconds later): read until every
      // text is there or the wait runs out, then check each.
      const until = Date.now() + (opts.waitMs ?? 60_000);
      let body = '';
      for (;;) {
        await page.waitForTimeout(300);
        body = await page.locator('.ant-layout-content').first().innerText();
        if (p.texts.every((t) => body.includes(t)) || Date.now() > until) break;
      }
      for (const t of p.texts) expect(body, `${p.path}: ${t}`).toContain(t);
      await shot(page, `zh-${p.name}`);
    }
  } finally {
    await context.close();
  }
}

/** Waits until the trend chart has drawn and returns how many points it drew. */
export async function chartPoints(page: Page): Promise<number> {
  const chart = page.locator('[data-testid="trend-chart"][data-points]');
  await chart.waitFor();
  return Number(await chart.getAttribute('data-points'));
}

/** Waits until the trend chart's animations have finished, e.g. before a screenshot. */
export async function chartSettled(page: Page): Promise<void> {
  await page.locator('[data-testid="trend-chart"][data-rendered]').waitFor();
}

/** Opens a menu entry and waits for its page's URL. */
export async function openMenu(page: Page, key: string): Promise<void> {
  await page.getByTestId(`menu-${key}`).click();
  await page.waitForURL(new RegExp(`/${key}(\\?|$)`));
}

/**
 * Waits for a page to be still before a screenshot: the pointer off the content, toasts of earlier steps gone
 * (they would cover this one), spinners done, animations settled.
 */
export async function settle(page: Page): Promise<void> {
  await page.mouse.move(700, 2);
  await page
    .locator('.ant-message-notice')
    .first()
    .waitFor({ state: 'detached', timeout: 6000 })
    .catch(() => {});
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => {});
  await page.waitForTimeout(500);
}
