import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf, SerializedError } from '../../core/api/contract';
import { signedInPage, startBuiltServer, type RunningServer } from '../helpers/web-server';
import { CHROMIUM_ARGS, findChromium } from './chromium';

const chromiumPath = findChromium();

type Envelope<M extends MethodName> = { result: ResultOf<M> } | { error: SerializedError };

// The lead's management screens: raters and their personal links, and rating tasks made through the form.
describe.skipIf(!chromiumPath)('web mode raters and rating tasks pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let lead: Page;
  let raterContext: BrowserContext | undefined;
  const pageErrors: string[] = [];
  /** Alice's first personal link, as the Raters page showed it. */
  let aliceLink = '';

  /** Calls the API from the test process with the given key (the launch key: the lead). */
  async function call<M extends MethodName>(method: M, args: ArgsOf<M>, key = server.key): Promise<Envelope<M>> {
    const response = await fetch(new URL(`/api/${method}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(args),
    });
    return (await response.json()) as Envelope<M>;
  }
  async function api<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
    const envelope = await call(method, args);
    if ('error' in envelope) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.result;
  }

  beforeAll(async () => {
    server = await startBuiltServer();
    browser = await chromium.launch({ executablePath: chromiumPath!, args: CHROMIUM_ARGS });
    lead = await signedInPage(browser, server, { width: 1320, height: 900 });
    await lead.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    lead.on('pageerror', (error) => pageErrors.push(error.message));
    fs.mkdirSync('test-results', { recursive: true });
    // Tasks pool from the demo datasets: wait for the first-start import to finish.
    const demoReady = async () => {
      const status = await api('app.status', {});
      const names = (await api('datasets.list', {})).map((dataset) => dataset.name);
      return names.includes('cranfield') && names.includes('pins') && status.jobs.every((job) => job.state !== 'running');
    };
    // hookTimeout bounds this wait.
    while (!(await demoReady())) await new Promise((resolve) => setTimeout(resolve, 500));
  });

  afterAll(async () => {
    await raterContext?.close();
    await browser?.close();
    await server?.stop();
  });

  const raterRow = (name: string) => lead.locator(`[data-testid="rater-row"][data-name="${name}"]`);
  const issuedLink = () => lead.getByTestId('issued-link').getByLabel('Personal link');

  async function addPerson(name: string, role: 'rater' | 'lead') {
    await lead.getByLabel('Name', { exact: true }).fill(name);
    await lead.getByLabel('Role').selectOption(role);
    await lead.getByRole('button', { name: 'Add and make link' }).click();
  }

  it('adds raters and a lead, showing each personal link once with a copy button', async () => {
    await lead.goto(`${server.url}#/raters`);
    await expect.poll(() => lead.getByRole('table', { name: 'Raters' }).textContent()).toContain('No raters yet');

    await addPerson('alice', 'rater');
    await expect.poll(() => issuedLink().inputValue()).toMatch(/\?session=/);
    aliceLink = await issuedLink().inputValue();
    const link = new URL(aliceLink);
    expect(`${link.origin}/`).toBe(server.url);
    expect(link.hash).toBe('#/rate');
    const token = link.searchParams.get('session')!;
    // The token on the page is a working key for alice, and only the lead's page saw it.
    const queue = await call('raters.list', {}, token);
    expect('error' in queue && queue.error.code).toBe('FORBIDDEN');
    expect(await raterRow('alice').textContent()).toContain('rater');

    await lead.getByTestId('issued-link').getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => lead.getByTestId('issued-link').textContent()).toContain('Copied to the clipboard.');
    expect(await lead.evaluate(() => navigator.clipboard.readText())).toBe(aliceLink);

    // A taken name is refused next to the field, and no second alice appears.
    await addPerson('alice', 'rater');
    await expect.poll(() => lead.locator('#add-rater-error').textContent()).toContain('already a rater named "alice"');
    expect(await lead.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await api('raters.list', {})).filter((rater) => rater.name === 'alice')).toHaveLength(1);

    await addPerson('bob', 'rater');
    await expect.poll(() => raterRow('bob').count()).toBe(1);
    await addPerson('Dana Lead', 'lead');
    await expect.poll(() => lead.getByTestId('issued-link').textContent()).toContain('Personal link for Dana Lead');
    expect(await raterRow('Dana Lead').textContent()).toContain('lead');
    // Links are shown once: the page never shows alice's again, and a reload shows none at all.
    expect(await issuedLink().inputValue()).not.toBe(aliceLink);
    const listed = await api('raters.list', {});
    expect(listed.map((rater) => [rater.name, rater.role, rater.hasToken])).toEqual([
      ['alice', 'rater', true],
      ['bob', 'rater', true],
      ['Dana Lead', 'lead', true],
    ]);
    const content = (await lead.locator('main').boundingBox())!;
    await lead.screenshot({ path: 'test-results/raters.png', clip: { x: 0, y: 0, width: 1320, height: Math.ceil(content.y + content.height) } });
    await lead.reload();
    await expect.poll(() => raterRow('bob').count()).toBe(1);
    expect(await lead.getByTestId('issued-link').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  const taskRow = (name: string) => lead.locator(`[data-testid="task-row"][data-name="${name}"]`);
  const level = (index: number, field: string) => lead.getByLabel(`Level ${index} ${field}`, { exact: true });

  it('creates a task through the form: a bad custom scale is refused at its field, then the fixed one pools the right pairs', async () => {
    const alice = (await api('raters.list', {})).find((rater) => rater.name === 'alice')!;
    await lead.goto(`${server.url}#/tasks`);
    await expect.poll(() => lead.getByRole('table', { name: 'Rating tasks' }).textContent()).toContain('No rating tasks yet');
    await lead.getByRole('button', { name: 'New task' }).click();
    await lead.getByLabel('Task name').fill('e2e-cranfield');
    await lead.getByLabel('Dataset').selectOption('cranfield');

    // A quick query set from a pasted list, made without leaving the form and picked at once.
    await lead.getByRole('button', { name: 'New query set…' }).click();
    await lead.getByLabel('Query set name').fill('e2e-two');
    await lead.getByLabel('a pasted list').check();
    await lead.getByLabel('Pasted queries').fill('w1\twing flutter at transonic speed\nb1\theat transfer in a laminar boundary layer');
    await lead.getByRole('button', { name: 'Create query set' }).click();
    const findSet = async () => (await api('querySets.list', { dataset: 'cranfield' })).find((set) => set.name === 'e2e-two');
    await expect.poll(findSet).toBeDefined();
    const querySet = (await findSet())!;
    expect(querySet.queryCount).toBe(2);
    await expect.poll(() => lead.locator('#task-query-set').inputValue()).toBe(String(querySet.id));

    await lead.getByLabel('hybrid-rrf').check();
    expect(await lead.getByLabel('bm25', { exact: true }).isChecked()).toBe(true);
    await lead.getByLabel('Depth k').fill('3');
    await lead.getByLabel('Overlap').fill('2');
    await lead.getByLabel('alice').check();
    expect(await lead.getByLabel(/^Blind/).isChecked()).toBe(true);
    expect(await lead.getByLabel(/^Reuse/).isChecked()).toBe(true);

    // A custom scale whose second level takes S, the rating screen's skip key.
    await lead.getByLabel('Scale', { exact: true }).selectOption('custom');
    await lead.getByLabel('Scale name').fill('Aero three-level');
    expect(await lead.getByLabel('Scale id').inputValue()).toBe('aero-three-level');
    await level(2, 'key').fill('S');
    await lead.getByRole('button', { name: 'Create task' }).click();
    const scaleProblem = lead.getByTestId('custom-scale').locator('.level-problem');
    await expect.poll(() => scaleProblem.textContent()).toContain('Level 2 key: is reserved');
    expect(await level(2, 'key').getAttribute('aria-invalid')).toBe('true');
    // The form is long: the field at fault takes the focus, so it is in view.
    expect(await lead.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Level 2 key');
    expect(await level(1, 'key').getAttribute('aria-invalid')).toBeNull();
    expect(await lead.getByTestId('task-form-problem').textContent()).toContain('Not created');
    expect(await api('tasks.list', {})).toEqual([]);
    await lead.screenshot({ path: 'test-results/tasks-scale-error.png', fullPage: true });

    // Fixed; now a gold item graded off the scale is refused next to the gold field.
    await level(2, 'key').fill('1');
    const goldDoc = (await api('search', { dataset: 'cranfield', text: 'heat transfer in a laminar boundary layer', k: 20 })).results.at(-1)!.id;
    await lead.getByLabel(/^Gold items/).fill(`b1\t${goldDoc}\t7`);
    await lead.getByRole('button', { name: 'Create task' }).click();
    const goldProblem = lead.locator('.task-field', { has: lead.locator('#task-gold') }).locator('.field-error');
    await expect.poll(() => goldProblem.textContent(), { timeout: 60_000 }).toContain('grade 7 is not on scale aero-three-level');
    expect(await lead.getByTestId('custom-scale').locator('.level-problem').count()).toBe(0);
    expect(await api('tasks.list', {})).toEqual([]);

    await lead.getByLabel(/^Gold items/).fill(`b1\t${goldDoc}\t2`);
    await lead.getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => lead.getByTestId('task-created').textContent(), { timeout: 60_000 }).toContain('Created “e2e-cranfield”');
    const [task] = await api('tasks.list', {});
    expect(task).toMatchObject({ name: 'e2e-cranfield', dataset: 'cranfield', querySet: querySet.id });
    expect(task!.spec).toMatchObject({ variants: ['bm25', 'hybrid-rrf'], depth: 3, overlap: 2, blind: true, reuse: true, consensus: 'median', raters: [alice.id] });
    expect(task!.spec.scale).toMatchObject({ id: 'aero-three-level', name: 'Aero three-level' });
    expect(task!.spec.scale.levels.map((entry) => [entry.value, entry.key])).toEqual([
      [2, '2'],
      [1, '1'],
      [0, '0'],
    ]);

    // The pool is the union of each variant's top 3 for each query, as the search API ranks them, plus the gold pair.
    const pool = new Set<string>([`b1\t${goldDoc}`]);
    for (const variant of ['bm25', 'hybrid-rrf']) {
      for (const [queryId, text] of [['w1', 'wing flutter at transonic speed'], ['b1', 'heat transfer in a laminar boundary layer']]) {
        for (const result of (await api('search', { dataset: 'cranfield', text, k: 3, variant })).results) pool.add(`${queryId}\t${result.id}`);
      }
    }
    expect(task!.pairCount).toBe(pool.size);
    expect(task!.pairCount).toBeGreaterThan(3);
    const row = taskRow('e2e-cranfield');
    await expect.poll(() => row.getByTestId('task-pairs').textContent()).toBe(String(task!.pairCount));
    const rowText = await row.textContent();
    for (const part of ['cranfield', 'e2e-two', 'bm25, hybrid-rrf', '@ 3', 'Aero three-level', 'alice', 'by local']) expect(rowText).toContain(part);
    expect(await row.getByRole('link', { name: 'Rate' }).getAttribute('href')).toBe(`#/rate?task=${task!.id}`);
    expect(await row.getByRole('link', { name: 'Agreement' }).getAttribute('href')).toBe(`#/agreement?task=${task!.id}`);
    expect(pageErrors).toEqual([]);
  });

  it('opens a rater link in a second browser: that browser acts as the rater and is refused the lead\'s data', async () => {
    raterContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    let rater = await raterContext.newPage();
    await rater.goto(aliceLink);
    // The server turned the token into a cookie and dropped it from the address; the rating route stays.
    expect(rater.url()).toBe(`${server.url}#/rate`);
    const cookies = await raterContext.cookies(server.url);
    expect(cookies.find((cookie) => cookie.name === 'relwb_session')?.value).toBe(new URL(aliceLink).searchParams.get('session'));

    // A fresh tab of the same browser: it holds alice's cookie and nothing else.
    await rater.close();
    rater = await raterContext.newPage();
    await rater.goto(`${server.url}#/raters`);
    await expect.poll(() => rater.getByTestId('lead-only').textContent()).toContain('Raters is for leads');
    expect(await rater.locator('[data-testid="rater-row"]').count()).toBe(0);

    // The page's own API calls carry alice's identity: her queue, and no lead methods.
    const [task] = await api('tasks.list', {});
    const asRater = await rater.evaluate(async (taskId) => {
      const post = (method: string, args: unknown) =>
        fetch(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) }).then((response) => response.json());
      return { queue: await post('tasks.queue', { task: taskId }), create: await post('raters.create', { name: 'mallory', role: 'lead' }) };
    }, task!.id);
    expect(asRater.queue.result.rater.name).toBe('alice');
    expect(asRater.queue.result.entries).toHaveLength(task!.pairCount);
    expect(asRater.create.error.code).toBe('FORBIDDEN');
    expect((await api('raters.list', {})).map((entry) => entry.name)).not.toContain('mallory');

    // The Tasks page lists alice's tasks without the lead's "New task" button.
    await rater.goto(`${server.url}#/tasks`);
    await expect.poll(() => rater.getByTestId('task-row').count()).toBeGreaterThan(0);
    expect(await rater.getByRole('button', { name: 'New task' }).count()).toBe(0);
  });

  it('a new link for a rater stops the old one at once', async () => {
    await lead.goto(`${server.url}#/raters`);
    await raterRow('alice').getByRole('button', { name: 'New link for alice' }).click();
    await raterRow('alice').getByRole('button', { name: 'Make new link' }).click();
    await expect.poll(() => lead.getByTestId('issued-link').textContent()).toContain('The previous link has stopped working.');
    const fresh = await issuedLink().inputValue();
    expect(fresh).not.toBe(aliceLink);

    const oldToken = new URL(aliceLink).searchParams.get('session')!;
    const refused = await call('tasks.list', {}, oldToken);
    expect('error' in refused && refused.error.code).toBe('UNAUTHORIZED');
    const accepted = await call('tasks.list', {}, new URL(fresh).searchParams.get('session')!);
    expect('result' in accepted).toBe(true);
    // The browser holding the old cookie is signed out.
    const rater = raterContext!.pages()[0]!;
    await rater.goto(`${server.url}#/tasks`);
    // The shell checks its key when the page loads.
    await rater.reload();
    await expect.poll(() => rater.locator('body').textContent()).toMatch(/has no key for this server/);
  });

  it('lists tasks across datasets and scales (screenshot for the README)', async () => {
    const pinsSet = await api('querySets.create', { dataset: 'pins', name: 'pins-flowers', source: { kind: 'list', lines: ['flower bouquet', 'red roses', 'garden path'] } });
    await api('tasks.create', { name: 'pins-binary', dataset: 'pins', querySet: pinsSet.id, variants: ['bm25', 'dense-glove'], depth: 5, scale: 'binary', overlap: 2, seed: 1 });
    await lead.goto(`${server.url}#/tasks`);
    await expect.poll(() => taskRow('pins-binary').count()).toBe(1);
    const tasks = await api('tasks.list', {});
    for (const task of tasks) expect(await taskRow(task.name).getByTestId('task-pairs').textContent()).toBe(String(task.pairCount));
    expect(await taskRow('pins-binary').textContent()).toContain('pins-flowers');
    await lead.getByRole('button', { name: 'New task' }).click();
    await lead.getByLabel('Task name').fill('cranfield-hybrid-check');
    const cranfieldSet = (await api('querySets.list', { dataset: 'cranfield' })).find((set) => set.name === 'e2e-two')!;
    expect(cranfieldSet.locked).toBe(true);
    await lead.locator('#task-query-set').selectOption(String(cranfieldSet.id));
    expect(await lead.locator('#task-query-set option:checked').textContent()).toBe('e2e-two · 2 queries · in use');
    await lead.getByLabel('hybrid-weighted').check();
    await lead.getByLabel('Scale', { exact: true }).selectOption('custom');
    await lead.getByLabel('Guidelines (Markdown; raters open them with G)').fill('## Relevant\nThe abstract answers the question asked.\n\n## Not relevant\nSame field, other problem.');
    await lead.getByLabel('Guidelines (Markdown; raters open them with G)').blur();
    await lead.screenshot({ path: 'test-results/tasks.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
