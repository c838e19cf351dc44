import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import { simulateInterleaving, informationalClickModel } from '../../core/comparison/click-simulation';
import { aggregateInterleaving, aggregatePreferences } from '../../core/comparison/preference-aggregates';
import { createRng } from '../../core/eval/statistics';
import { deriveSeed } from '../../core/rating/random';
import { runCli } from '../../core/cli/main';
import { localCaller, type Caller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { AERO_CORPUS as CORPUS, writeBeirFolder } from '../helpers/beir-fixture';

const QUERIES = ['w1\twing lift', 'f1\tprotein folding', 'n1\taircraft noise', 's1\tshock waves', 'k1\tfolding kinetics', 'h1\thigh speed wings'];

describe('side-by-side and interleaving comparisons', () => {
  let root: string;
  let workbench: Workbench;
  const lead = localCaller('in-process');
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let querySetId: number;
  let blind: ResultOf<'comparisons.create'>;
  const call = <M extends MethodName>(method: M, args: ArgsOf<M>, caller: Caller) => dispatch(workbench.handlers, method, args, caller) as Promise<ResultOf<M>>;
  const store = () => workbench.ctx.store;

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-comparisons-'));
    workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir'), { corpus: CORPUS, qrels: null }), name: 'aero' }).finished;
    const token = async (name: string) => workbench.raters.resolveToken((await call('raters.create', { name }, lead)).token)!;
    [alice, bob, carol] = [await token('alice'), await token('bob'), await token('carol')];
    querySetId = (await call('querySets.create', { dataset: 'aero', name: 'six', source: { kind: 'list', lines: QUERIES } }, lead)).id;
    blind = await call(
      'comparisons.create',
      { name: 'bm25 vs dense', dataset: 'aero', querySet: querySetId, a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'variant', variant: 'dense-glove' }, depth: 3, seed: 42, raters: [alice.raterId!, bob.raterId!] },
      lead,
    );
  });

  afterAll(async () => {
    await workbench?.close();
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('freezes each side\'s top k and a side mapping drawn from the recorded seed, the same for the same seed', async () => {
    const rows = store().comparisons.queries(blind.id);
    expect(rows.map((row) => row.queryId)).toEqual(QUERIES.map((line) => line.split('\t')[0]));
    for (const row of rows) {
      const { ranked } = await workbench.search.rank({ dataset: 'aero', text: row.text, k: 3, variant: 'bm25' });
      expect(row.listA).toEqual(ranked.map((result) => result.doc.id));
      expect(row.sideSeed).toBe(deriveSeed(42, `query:${row.queryId}`));
      expect(row.leftSide).toBe(createRng(row.sideSeed)() < 0.5 ? 'B' : 'A');
    }
    expect(new Set(rows.map((row) => row.leftSide))).toEqual(new Set(['A', 'B']));
    const again = await call(
      'comparisons.create',
      { name: 'same seed', dataset: 'aero', querySet: querySetId, a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'variant', variant: 'dense-glove' }, depth: 3, seed: 42 },
      lead,
    );
    expect(store().comparisons.queries(again.id).map((row) => row.leftSide)).toEqual(rows.map((row) => row.leftSide));
    const open = await call(
      'comparisons.create',
      { name: 'not blind', dataset: 'aero', querySet: querySetId, a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'variant', variant: 'dense-glove' }, depth: 3, seed: 42, blind: false },
      lead,
    );
    expect(store().comparisons.queries(open.id).every((row) => row.leftSide === 'A')).toBe(true);
  });

  it('pools a rating task from the union of both sides\' top k, with the features the variants computed', () => {
    const task = workbench.tasks.get(blind.taskId!);
    const pairs = store().ratingTasks.pairs(task.id);
    const expected = store()
      .comparisons.queries(blind.id)
      .flatMap((row) => [...new Set([...row.listA, ...row.listB])].map((docId) => `${row.queryId}/${docId}`));
    expect(pairs.map((pair) => `${pair.queryId}/${pair.docId}`).sort()).toEqual(expected.sort());
    expect(pairs.every((pair) => pair.features !== null)).toBe(true);
    expect(task.spec.blind).toBe(true);
    expect(task.spec.raters).toEqual([alice.raterId, bob.raterId]);
  });

  it('hides the side names from a rater until they reveal them, and links documents the two lists share', async () => {
    expect((await call('comparisons.list', {}, alice)).find((row) => row.id === blind.id)?.sides).toBeNull();
    expect((await call('comparisons.list', {}, lead)).find((row) => row.id === blind.id)?.sides).toEqual({ a: 'bm25', b: 'dense-glove' });
    const row = store().comparisons.queries(blind.id).find((query) => query.leftSide === 'B')!;
    const view = await call('comparisons.query', { comparison: blind.id, queryId: row.queryId }, alice);
    expect(view.names).toBeNull();
    expect(view.columns!.left.map((doc) => doc.docId)).toEqual(row.listB);
    expect(view.columns!.right.map((doc) => doc.docId)).toEqual(row.listA);
    for (const doc of view.columns!.left) expect(doc.otherRank).toBe(row.listA.includes(doc.docId) ? row.listA.indexOf(doc.docId) + 1 : null);
    expect(view.columns!.left.every((doc) => doc.document !== null && doc.consensus === null && doc.pairIndex !== null)).toBe(true);
    const revealed = await call('comparisons.query', { comparison: blind.id, queryId: row.queryId, reveal: true }, alice);
    expect(revealed.names).toEqual({ left: 'dense-glove', right: 'bm25' });
  });

  it('stores a preference in A/B terms with the side mapping, seed and the caller as rater, whichever side it was on screen', async () => {
    const rows = store().comparisons.queries(blind.id);
    for (const row of rows) {
      const saved = await call('comparisons.prefer', { comparison: blind.id, queryId: row.queryId, choice: 'left-much-better', note: 'clearer images' }, alice);
      expect(saved.choice).toBe('left-much-better');
      expect(saved).not.toHaveProperty('preference');
    }
    for (const row of rows) {
      const stored = store().comparisonPreferences.find(blind.id, row.queryId, alice.raterId!)!;
      expect(stored).toMatchObject({ preference: row.leftSide === 'A' ? 2 : -2, leftSide: row.leftSide, sideSeed: row.sideSeed, note: 'clearer images' });
      const view = await call('comparisons.query', { comparison: blind.id, queryId: row.queryId }, alice);
      expect(view.preference?.choice).toBe('left-much-better');
    }
    // Who answered comes from the caller: a rater id in the arguments is refused, and bob's answer is his own.
    await expect(call('comparisons.prefer', { comparison: blind.id, queryId: rows[0]!.queryId, choice: 'same', raterId: alice.raterId } as never, bob)).rejects.toMatchObject({ code: 'INVALID_ARGS' });
    await call('comparisons.prefer', { comparison: blind.id, queryId: rows[0]!.queryId, choice: 'right-better' }, bob);
    expect(store().comparisonPreferences.find(blind.id, rows[0]!.queryId, bob.raterId!)?.preference).toBe(rows[0]!.leftSide === 'A' ? -1 : 1);
    expect(store().comparisonPreferences.find(blind.id, rows[0]!.queryId, alice.raterId!)?.preference).toBe(rows[0]!.leftSide === 'A' ? 2 : -2);
    const overview = await call('comparisons.overview', { comparison: blind.id }, bob);
    expect(overview.queries.map((query) => query.answered)).toEqual(rows.map((_, index) => index === 0));
  });

  it('aggregates exactly what the pure functions make of the stored preferences', async () => {
    const aggregates = await call('comparisons.aggregates', { comparison: blind.id }, lead);
    const expected = aggregatePreferences(store().comparisonPreferences.forComparison(blind.id));
    expect(aggregates.pairwise).toMatchObject(expected);
    const leftA = store().comparisons.queries(blind.id).filter((row) => row.leftSide === 'A').length;
    expect(aggregates.pairwise.histogram['2'] + aggregates.pairwise.histogram['-2']).toBe(6);
    expect(aggregates.pairwise.histogram['2']).toBe(leftA);
    expect(aggregates.pairwise.raters).toEqual({ [alice.raterId!]: 'alice', [bob.raterId!]: 'bob' });
    expect(aggregates.pairwise.agreement.units).toBe(1);
    expect(aggregates.metric).toBeNull();
  });

  it('refuses a rater creating a comparison, reading aggregates, or opening a comparison they are not assigned to', async () => {
    await expect(
      call('comparisons.create', { name: 'mine', dataset: 'aero', querySet: querySetId, a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'variant', variant: 'dense-glove' } }, alice),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('comparisons.aggregates', { comparison: blind.id }, alice)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('comparisons.query', { comparison: blind.id, queryId: 'w1' }, carol)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('comparisons.prefer', { comparison: blind.id, queryId: 'w1', choice: 'same' }, carol)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await call('comparisons.list', {}, carol)).map((row) => row.id)).not.toContain(blind.id);
    expect(store().comparisons.findByName('mine')).toBeUndefined();
  });

  it('labels an unjudged document inline as an ordinary judgment of the task, which then shows as the consensus badge', async () => {
    const view = await call('comparisons.query', { comparison: blind.id, queryId: 'w1' }, alice);
    const doc = view.columns!.left[0]!;
    const judgment = await call('tasks.label', { task: blind.taskId!, pairIndex: doc.pairIndex!, grade: 5 }, alice);
    expect(judgment).toMatchObject({ raterId: alice.raterId, docId: doc.docId, queryId: 'w1', scaleId: 'five-level', grade: 5 });
    expect(judgment.features).toEqual(store().ratingTasks.pair(blind.taskId!, doc.pairIndex!)!.features);
    const after = await call('comparisons.query', { comparison: blind.id, queryId: 'w1' }, bob);
    const same = [...after.columns!.left, ...after.columns!.right].filter((shown) => shown.docId === doc.docId);
    expect(same.every((shown) => shown.consensus === 5 && shown.myGrade === null)).toBe(true);
    expect((await call('comparisons.query', { comparison: blind.id, queryId: 'w1' }, alice)).columns!.left[0]!.myGrade).toBe(5);
  });

  it('interleaves a stored TREC run with a variant by team draft and credits a rater\'s clicks to the team that placed them', async () => {
    const runFile = path.join(root, 'reverse.run');
    const lines = QUERIES.map((line) => line.split('\t')[0]!).flatMap((queryId) => ['s1', 'p2', 'a3', 'p1'].map((docId, index) => `${queryId} Q0 ${docId} ${index + 1} ${10 - index} rev`));
    fs.writeFileSync(runFile, lines.join('\n') + '\n');
    const run = await call('runs.import', { dataset: 'aero', path: runFile, name: 'reverse' }, lead);
    const interleaved = await call(
      'comparisons.create',
      { name: 'tdi', dataset: 'aero', querySet: querySetId, a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'run', run: run.id }, depth: 4, mode: 'interleaving', seed: 5 },
      lead,
    );
    const row = store().comparisons.query(interleaved.id, 'w1')!;
    expect(row.listB).toEqual(['s1', 'p2', 'a3', 'p1']);
    const view = await call('comparisons.query', { comparison: interleaved.id, queryId: 'w1' }, alice);
    expect(view.columns).toBeNull();
    expect(view.names).toBeNull();
    expect(view.merged!.map((doc) => doc.docId)).toEqual(row.interleaved!.map((item) => item.docId));
    expect(JSON.stringify(view)).not.toContain('"team"');
    const fromB = row.interleaved!.filter((item) => item.team === 'B').map((item) => item.docId);
    await call('comparisons.click', { comparison: interleaved.id, queryId: 'w1', clicked: fromB }, alice);
    expect(store().interleavingClicks.find(interleaved.id, 'w1', alice.raterId!)).toMatchObject({ clicked: fromB, clicksA: 0, clicksB: fromB.length, outcome: 'B' });
    const fromA = row.interleaved!.find((item) => item.team === 'A')!.docId;
    await call('comparisons.click', { comparison: interleaved.id, queryId: 'w1', clicked: [fromA] }, bob);
    await expect(call('comparisons.click', { comparison: interleaved.id, queryId: 'w1', clicked: ['d-unknown'] }, bob)).rejects.toMatchObject({ code: 'INVALID_ARGS' });
    await expect(call('comparisons.prefer', { comparison: interleaved.id, queryId: 'w1', choice: 'same' }, bob)).rejects.toMatchObject({ code: 'INVALID_ARGS' });
    const aggregates = await call('comparisons.aggregates', { comparison: interleaved.id }, lead);
    expect(aggregates.interleaving).toEqual(aggregateInterleaving(store().interleavingClicks.forComparison(interleaved.id)));
    expect(aggregates.interleaving.perQuery).toEqual([{ queryId: 'w1', impressions: 2, clicksA: 1, clicksB: fromB.length, outcome: fromB.length > 1 ? 'B' : 'tie' }]);
    expect(aggregates.comparison.sides).toEqual({ a: 'bm25', b: `reverse (run ${run.id})` });
  });

  it('simulates cascade users on the consensus labels and reports how often interleaving agrees with nDCG', async () => {
    // "aircraft noise": bm25 ranks a3, a1; dense ranks s1 between them. A's documents relevant, s1 not: nDCG prefers A.
    const row = store().comparisons.query(blind.id, 'n1')!;
    const view = await call('comparisons.query', { comparison: blind.id, queryId: 'n1' }, alice);
    for (const doc of [...view.columns!.left, ...view.columns!.right]) {
      if (doc.pairIndex === null || doc.consensus !== null) continue;
      await call('tasks.label', { task: blind.taskId!, pairIndex: doc.pairIndex, grade: row.listA.includes(doc.docId) ? 5 : 1 }, alice);
    }
    const aggregates = await call('comparisons.aggregates', { comparison: blind.id }, lead);
    expect(aggregates.metric).not.toBeNull();
    expect(aggregates.metric!.measure).toBe('ndcg_cut_3');
    const simulation = await call('comparisons.simulate', { comparison: blind.id, impressions: 200, seed: 3 }, lead);
    expect(await call('comparisons.simulate', { comparison: blind.id, impressions: 200, seed: 3 }, lead)).toEqual(simulation);
    const differences = new Map(aggregates.metric!.perQuery.map((query) => [query.queryId, query.a - query.b]));
    const labels = new Map<string, Map<string, number>>();
    for (const judgment of [...store().judgments.forTask(blind.taskId!)]) {
      const levels = labels.get(judgment.queryId) ?? new Map<string, number>();
      levels.set(judgment.docId, judgment.grade! - 1);
      labels.set(judgment.queryId, levels);
    }
    const expected = simulateInterleaving(
      store()
        .comparisons.queries(blind.id)
        .map((query) => ({ queryId: query.queryId, a: query.listA, b: query.listB, levels: labels.get(query.queryId) ?? new Map(), metricDifference: differences.get(query.queryId) ?? 0 })),
      { depth: 3, impressions: 200, seed: 3, model: informationalClickModel(5) },
    );
    expect(simulation.perQuery).toEqual(expected.perQuery);
    expect(simulation.agreement).toEqual(expected.agreement);
    expect(differences.get('n1')).toBeGreaterThan(0);
    expect(simulation.perQuery.find((query) => query.queryId === 'n1')).toMatchObject({ metricVerdict: 'A' });
    expect(simulation.agreement.decided).toBe([...differences.values()].filter((difference) => difference !== 0).length);
  });

  it('prints the same verdicts and simulation from the command line', async () => {
    const aggregates = await call('comparisons.aggregates', { comparison: blind.id }, lead);
    const simulation = await call('comparisons.simulate', { comparison: blind.id, impressions: 50, seed: 4 }, lead);
    await workbench.close();
    const cli = async (argv: string[]) => {
      let stdout = '';
      const code = await runCli(['--data-dir', path.join(root, 'data'), '--device', 'cpu', ...argv], { stdout: (text) => (stdout += text), stderr: () => {} });
      return { code, stdout };
    };
    try {
      const json = await cli(['comparisons', 'results', String(blind.id), '--simulate', '--impressions', '50', '--seed', '4', '--json']);
      expect(json.code).toBe(0);
      const printed = JSON.parse(json.stdout);
      expect(printed.pairwise).toEqual(JSON.parse(JSON.stringify(aggregates.pairwise)));
      expect(printed.simulation.agreement).toEqual(JSON.parse(JSON.stringify(simulation.agreement)));
      const text = await cli(['comparisons', 'results', String(blind.id)]);
      expect(text.stdout).toContain(`pairwise: A ${aggregates.pairwise.overall.wins} – tie ${aggregates.pairwise.overall.ties} – B ${aggregates.pairwise.overall.losses}`);
      expect((await cli(['comparisons', 'results', 'x'])).code).toBe(2);
    } finally {
      workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
    }
  });
});
