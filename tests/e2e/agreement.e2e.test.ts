import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { cohenKappa, krippendorffAlpha } from '../../core/eval/agreement';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();
const FIVE_LEVELS = [1, 2, 3, 4, 5];

describe.skipIf(!chromiumPath)('web mode agreement page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let task: number;
  let goldPair = -1;
  let shownAlpha: string;
  const tokens: Record<string, string> = {};
  const pageErrors: string[] = [];

  /** A call through the HTTP API, as the lead (the launch key) or as a rater (their token). */
  const api = async <M extends MethodName>(method: M, args: ArgsOf<M>, token = server.key): Promise<ResultOf<M>> => {
    const response = await fetch(new URL(`/api/${method}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(args),
    });
    const body = (await response.json()) as { result: ResultOf<M> };
    if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
    return body.result;
  };

  // Two raters who agree on about half the pairs: bob is one level higher or two lower on the others.
  const aliceGrade = (pairIndex: number) => ((pairIndex * 7) % 5) + 1;
  const bobShift = [0, 1, -2, 0];
  const bobGrade = (pairIndex: number) => Math.min(5, Math.max(1, aliceGrade(pairIndex) + bobShift[pairIndex % 4]!));

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await signedInPage(browser, server, { width: 1360, height: 1100 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    fs.mkdirSync('test-results', { recursive: true });
    // The pins demo is imported on first start.
    await vi.waitFor(
      async () => {
        if (!(await api('datasets.list', {})).some((dataset) => dataset.name === 'pins')) throw new Error('the pins demo is not imported yet');
      },
      { timeout: 90_000, interval: 500 },
    );

    for (const name of ['alice', 'bob']) tokens[name] = (await api('raters.create', { name })).token;
    const querySet = await api('querySets.create', { dataset: 'pins', name: 'e2e', source: { kind: 'list', lines: ['q-flower\tflower', 'q-cake\tchocolate cake'] } });
    const [top] = (await api('search', { dataset: 'pins', text: 'flower', k: 1, variant: 'bm25' })).results;
    const created = await api('tasks.create', {
      name: 'e2e agreement',
      dataset: 'pins',
      querySet: querySet.id,
      variants: ['bm25'],
      depth: 4,
      overlap: 2,
      seed: 5,
      gold: [{ queryId: 'q-flower', docId: top!.id, grade: 5 }],
    });
    task = created.id;
    // Both raters label their whole queue through the API with their own tokens; on the gold pair alice is right and bob is not.
    for (const [name, grade] of [
      ['alice', aliceGrade],
      ['bob', bobGrade],
    ] as const) {
      const queue = await api('tasks.queue', { task }, tokens[name]);
      const items = await api('tasks.items', { task, pairs: queue.entries.map((entry) => entry.pairIndex) }, tokens[name]);
      for (const item of items) {
        const isGold = item.document.id === top!.id && item.queryId === 'q-flower';
        if (isGold) goldPair = item.pairIndex;
        await api('tasks.label', { task, pairIndex: item.pairIndex, grade: isGold ? (name === 'alice' ? 5 : 2) : grade(item.pairIndex) }, tokens[name]);
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the α and κ the evaluation engine computes for the two raters\' labels, gold pairs left out', async () => {
    const pairs = (await api('tasks.consensus', { task })).labels.filter((label) => !label.gold);
    expect(pairs.length).toBeGreaterThan(3);
    const alpha = krippendorffAlpha(
      pairs.map((pair) => [aliceGrade(pair.pairIndex), bobGrade(pair.pairIndex)]),
      'ordinal',
    );
    const kappa = cohenKappa(pairs.map((pair) => aliceGrade(pair.pairIndex)), pairs.map((pair) => bobGrade(pair.pairIndex)), 'quadratic', FIVE_LEVELS);
    await page.goto(`${server.url}#/agreement?task=${task}`);
    await expect.poll(() => page.getByTestId('overall-alpha').textContent()).toBe(alpha.toFixed(3));
    shownAlpha = alpha.toFixed(3);
    expect(await page.getByTestId('overall-kappa').textContent()).toBe(kappa.toFixed(3));
    expect(await page.getByTestId('overall-items').textContent()).toBe(String(pairs.length));
    expect(await page.getByTestId('kappa-alice-bob').textContent()).toContain(kappa.toFixed(3));
    expect(await page.getByTestId('progress-summary').textContent()).toContain(`${pairs.length} of ${pairs.length} pairs have 2 labels`);
  });

  it('counts the gold item against the rater who missed it', async () => {
    expect(goldPair).toBeGreaterThanOrEqual(0);
    const gold = (name: string) => page.locator(`[data-testid="rater-progress"][data-rater="${name}"] [data-testid="gold-accuracy"]`).textContent();
    expect(await gold('alice')).toBe('100% (1/1)');
    expect(await gold('bob')).toBe('0% (0/1)');
  });

  it('lets the lead set the final label with a button and with the scale\'s key; the consensus label changes', async () => {
    const rows = page.getByTestId('disagreed-pair');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    expect(await page.getByTestId('consensus-rule').textContent()).toBe('median');
    const first = rows.nth(0);
    const firstPair = Number(await first.getAttribute('data-pair'));
    const before = (await api('tasks.consensus', { task })).labels.find((label) => label.pairIndex === firstPair)!;
    expect(before).toMatchObject({ adjudicated: false, rule: 'median', ratings: 2 });
    expect(await first.getByTestId('consensus-origin').textContent()).toBe('median of 2 ratings, tie broken low');
    const target = before.label === 5 ? 4 : 5;
    await first.getByRole('button', { name: new RegExp(`^${target} `) }).click();
    await expect.poll(() => first.getByTestId('consensus-origin').textContent()).toBe('adjudicated by local (rule median, 2 ratings)');
    expect(await first.getByTestId('consensus-label').textContent()).toContain(String(target));
    expect((await api('tasks.consensus', { task })).labels.find((label) => label.pairIndex === firstPair)).toMatchObject({ label: target, adjudicated: true });

    fs.mkdirSync('docs/images', { recursive: true });
    await page.screenshot({ path: 'docs/images/agreement.png', fullPage: true });

    // Keyboard: ↓ selects the next pair, the scale's key "1" sets its final label.
    const second = rows.nth(1);
    const secondPair = Number(await second.getAttribute('data-pair'));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => second.getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('1');
    await expect.poll(async () => (await api('tasks.consensus', { task })).labels.find((label) => label.pairIndex === secondPair)?.label).toBe(1);
    await expect.poll(() => second.getByTestId('consensus-origin').textContent()).toContain('adjudicated by local');

    // A rater's token cannot adjudicate.
    await expect(api('tasks.adjudicate', { task, pairIndex: secondPair, grade: 5 }, tokens.bob)).rejects.toThrow(/FORBIDDEN/);
    // Adjudication leaves the raters' labels alone, so their agreement is what it was.
    expect(await page.getByTestId('overall-alpha').textContent()).toBe(shownAlpha);
    expect(pageErrors).toEqual([]);
  });
});
