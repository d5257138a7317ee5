// Shared launcher for browser tests: headless Chromium from the system (/usr/bin/chromium) through playwright-core;
// every 404 or 5xx the app receives from /api or /assets fails the test that was running (unless it allowed it).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Response } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** screenshots and other test output (git-ignored) */
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');

/** 404s and 5xx answers from /api or /assets received since the running test began. */
const bad: Array<{ status: number; method: string; url: string }> = [];
/** answers the running test provokes on purpose (cleared after each test) */
let allowed: Array<{ url: RegExp; status: number }> = [];

/** This test provokes `status` from a URL matching `url` on purpose (e.g. an expired link's 404): do not fail on it. */
export function allowBadResponse(url: RegExp, status: number): void {
  allowed.push({ url, status });
}

function record(r: Response): void {
  const status = r.status();
  if (status !== 404 && status < 500) return;
  const u = new URL(r.url());
  if (!u.pathname.startsWith('/api/') && !u.pathname.startsWith('/assets/')) return;
  if (allowed.some((a) => a.status === status && a.url.test(u.pathname + u.search))) return;
  bad.push({ status, method: r.request().method(), url: u.pathname + u.search });
}

/** Throws when the app received a 404 or 5xx it was not allowed since the last check (then starts afresh). */
export function assertNoBadResponses(): void {
  const seen = bad.splice(0);
  if (seen.length) throw new Error(`the app received error answers: ${seen.map((b) => `${b.status} ${b.method} ${b.url}`).join('; ')}`);
}

// Every test of a run that loaded this file is checked: a failure in the app's requests fails the test that made them.
afterEach(function () {
  allowed = [];
  try {
    assertNoBadResponses();
  } catch (err) {
    throw new Error(`${this.currentTest?.fullTitle() ?? 'a test'}: ${(err as Error).message}`);
  }
});

const watched = new WeakSet<BrowserContext>();
function watch(ctx: BrowserContext): BrowserContext {
  if (!watched.has(ctx)) { watched.add(ctx); ctx.on('response', record); }
  return ctx;
}

/** Launch headless Chromium whose contexts report error answers (see above); the caller closes it (usually in `after`). */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, ...opts });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (o) => watch(await newContext(o));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (o) => { const page = await newPage(o); watch(page.context()); return page; };
  return browser;
}

/** Path for an artifact file such as a screenshot, creating test/artifacts when needed. */
export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}
