import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('web mode search page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    fs.mkdirSync('test-results', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows image cards for a pins query once the first-start import is done', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    // The first-start import runs while the page is open; the dataset list fills in when it finishes.
    await expect.poll(() => page.locator('select[aria-label="Dataset"] option').count(), { timeout: 60_000 }).toBe(2);
    await page.selectOption('select[aria-label="Dataset"]', 'pins');
    await page.fill('input[aria-label="Search"]', 'flower');
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('for “flower”');
    const cards = page.getByTestId('pin-card');
    expect(await cards.count()).toBeGreaterThan(3);
    const firstImage = cards.first().locator('img');
    await expect.poll(() => firstImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const titles = await page.locator('.pin-title').allTextContents();
    expect(titles.some((title) => /flower/i.test(title))).toBe(true);
    await page.screenshot({ path: 'test-results/search-pins.png' });
    expect(pageErrors).toEqual([]);
  });

  it('switches to Cranfield and shows ranked text results', async () => {
    await page.selectOption('select[aria-label="Dataset"]', 'cranfield');
    await page.fill('input[aria-label="Search"]', 'boundary layer heat transfer');
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('boundary layer heat transfer');
    const rows = page.getByTestId('text-result');
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await page.getByTestId('pin-card').count()).toBe(0);
    expect(await rows.first().locator('.result-rank').textContent()).toBe('1');
    expect((await rows.first().locator('.result-title').textContent())?.toLowerCase()).toMatch(/heat|boundary/);
    await page.screenshot({ path: 'test-results/search-cranfield.png' });
  });

  it('serves dataset images with a CSP that forbids script', async () => {
    const src = await page.evaluate(async () => {
      const response = await fetch('/api/search', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dataset: 'pins', text: 'star', k: 1 }),
      });
      return ((await response.json()) as { result: { results: { imageUrl: string }[] } }).result.results[0].imageUrl;
    });
    const response = await page.request.get(new URL(src, server.url).toString());
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(await response.text()).not.toMatch(/<script/i);
  });
});
