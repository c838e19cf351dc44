import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

describe.skipIf(!chromiumPath)('web mode training page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async <M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> => {
    const response = await fetch(new URL(`/api/${method}`, server.url), { method: 'POST', headers: server.headers, body: JSON.stringify(args) });
    const body = (await response.json()) as { result: ResultOf<M> };
    if (!response.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
    return body.result;
  };

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    page = await signedInPage(browser, server, { width: 1360, height: 1200 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The Cranfield demo is imported on first start.
    await vi.waitFor(
      async () => {
        if (!(await api('datasets.list', {})).some((dataset) => dataset.name === 'cranfield' && dataset.indexedAt !== null)) throw new Error('cranfield is not imported yet');
      },
      { timeout: 180_000, interval: 1000 },
    );
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('trains with cross-validation, shows the report and per-query chart, and saves a variant linked to the dashboard', async () => {
    await page.goto(`${server.url}#/training`);
    await page.getByLabel('Dataset', { exact: true }).selectOption('cranfield');
    await page.getByLabel('Base variant (its top K is reranked)').selectOption('bm25');
    await page.getByLabel('Top K', { exact: true }).fill('30');
    await page.getByLabel('Folds', { exact: true }).fill('3');
    await page.getByLabel('Trees', { exact: true }).fill('40');
    await page.getByLabel('Learning rate', { exact: true }).fill('0.1');
    await page.getByLabel('Save as model and variant (optional)').fill('cran-ltr');
    await page.getByRole('button', { name: 'Train with cross-validation' }).click();
    const report = page.getByTestId('training-report');
    await report.waitFor({ timeout: 240_000 });

    const verdict = page.getByTestId('training-warning').or(page.getByTestId('training-better'));
    await expect(verdict.textContent()).resolves.toMatch(/bm25/);
    expect(await report.locator('table').first().locator('tbody tr').first().textContent()).toMatch(/^nDCG@10\s*0\.\d{4}0\.\d{4}[+-]0\.\d{4}/);
    expect(await report.locator('table').nth(1).locator('tbody tr').count()).toBe(3);
    expect(await page.locator('.training-chart .recharts-bar-rectangle').count()).toBeGreaterThan(100);
    const saved = page.getByTestId('training-saved');
    await expect(saved.getByRole('link').getAttribute('href')).resolves.toBe('#/dashboard?dataset=cranfield&variants=bm25%2Ccran-ltr');
    expect((await api('variants.list', {})).find((variant) => variant.name === 'cran-ltr')?.spec.rerank).toMatchObject({ kind: 'ltr', model: 'cran-ltr', topN: 30 });
    fs.mkdirSync('docs/images', { recursive: true });
    await page.screenshot({ path: 'docs/images/training.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('narrows a task\'s consensus to agreed, non-gold pairs and sends that with the training request', async () => {
    const querySet = await api('querySets.create', { dataset: 'cranfield', name: 'training filters', source: { kind: 'list', lines: ['1\twing slipstream lift', '2\tboundary layer heat transfer'] } });
    const task = await api('tasks.create', { name: 'training filters', dataset: 'cranfield', querySet: querySet.id, variants: ['bm25'], depth: 3, seed: 1 });
    const sent: unknown[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/training.start')) sent.push(request.postDataJSON());
    });
    await page.goto(`${server.url}#/training`);
    await page.getByLabel('Dataset', { exact: true }).selectOption('cranfield');
    const agreement = page.getByLabel('Only pairs whose raters agree (0–1, blank: all)');
    expect(await agreement.count()).toBe(0);
    await page.getByLabel('Judgments', { exact: true }).selectOption(`task:${task.id}`);
    await agreement.fill('1.5');
    await expect(page.getByRole('button', { name: 'Train with cross-validation' }).isDisabled()).resolves.toBe(true);
    await agreement.fill('0.8');
    await page.getByLabel('Leave out gold pairs').check();
    await page.getByLabel('Folds', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Train with cross-validation' }).click();
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toMatchObject({ dataset: 'cranfield', labels: { kind: 'task', task: task.id, minAgreement: 0.8, excludeGold: true } });
  }, 120_000);
});
