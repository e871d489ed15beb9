// Test helper: Debian's Chromium driven by playwright-core, opening a report
// from disk with a trap on every request and every console error. Under CI a
// missing Chromium is a failure; locally the browser tests are skipped.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT, runCli, TESTDATA, tierSkips } from './helpers.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** True when the browser tests can run; throws under CI when Chromium is missing. */
export function chromiumOrSkip(): boolean {
  if (tierSkips('Chromium')) return false;
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium is required under CI (${CHROMIUM}; Debian package chromium); see .ci/run`);
  console.warn(`skipping browser tests: ${CHROMIUM} not installed and CI is unset`);
  return false;
}

/** Go 1.23's standard library sources (Debian golang-1.23-src), the source root of the fixtures. */
export const GOSRC = '/usr/lib/go-1.23/src';

/** True when GOSRC exists; throws under CI when it is missing. */
export function goSrcOrSkip(): boolean {
  if (tierSkips('the Go 1.23 sources')) return false;
  if (existsSync(join(GOSRC, 'strings', 'strings.go'))) return true;
  if (process.env.CI) throw new Error(`Go 1.23 sources are required under CI (${GOSRC}; Debian package golang-1.23-src); see .ci/run`);
  console.warn(`skipping: ${GOSRC} not installed and CI is unset`);
  return false;
}

/** The four coverpkg fixtures most browser tests report on, one column each. */
export const STD_NAMES = ['strings', 'csv', 'tabwriter', 'utf8'];
export const STD_INPUTS = STD_NAMES.map((n) => join(TESTDATA, 'coverpkg', `${n}.cov`));

/** Write the report of STD_INPUTS with the Go sources into `dir`; returns its path. */
export async function stdReport(dir: string): Promise<string> {
  const report = join(dir, 'report.html');
  const r = await runCli(['html', ...STD_INPUTS, '-o', report, '--title', 'strings + utf8 by test package', '--source-root', GOSRC]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return report;
}

/** Launch headless Chromium the way the issue prescribes. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

/** An open report page and everything suspicious it did. */
export interface Opened {
  page: Page;
  url: string;
  /** URLs of requests other than the report file itself (each was aborted). */
  foreign: string[];
  /** Console errors, uncaught exceptions and dialogs (alert() & co.). */
  errors: string[];
}

/** Options of openReport. */
export interface OpenOptions {
  /** Other file:// URLs the page may load (a split report's data scripts); everything else is aborted. */
  allow?: (url: string) => boolean;
  colorScheme?: 'light' | 'dark';
}

/** Open `file` (+ `hash`) in a fresh page; every request but the file itself (and `allow`ed ones) is aborted and recorded. */
export async function openReport(browser: Browser, file: string, hash = '', viewport = { width: 1200, height: 900 }, opts: OpenOptions = {}): Promise<Opened> {
  const page = await browser.newPage({ viewport, colorScheme: opts.colorScheme ?? 'light' });
  const url = pathToFileURL(file).href;
  const foreign: string[] = [];
  const errors: string[] = [];
  const isPage = (u: string): boolean => u.split('#')[0] === url || (opts.allow?.(u) ?? false);
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (isPage(u)) return route.continue();
    foreign.push(u);
    return route.abort();
  });
  page.on('request', (r) => {
    if (!isPage(r.url()) && !foreign.includes(r.url())) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url + hash);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, url, foreign, errors };
}

/** Path for a test artifact (screenshots), creating the directory. */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Text of every cell of the visible directory table body, row by row. */
export function tableRows(page: Page): Promise<string[][]> {
  return page.$$eval('#rows tr', (rows) => rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent ?? '')));
}

/** Text of the totals row. */
export function totalsRow(page: Page): Promise<string[]> {
  return page.$$eval('#totals tr th', (cells) => cells.map((c) => c.textContent ?? ''));
}
