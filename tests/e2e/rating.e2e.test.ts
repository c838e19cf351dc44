import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, RatingQueue, ResultOf } from '../../core/api/contract';
import { startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

/** Waits for a condition outside a test (expect.poll works only inside one). */
async function until(condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the demo datasets');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const GUIDELINES = [
  '# How to rate',
  'Judge the **picture** first, then the title. See [the handbook](https://example.org/handbook).',
  '',
  '- 5: exactly the thing asked for',
  '- 1: *unrelated*',
  '',
  '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> [tricky](javascript:window.__pwned=3)',
].join('\n');

describe.skipIf(!chromiumPath)('web mode rating screen', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let raterToken: string;
  let taskId: number;
  let queue: RatingQueue;
  /** The entries of the rater's first query, in their order. */
  let firstRun: RatingQueue['entries'];

  async function api<M extends MethodName>(method: M, args: ArgsOf<M>, token = server.key): Promise<ResultOf<M>> {
    const response = await fetch(`${server.url}api/${method}`, { method: 'POST', headers: { ...server.headers, authorization: `Bearer ${token}` }, body: JSON.stringify(args) });
    const body = (await response.json()) as { result?: ResultOf<M>; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result!;
  }
  const raterQueue = () => api('tasks.queue', { task: taskId }, raterToken);
  const shownPair = () => page.getByTestId('rating-item').getAttribute('data-pair-index').then(Number);
  /** Every write answered: none in flight anywhere (the progress bar counts them), none shown as saving. */
  const allSaved = async () => {
    await expect.poll(() => page.getByTestId('rate-progress').getAttribute('data-pending')).toBe('0');
    await expect.poll(() => page.locator('[data-status="saving"]').count()).toBe(0);
  };

  beforeAll(async () => {
    server = await startBuiltServer();
    // The first-start import of the demo datasets runs in the background.
    await until(async () => (await api('datasets.list', {})).some((dataset) => dataset.name === 'pins') && (await api('jobs.list', {})).every((job) => job.state !== 'running'));
    const querySet = await api('querySets.create', { dataset: 'pins', name: 'e2e', source: { kind: 'list', lines: ['f\tred flower', 'd\tdog'] } });
    const task = await api('tasks.create', { name: 'pins e2e', dataset: 'pins', querySet: querySet.id, variants: ['bm25'], depth: 5, seed: 11, guidelines: GUIDELINES });
    taskId = task.id;
    raterToken = (await api('raters.create', { name: 'alice' })).token;
    queue = await raterQueue();
    firstRun = queue.entries.filter((entry) => entry.queryId === queue.entries[0]!.queryId);
    expect(firstRun.length).toBeGreaterThan(2);
    expect(queue.entries.length).toBeGreaterThan(firstRun.length + 3);

    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    fs.mkdirSync('docs/images', { recursive: true });
    fs.mkdirSync('test-results', { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens from the rater\'s link at the first item, image first, with the query on top', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}?session=${raterToken}#/rate?task=${taskId}`);
    expect(page.url()).not.toContain(raterToken);
    await expect.poll(shownPair).toBe(queue.entries[0]!.pairIndex);
    const image = page.getByTestId('rating-item').locator('.rate-image img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.getByTestId('rate-query').textContent()).toMatch(/red flower|dog/);
    expect(await page.getByTestId('save-status').getAttribute('data-status')).toBe('none');
    expect(await page.getByTestId('rate-progress').getAttribute('data-saved')).toBe('0');
    expect(pageErrors).toEqual([]);
  });

  it('labels a whole query\'s pool with the keyboard only, and every label is in the database', async () => {
    const grades = firstRun.map((_, i) => [5, 4, 3, 2, 1][i % 5]!);
    for (const [i, entry] of firstRun.entries()) {
      await expect.poll(shownPair).toBe(entry.pairIndex);
      await page.keyboard.press(String(grades[i]));
    }
    await allSaved();
    await expect.poll(() => page.getByTestId('rate-progress').getAttribute('data-saved')).toBe(String(firstRun.length));
    const stored = new Map((await raterQueue()).entries.map((entry) => [entry.pairIndex, entry.grade]));
    expect(firstRun.map((entry) => stored.get(entry.pairIndex))).toEqual(grades);
    // Going back shows what the server acknowledged.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(shownPair).toBe(firstRun.at(-1)!.pairIndex);
    expect(await page.getByTestId('save-status').textContent()).toMatch(new RegExp(`^Saved ✓ ${grades.at(-1)} `));
    await page.keyboard.press('ArrowRight');
  });

  it('resumes after a reload exactly at the first item not labelled', async () => {
    await page.reload();
    const next = queue.entries[firstRun.length]!;
    await expect.poll(shownPair).toBe(next.pairIndex);
    expect(await page.getByTestId('rate-progress').getAttribute('data-saved')).toBe(String(firstRun.length));
    expect(await page.getByTestId('save-status').getAttribute('data-status')).toBe('none');
  });

  it('takes the last label back with U', async () => {
    const entry = queue.entries[firstRun.length]!;
    await page.keyboard.press('3');
    await expect.poll(shownPair).toBe(queue.entries[firstRun.length + 1]!.pairIndex);
    await page.keyboard.press('u');
    await expect.poll(shownPair).toBe(entry.pairIndex);
    await allSaved();
    expect(await page.getByTestId('save-status').getAttribute('data-status')).toBe('none');
    expect((await raterQueue()).entries.find((candidate) => candidate.pairIndex === entry.pairIndex)).toMatchObject({ grade: null, skipped: false });
  });

  it('records a skip with its reason, and a note typed before the label', async () => {
    const skipped = queue.entries[firstRun.length]!;
    await page.keyboard.press('s');
    await expect.poll(() => page.getByTestId('skip-dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('skip-dialog').count()).toBe(0);
    expect(await shownPair()).toBe(skipped.pairIndex);
    await page.keyboard.press('s');
    await expect.poll(() => page.getByTestId('skip-dialog').isVisible()).toBe(true);
    await page.keyboard.press('2');
    const noted = queue.entries[firstRun.length + 1]!;
    await expect.poll(shownPair).toBe(noted.pairIndex);
    await page.keyboard.press('n');
    await page.keyboard.type('logo, not a photo');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('rate-note').textContent()).toContain('logo, not a photo');
    await page.keyboard.press('4');
    await allSaved();
    const [skip, note] = await api('tasks.items', { task: taskId, pairs: [skipped.pairIndex, noted.pairIndex] }, raterToken);
    expect(skip!.saved).toMatchObject({ grade: null, skipReason: 'document-unavailable' });
    expect(note!.saved).toMatchObject({ grade: 4, note: 'logo, not a photo' });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(shownPair).toBe(skipped.pairIndex);
    expect(await page.getByTestId('save-status').textContent()).toBe('Saved ✓ Skipped: The document or image does not load');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
  });

  it('shows the guidelines with G, rendered as markdown without running any HTML or script link from them', async () => {
    await page.keyboard.press('g');
    const panel = page.getByTestId('guidelines');
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.locator('h1').textContent()).toBe('How to rate');
    expect(await panel.locator('strong').first().textContent()).toBe('picture');
    expect(await panel.locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await panel.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['https://example.org/handbook']);
    expect(await panel.locator('img, script').count()).toBe(0);
    expect(await panel.textContent()).toContain('<img src=x onerror=');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: 'test-results/rating-guidelines.png' });
    await page.keyboard.press('g');
    await expect.poll(() => panel.count()).toBe(0);
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('rate-help').isVisible()).toBe(true);
    await page.screenshot({ path: 'test-results/rating-help.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('rate-help').count()).toBe(0);
  });

  it('looks image-first (screenshot for the README)', async () => {
    const image = page.getByTestId('rating-item').locator('.rate-image img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const imageBox = (await image.boundingBox())!;
    expect(imageBox.width * imageBox.height).toBeGreaterThan(250 * 250);
    await page.screenshot({ path: 'docs/images/rating-screen.png' });
  });

  it('labels several images of one query at once in grid mode', async () => {
    await page.keyboard.press('m');
    const tiles = page.getByTestId('grid-tile');
    await expect.poll(() => tiles.count()).toBeGreaterThan(1);
    const run = queue.entries.filter((entry) => entry.queryId === queue.entries[firstRun.length]!.queryId);
    expect(await tiles.count()).toBe(run.length);
    const open = await tiles.evaluateAll((elements) => elements.filter((tile) => !tile.querySelector('[data-testid="tile-label"]')).map((tile) => Number(tile.getAttribute('data-pair-index'))));
    expect(open.length).toBeGreaterThanOrEqual(2);
    const [first, ...rest] = open;
    await page.locator(`[data-testid="grid-tile"][data-pair-index="${first}"]`).click();
    await page.locator(`[data-testid="grid-tile"][data-pair-index="${rest.at(-1)}"]`).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[data-testid="grid-tile"][aria-selected="true"]').count()).toBeGreaterThanOrEqual(open.length);
    await expect.poll(() => page.locator('[data-testid="grid-tile"][aria-selected="true"] img').evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete))).toBe(true);
    await page.screenshot({ path: 'docs/images/rating-grid.png' });
    await page.keyboard.press('2');
    await allSaved();
    const stored = new Map((await raterQueue()).entries.map((entry) => [entry.pairIndex, entry.grade]));
    for (const pairIndex of open) expect(stored.get(pairIndex), `pair ${pairIndex}`).toBe(2);
    expect(await page.locator('[data-testid="tile-label"][data-status="saved"]').count()).toBe(run.length);
    // U takes the whole grid step back.
    await page.keyboard.press('u');
    await allSaved();
    const after = new Map((await raterQueue()).entries.map((entry) => [entry.pairIndex, entry.grade]));
    for (const pairIndex of open) expect(after.get(pairIndex), `pair ${pairIndex}`).toBeNull();
  });

  it('lists the rater\'s task on the Rate page with their progress and a Resume link', async () => {
    await page.goto(`${server.url}#/rate`);
    const row = page.getByTestId('rate-task');
    await expect.poll(() => row.count()).toBe(1);
    const labelled = (await raterQueue()).entries.filter((entry) => entry.grade !== null || entry.skipped).length;
    await expect.poll(() => row.textContent()).toContain(`${labelled} of ${queue.entries.length} labelled by you`);
    await row.getByRole('link', { name: 'Resume' }).click();
    await expect.poll(shownPair).toBe((await raterQueue()).entries.find((entry) => entry.grade === null && !entry.skipped)!.pairIndex);
  });
});
