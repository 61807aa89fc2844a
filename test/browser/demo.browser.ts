/**
 * The browser demo in headless Chromium: the library's browser build, the native WebSocket,
 * the embedded simulator. Run with `npm run test:browser` (needs /usr/bin/chromium, Debian's
 * `chromium` package; `.ci/run` installs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startDemo, type Demo } from '../../examples/browser/demoServer';

const CHROMIUM = process.env['KRAKEN_RX_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let demo: Demo;
let profile: string;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const requests: string[] = [];

const text = (id: string) => page.locator(`#${id}`).innerText();
/** Painted pixels of a canvas (alpha > 0), read in the page. */
const painted = (id: string) =>
  page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  }, id);
/** A hash of a canvas's pixels, to see that the drawing changed. */
const pixels = (id: string) => page.evaluate((canvasId) => (document.getElementById(canvasId) as HTMLCanvasElement).toDataURL(), id);

beforeAll(async () => {
  demo = await startDemo({ port: 0, speed: 30 }); // a one-minute candle every 2 s
  profile = mkdtempSync(path.join(os.tmpdir(), 'kraken-rx-chromium-'));
  // A fresh profile: Playwright passes it as --user-data-dir.
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(demo.url);
}, 240_000);

afterAll(async () => {
  await context?.close();
  await demo?.close();
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
});

describe('the browser demo (headless Chromium)', () => {
  it('bundles the browser build: no ws, no Node built-in', () => {
    const inputs = Object.keys(demo.metafile.inputs);
    expect(inputs.some((i) => i.includes('dist/browser/'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/ws\/|^node:|dist\/(esm|cjs)\//.test(i))).toEqual([]);
  });

  it('connects with the native WebSocket and renders a verified book as a depth chart', async () => {
    await page.waitForFunction(() => Number(document.getElementById('book-count')?.textContent) > 0, undefined, { timeout: 30_000 });
    expect(await text('socket')).toBe('open');
    expect(await text('sync')).toBe('synced');
    expect(await text('bid')).toMatch(/^\d+\.\d{5}$/);
    expect(await text('ask')).toMatch(/^\d+\.\d{5}$/);
    expect(Number(await text('bid'))).toBeLessThan(Number(await text('ask')));
    // the checksum computed from scratch in the browser (the browser build's CRC-32) matches the verified one
    expect(await text('checksum')).toMatch(/^\d+ ✓$/);
    expect(await painted('depth')).toBeGreaterThan(10_000);
  });

  it('keeps the book updating', async () => {
    const before = Number(await text('book-count'));
    const drawing = await pixels('depth');
    await page.waitForFunction((n) => Number(document.getElementById('book-count')?.textContent) > n + 5, before, { timeout: 30_000 });
    await page.waitForFunction((old) => (document.getElementById('depth') as HTMLCanvasElement).toDataURL() !== old, drawing, { timeout: 30_000 });
    expect(await text('checksum')).toMatch(/^\d+ ✓$/);
  });

  it('renders REST history and live closed candles as a candle chart, and adds new ones', async () => {
    await page.waitForFunction(() => Number(document.getElementById('candle-count')?.textContent) >= 40, undefined, { timeout: 30_000 });
    expect(await painted('candles')).toBeGreaterThan(2_000);
    const before = Number(await text('candle-count'));
    const drawing = await pixels('candles');
    await page.waitForFunction((n) => Number(document.getElementById('candle-count')?.textContent) > n, before, { timeout: 30_000 });
    await page.waitForFunction((old) => (document.getElementById('candles') as HTMLCanvasElement).toDataURL() !== old, drawing, { timeout: 30_000 });
    expect(await text('last-close')).toMatch(/^\d+\.\d+$/);
  });

  it('reached Kraken REST only through the page origin, and threw nothing', () => {
    expect(requests.filter((r) => r.includes('/0/public/')).length).toBeGreaterThan(0);
    expect(requests.every((r) => r.startsWith(demo.url.slice(0, -1)) || r.startsWith('ws://'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
