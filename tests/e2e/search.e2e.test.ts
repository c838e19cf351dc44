import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('web mode search page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await signedInPage(browser, server);
    fs.mkdirSync('test-results', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in from the printed link, drops the key from the address, and refuses a page without it', async () => {
    const stranger = await browser.newPage();
    await stranger.goto(server.url);
    await expect.poll(() => stranger.locator('body').textContent()).toMatch(/open the link that relwb serve printed/);
    await stranger.goto(server.loginUrl);
    expect(stranger.url()).toBe(server.url);
    await expect.poll(() => stranger.locator('select[aria-label="Dataset"]').count()).toBe(1);
    await stranger.context().close();
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

  it('shows rank badges and puts ranks 1…N across the top row, never a card above the one ranked before it', async () => {
    const cards = page.getByTestId('pin-card');
    await expect.poll(() => cards.count()).toBeGreaterThan(8);
    const placed = await cards.evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return { rank: Number(element.getAttribute('data-rank')), badge: element.querySelector('.rank-badge')?.textContent ?? '', x: box.x, y: box.y };
      }),
    );
    expect(placed.map((card) => card.rank)).toEqual(placed.map((_, i) => i + 1));
    expect(placed.every((card) => card.badge === String(card.rank))).toBe(true);
    const columns = Number(await page.getByRole('list', { name: 'Results' }).getAttribute('data-columns'));
    expect(columns).toBeGreaterThanOrEqual(4);
    const topRow = placed.slice(0, columns);
    expect(new Set(topRow.map((card) => card.y)).size).toBe(1);
    expect(topRow.map((card) => card.x)).toEqual([...topRow.map((card) => card.x)].sort((a, b) => a - b));
    for (let i = 1; i < placed.length; i++) expect(placed[i]!.y).toBeGreaterThanOrEqual(placed[i - 1]!.y);
  });

  it('opens "Why here?" of a grid card in a side panel wide enough for every score, and closes it with Escape', async () => {
    await page.getByTestId('pin-card').first().getByRole('button', { name: 'Why here?' }).click();
    const panel = page.getByTestId('explanation-panel');
    await expect.poll(() => panel.isVisible()).toBe(true);
    const box = (await panel.boundingBox())!;
    expect(box.width).toBeGreaterThan(400);
    const table = panel.getByTestId('explanation-stages');
    const tableBox = (await table.boundingBox())!;
    expect(tableBox.x + tableBox.width).toBeLessThanOrEqual(box.x + box.width);
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: 'test-results/search-why-panel.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('keeps the status bar on one line with a long query', async () => {
    const bar = page.locator('footer.statusbar');
    const oneLine = (await bar.boundingBox())!.height;
    await page.fill('input[aria-label="Search"]', 'flower '.repeat(40).trim());
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('flower flower flower');
    expect((await bar.boundingBox())!.height).toBe(oneLine);
    await page.fill('input[aria-label="Search"]', 'flower');
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('for “flower”');
  });

  it('draws a divider where dense similarity drops off, with the weaker matches dimmed below it', async () => {
    const variantSelect = page.locator('select[aria-label="Variant"]');
    const previous = await variantSelect.inputValue();
    await variantSelect.selectOption('dense-glove');
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('by dense-glove');
    const divider = page.getByTestId('similarity-drop-off');
    await expect.poll(() => divider.count()).toBe(1);
    const dropOffRank = Number(await divider.getAttribute('data-rank'));
    expect(await divider.textContent()).toContain(`Weaker matches from rank ${dropOffRank}`);
    const strong = page.getByRole('list', { name: 'Results' }).getByTestId('pin-card');
    const weak = page.getByRole('list', { name: 'Weaker matches' }).getByTestId('pin-card');
    expect(await strong.count()).toBe(dropOffRank - 1);
    expect(await weak.count()).toBeGreaterThan(0);
    expect(Number(await weak.first().getAttribute('data-rank'))).toBe(dropOffRank);
    const strongTitles = await page.getByRole('list', { name: 'Results' }).locator('.pin-title').allTextContents();
    expect(strongTitles.filter((title) => /flower/i.test(title)).length).toBeGreaterThan(strongTitles.length / 2);
    expect(Number(await weak.first().evaluate((card) => getComputedStyle(card).opacity))).toBeLessThan(1);
    const dividerBox = (await divider.boundingBox())!;
    expect((await weak.first().boundingBox())!.y).toBeGreaterThan(dividerBox.y);
    await divider.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/search-drop-off.png' });
    await variantSelect.selectOption(previous);
  });

  it('switches to Cranfield and shows ranked text results', async () => {
    await page.selectOption('select[aria-label="Dataset"]', 'cranfield');
    await page.fill('input[aria-label="Search"]', 'boundary layer heat transfer');
    // The first featured search of a dataset reads its corpus statistics once (feature set v3).
    await expect.poll(() => page.getByTestId('result-summary').textContent(), { timeout: 20_000 }).toContain('boundary layer heat transfer');
    const rows = page.getByTestId('text-result');
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await page.getByTestId('pin-card').count()).toBe(0);
    expect(await rows.first().locator('.result-rank').textContent()).toBe('1');
    expect((await rows.first().locator('.result-title').textContent())?.toLowerCase()).toMatch(/heat|boundary/);
    await page.screenshot({ path: 'test-results/search-cranfield.png' });
  });

  it('explains a hybrid-rrf result stage by stage: bm25, dense:glove-100d, fusion and the features', async () => {
    await page.selectOption('select[aria-label="Variant"]', 'hybrid-rrf');
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('by hybrid-rrf');
    const first = page.getByTestId('text-result').first();
    await first.getByRole('button', { name: 'Why here?' }).click();
    const stages = first.getByTestId('explanation-stages');
    await expect.poll(() => stages.locator('tbody tr').count()).toBe(3);
    const rows = await stages.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', ...[...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')]),
    );
    expect(rows.map(([stage]) => stage)).toEqual(['bm25', 'dense:glove-100d', 'fusion (rrf)']);
    for (const [stage, rank, score] of rows) {
      expect(rank, `${stage} rank`).toMatch(/^\d+$/);
      expect(Number.isFinite(Number(score)), `${stage} score "${score}"`).toBe(true);
    }
    // Result 1 is first after fusion, whatever the single retrievers said.
    expect(rows[2][1]).toBe('1');
    const features = Object.fromEntries(
      await first.getByTestId('explanation-features').locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']),
      ),
    );
    expect(Object.keys(features)).toContain('bm25_title');
    expect(Number.isFinite(Number(features.bm25_title))).toBe(true);
    expect(await first.getByRole('button', { name: 'Hide explanation' }).getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: 'test-results/search-why-hybrid-rrf.png' });
  });

  it('keeps the dataset, ranker and query in the URL, so a reload shows the same results', async () => {
    await expect.poll(() => new URL(page.url()).hash).toContain('dataset=cranfield');
    const hash = new URL(page.url()).hash;
    expect(hash).toContain('variant=hybrid-rrf');
    expect(hash).toContain('q=boundary+layer+heat+transfer');
    await page.reload();
    await expect.poll(() => page.inputValue('input[aria-label="Search"]')).toBe('boundary layer heat transfer');
    await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('by hybrid-rrf');
    expect(await page.inputValue('select[aria-label="Dataset"]')).toBe('cranfield');
    expect(await page.inputValue('select[aria-label="Variant"]')).toBe('hybrid-rrf');
  });

  it('shows the backend\'s message inline when a ranker fails on a dataset', async () => {
    // A dense ranker whose model this dataset has no vectors for: the search fails with a message to show.
    const saved = await page.evaluate(async () => {
      const response = await fetch('/api/variants.save', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ spec: { name: 'dense-unvectorized', retrievers: [{ kind: 'dense', model: 'no-such-model' }] } }),
      });
      return response.ok;
    });
    expect(saved).toBe(true);
    await page.goto(`${server.url}#/search?dataset=cranfield&variant=dense-unvectorized&q=heat`);
    const error = page.getByTestId('search-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('Ranker dense-unvectorized failed on cranfield');
    expect(text).toContain('no vectors for model "no-such-model"');
    expect(await error.getAttribute('role')).toBe('alert');
    // Stale results under the error would look like the answer: there are none.
    expect(await page.getByTestId('text-result').count()).toBe(0);
    await page.screenshot({ path: 'test-results/search-ranker-error.png' });
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
