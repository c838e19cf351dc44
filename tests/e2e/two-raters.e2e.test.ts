import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { krippendorffAlpha } from '../../core/eval/agreement';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

/** Each rater's grade for a pair: they agree on some pairs and not on others. */
const GRADERS: Record<string, (pairIndex: number) => number> = {
  alice: (pairIndex) => ((pairIndex * 3) % 5) + 1,
  bob: (pairIndex) => (pairIndex % 2 === 0 ? ((pairIndex * 3) % 5) + 1 : ((pairIndex * 3 + 2) % 5) + 1),
};

describe.skipIf(!chromiumPath)('two raters in two browsers, overlap 2', () => {
  let server: RunningServer;
  let browser: Browser;
  let task: number;
  const tokens: Record<string, string> = {};

  const api = async <M extends MethodName>(method: M, args: ArgsOf<M>, token = server.key): Promise<ResultOf<M>> => {
    const response = await fetch(`${server.url}api/${method}`, { method: 'POST', headers: { ...server.headers, authorization: `Bearer ${token}` }, body: JSON.stringify(args) });
    const body = (await response.json()) as { result?: ResultOf<M>; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result!;
  };

  beforeAll(async () => {
    server = await startBuiltServer();
    await vi.waitFor(
      async () => {
        if (!(await api('datasets.list', {})).some((dataset) => dataset.name === 'pins')) throw new Error('the pins demo is not imported yet');
      },
      { timeout: 120_000, interval: 500 },
    );
    for (const name of Object.keys(GRADERS)) tokens[name] = (await api('raters.create', { name })).token;
    const querySet = await api('querySets.create', { dataset: 'pins', name: 'two raters', source: { kind: 'list', lines: ['f\tflower', 'c\tcake'] } });
    task = (await api('tasks.create', { name: 'two raters', dataset: 'pins', querySet: querySet.id, variants: ['bm25'], depth: 3, overlap: 2, seed: 3 })).id;
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens the rater's link in a browser context of its own and labels the whole queue with the keyboard. */
  async function rateAll(name: string): Promise<void> {
    const page: Page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}?session=${tokens[name]}#/rate?task=${task}`);
    const queue = await api('tasks.queue', { task }, tokens[name]);
    for (const entry of queue.entries) {
      await expect.poll(() => page.getByTestId('rating-item').getAttribute('data-pair-index').then(Number)).toBe(entry.pairIndex);
      await page.keyboard.press(String(GRADERS[name]!(entry.pairIndex)));
    }
    await expect.poll(() => page.getByTestId('rate-progress').getAttribute('data-pending')).toBe('0');
    await expect.poll(() => page.getByTestId('rate-progress').getAttribute('data-saved')).toBe(String(queue.entries.length));
    await page.context().close();
  }

  it('both label every pair, and the agreement page shows the α the engine computes for those labels', async () => {
    await Promise.all(Object.keys(GRADERS).map(rateAll));
    const labels = (await api('tasks.consensus', { task })).labels;
    expect(labels.length).toBeGreaterThan(3);
    // Each rater's stored labels are the keys they pressed.
    for (const name of Object.keys(GRADERS)) {
      const stored = (await api('tasks.queue', { task }, tokens[name])).entries;
      expect(stored.map((entry) => entry.grade)).toEqual(stored.map((entry) => GRADERS[name]!(entry.pairIndex)));
    }
    const alpha = krippendorffAlpha(
      labels.map((label) => Object.values(GRADERS).map((grade) => grade(label.pairIndex))),
      'ordinal',
    );
    const lead = await signedInPage(browser, server);
    await lead.goto(`${server.url}#/agreement?task=${task}`);
    await expect.poll(() => lead.getByTestId('overall-alpha').textContent()).toBe(alpha.toFixed(3));
    expect(await lead.getByTestId('progress-summary').textContent()).toContain(`${labels.length} of ${labels.length} pairs have 2 labels`);
  });

  it("shows a rater only the pages a rater's calls may use, and says why when one opens a lead's page", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const rater = await context.newPage();
    await rater.goto(`${server.url}?session=${tokens.alice}#/tasks`);
    const tabs = rater.getByRole('navigation', { name: 'Pages' }).getByRole('link');
    await expect.poll(() => tabs.allTextContents()).not.toContain('Agreement');
    expect(await tabs.allTextContents()).toEqual(expect.arrayContaining(['Search', 'Tasks', 'Rate']));
    expect(await tabs.allTextContents()).not.toContain('Raters');
    await expect.poll(() => rater.getByTestId('task-row').count()).toBeGreaterThan(0);
    expect(await rater.getByRole('link', { name: 'Agreement' }).count()).toBe(0);
    await rater.goto(`${server.url}#/agreement?task=${task}`);
    await expect.poll(() => rater.getByTestId('lead-only').textContent()).toContain('Agreement is for leads');
    await context.close();

    const lead = await signedInPage(browser, server);
    await lead.goto(`${server.url}#/tasks`);
    await expect.poll(() => lead.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).toContain('Agreement');
    await lead.context().close();
  });
});
