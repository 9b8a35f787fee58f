// The HTML report in a real browser: Debian's Chromium, driven by playwright-core (no browser
// download). The page loads from disk with no network request and no CSP complaint, the
// charts draw their series, the flame graph shows the leaking frame, a phone-sized window does
// not scroll sideways, print opens every section. Screenshots and a PDF are kept in
// test/artifacts/report/; with FLEET_DIAG_README_IMAGES=1 the README's pictures are made too.
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReport, emptyHistory } from '../../../src/report/history.js';
import { renderHtml } from '../../../src/report/render/html.js';
import { earlierReports, fleetReport, LEAK_FN, NOW } from './fleet-fixture.js';
import { repoRoot } from '../helpers/build.js';

const CHROMIUM = process.env.FLEET_DIAG_CHROMIUM ?? '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
// As root, scripts/ensure-system.sh installs chromium: its absence is a failure, not a skip.
const SKIP = !HAVE && !ROOT;
if (SKIP) console.log(`browser.test: skipped: needs Debian's chromium at ${CHROMIUM} (apt-get install chromium; root installs it through scripts/ensure-system.sh)`);

const ARTIFACTS = path.join(repoRoot, 'test/artifacts/report');
const README_IMAGES = path.join(repoRoot, 'docs/images');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
let file: string;
let url: string;
/** One laptop-sized visit, shared by the tests (a Chromium page costs seconds on a busy machine). */
let laptop: Visit;

interface Visit {
  page: Page;
  requests: string[];
  complaints: string[];
}

async function visit(viewport: { width: number; height: number }, phone = false): Promise<Visit> {
  const ctx = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
  const page = await ctx.newPage();
  page.setDefaultTimeout(120_000); // a busy 2-core machine can take long to paint a tall page
  const requests: string[] = [];
  const complaints: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') complaints.push(m.text()); });
  page.on('pageerror', (e) => complaints.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, complaints };
}

describe.skipIf(SKIP)('the HTML report in Chromium', () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    const hist = emptyHistory();
    for (const r of earlierReports()) addReport(hist, r);
    file = path.join(mkdtempSync(path.join(tmpdir(), 'fd-browser-')), 'report.html');
    writeFileSync(file, renderHtml(fleetReport(NOW), { history: hist }));
    url = pathToFileURL(file).href;
    mkdirSync(ARTIFACTS, { recursive: true });
    laptop = await visit({ width: 1366, height: 900 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads from disk with no network request and nothing refused by its CSP', async () => {
    const { page, requests, complaints } = laptop;
    expect(requests).toEqual([url]);
    expect(complaints).toEqual([]);
    expect(await page.title()).toBe('fleet-diag run-2026030409: partial');
  }, 300_000);

  it('draws the charts with their series', async () => {
    const { page } = laptop;
    const charts = await page.$$eval('#host-0 svg.chart', (svgs) => svgs.map((svg) => ({
      title: svg.querySelector('title')?.textContent,
      width: svg.getBoundingClientRect().width,
      height: svg.getBoundingClientRect().height,
      series: [...svg.querySelectorAll('g.series')].map((g) => g.getAttribute('data-series')),
      drawn: [...svg.querySelectorAll('g.series path')].map((p) => (p as SVGPathElement).getTotalLength()),
    })));
    expect(charts.map((c) => c.title)).toEqual(['Goroutines · this run', 'Threads · this run', 'Sockets by state · this run', 'Goroutines · history', 'Threads · history', 'Sockets by state · history']);
    for (const c of charts) {
      expect(c.width, c.title ?? '').toBeGreaterThan(250);
      expect(c.height, c.title ?? '').toBeGreaterThan(100);
      expect(Math.min(...c.drawn), c.title ?? '').toBeGreaterThan(10);
    }
    expect(charts[2].series).toEqual(['CLOSE_WAIT', 'ESTABLISHED', 'TIME_WAIT', 'LISTEN']);
    const site = await page.$eval('#suspect-1', (li) => [...li.querySelectorAll('svg.chart')].map((svg) => ({
      series: [...svg.querySelectorAll('g.series')].map((g) => g.getAttribute('data-series')),
      trends: svg.querySelectorAll('g.trend line').length,
    })));
    expect(site).toEqual([
      { series: ['pay-1.prod.acme.net', 'pay-2.prod.acme.net', 'pay-3.prod.acme.net'], trends: 3 },
      { series: ['pay-1.prod.acme.net', 'pay-2.prod.acme.net', 'pay-3.prod.acme.net'], trends: 3 },
    ]);
    await page.locator('#host-0').screenshot({ path: path.join(ARTIFACTS, 'host-laptop.png') });
  }, 300_000);

  it('shows the leaking frame in the flame graph, wide, labelled, with its counts on hover', async () => {
    const { page } = laptop;
    const leak = page.locator('#host-0 svg.flame g.site-leaking').first();
    await expect(leak.isVisible()).resolves.toBe(true);
    const box = await leak.locator('rect').boundingBox();
    expect(box?.width).toBeGreaterThan(800); // 1,840 of 1,966 goroutines
    expect(await leak.locator('text').textContent()).toBe(LEAK_FN);
    expect(await leak.locator('title').textContent()).toMatch(/^github\.com\/acme\/pay\/internal\/notify\.\(\*Hub\)\.wait\n1,840 goroutines \(94%\)\n.*hub\.go:88: 1,840\nLEAKING site/);
    await leak.hover();
    expect(await leak.locator('rect').evaluate((r) => getComputedStyle(r).strokeWidth)).toBe('1.5px');
    expect(await page.locator('#host-0 svg.flame g.below-leaking').count()).toBe(3);
    await page.locator('#host-0 .flame-box').screenshot({ path: path.join(ARTIFACTS, 'flame-laptop.png') });
  }, 300_000);

  it('a laptop-sized and a phone-sized window: nothing scrolls the page sideways; wide parts scroll in their box', async () => {
    for (const [name, viewport, phone] of [['laptop', { width: 1366, height: 900 }, false], ['phone', { width: 390, height: 844 }, true]] as const) {
      const { page } = phone ? await visit(viewport, phone) : laptop;
      const sticking = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter((el) => !el.closest('.scroll') && el.getBoundingClientRect().right > width + 0.5)
          .map((el) => `${el.tagName.toLowerCase()} ${(el.textContent ?? '').slice(0, 50)}`);
      });
      expect(sticking, `${name}: nothing outside a scroll box is wider than the window`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), name).toBe(0);
      const flame = await page.$eval('#host-0 svg.flame', (svg) => ({ font: parseFloat(getComputedStyle(svg.querySelector('text') as Element).fontSize) * (svg.getBoundingClientRect().width / 1000) }));
      expect(flame.font, `${name}: flame labels are readable`).toBeGreaterThanOrEqual(9);
      const chartText = await page.$eval('#host-0 svg.chart', (svg) => (svg.getBoundingClientRect().width / 360) * 10);
      expect(chartText, `${name}: chart ticks are readable`).toBeGreaterThanOrEqual(8);
      await page.screenshot({ path: path.join(ARTIFACTS, `report-${name}.png`), fullPage: true });
      if (phone) await page.close();
    }
  }, 300_000);

  it('makes the README pictures (FLEET_DIAG_README_IMAGES=1)', async () => {
    const dirs = [ARTIFACTS, ...(process.env.FLEET_DIAG_README_IMAGES === '1' ? [README_IMAGES] : [])];
    const { page } = laptop;
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.mouse.move(0, 0); // no hover outline left from the flame graph test
    for (const dir of dirs) {
      mkdirSync(dir, { recursive: true });
      await page.locator('#host-0 .charts').screenshot({ path: path.join(dir, 'report-timelines.png') });
      await page.locator('#suspect-1').screenshot({ path: path.join(dir, 'report-site.png') });
      await page.locator('#host-2 .flame-box').screenshot({ path: path.join(dir, 'report-flame.png') }); // a leak and a mutex pile
      await page.locator('table.matrix').screenshot({ path: path.join(dir, 'report-fleet.png') });
    }
    for (const f of ['report-timelines.png', 'report-site.png', 'report-flame.png', 'report-fleet.png']) expect(statSync(path.join(ARTIFACTS, f)).size).toBeGreaterThan(5_000);
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 300_000);

  it('prints with every section open and the colours kept', async () => {
    const { page } = laptop; // last: it switches the page to print media
    const hidden = page.locator('#host-3 pre').first(); // a healthy host: its <details> is closed
    const shown = () => hidden.evaluate((el) => el.checkVisibility());
    expect(await shown()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await shown()).toBe(true);
    expect(await page.$eval('#host-0 svg.flame g.site-leaking rect', (r) => getComputedStyle(r).fill)).toBe('rgb(248, 113, 113)');
    const pdf = path.join(ARTIFACTS, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    expect(statSync(pdf).size).toBeGreaterThan(50_000);
  }, 300_000);
});
