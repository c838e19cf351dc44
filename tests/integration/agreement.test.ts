import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import { cohenKappa, evaluateRun, krippendorffAlpha, qrelsFromRows, resolveMeasures, runFromRows } from '../../core/eval';
import type { Caller } from '../../core/runtime/caller';
import { localCaller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { AERO_CORPUS as CORPUS, writeBeirFolder } from '../helpers/beir-fixture';

const FIVE_LEVELS = [1, 2, 3, 4, 5];

describe('agreement, adjudication and consensus labels', () => {
  let root: string;
  let workbench: Workbench;
  const lead = localCaller('in-process');
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let querySet: number;
  const call = <M extends MethodName>(method: M, args: ArgsOf<M>, caller: Caller = lead) =>
    dispatch(workbench.handlers, method, args, caller) as Promise<ResultOf<M>>;
  const pairsOf = (task: number) => workbench.ctx.store.ratingTasks.pairs(task);

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-agreement-'));
    workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir'), { corpus: CORPUS, qrels: null }), name: 'aero' }).finished;
    const token = async (name: string) => workbench.raters.resolveToken((await call('raters.create', { name })).token)!;
    [alice, bob, carol] = [await token('alice'), await token('bob'), await token('carol')];
    querySet = (await call('querySets.create', { dataset: 'aero', name: 'two', source: { kind: 'list', lines: ['w1\twing lift', 'f1\tprotein folding'] } })).id;
  });

  afterAll(async () => {
    await workbench?.close();
    await fsp.rm(root, { recursive: true, force: true });
  });

  describe('two raters, four pairs: figures worked out by hand', () => {
    let task: number;
    beforeAll(async () => {
      task = (await call('tasks.create', { name: 'hand', dataset: 'aero', querySet, variants: ['bm25'], depth: 2, overlap: 2, reuse: false, seed: 3 })).id;
      expect(pairsOf(task)).toHaveLength(4);
      // By pair index: alice 1 2 3 3, bob 1 2 2 3 (the unit test of summarizeAgreement works these out by hand).
      const grades = { alice: [1, 2, 3, 3], bob: [1, 2, 2, 3] };
      for (const [caller, row] of [[alice, grades.alice], [bob, grades.bob]] as const) {
        for (const [pairIndex, grade] of row.entries()) await call('tasks.label', { task, pairIndex, grade }, caller);
      }
    });

    it('reports α = 0.79 and quadratic κ = 0.8, exact match 3/4, within one level 1, and each rater\'s bias', async () => {
      const agreement = await call('tasks.agreement', { task });
      expect(agreement.overall.alpha).toBeCloseTo(0.79, 12);
      expect(agreement.overall.kappa).toBeCloseTo(0.8, 12);
      expect(agreement.overall).toMatchObject({ exactMatch: 0.75, withinOneLevel: 1, items: 4 });
      expect(agreement.perRaterPair).toMatchObject([{ raterA: { name: 'alice' }, raterB: { name: 'bob' }, shared: 4, exactMatch: 0.75 }]);
      expect(agreement.perRater.map((rater) => [rater.name, rater.bias])).toEqual([
        ['alice', 0.25],
        ['bob', -0.25],
      ]);
      const [disagreed] = agreement.mostDisagreed;
      expect(agreement.mostDisagreed).toHaveLength(1);
      expect(disagreed).toMatchObject({ pairIndex: 2, range: 1, consensus: { label: 2, rule: 'median', ratings: 2, adjudicated: false, tie: true } });
      expect(disagreed.query).toBe(pairsOf(task)[2]!.queryId === 'w1' ? 'wing lift' : 'protein folding');
      expect(disagreed.document?.title.length).toBeGreaterThan(0);
      expect(disagreed.grades.map((grade) => [grade.name, grade.grade])).toEqual([
        ['alice', 3],
        ['bob', 2],
      ]);
    });

    it('lets a lead adjudicate: the consensus label changes, recorded as adjudicated, and raw labels stay', async () => {
      const rawBefore = workbench.ctx.store.judgments.forTask(task);
      await expect(call('tasks.adjudicate', { task, pairIndex: 2, grade: 5 }, alice)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(call('tasks.consensus', { task }, bob)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(call('tasks.adjudicate', { task, pairIndex: 2, grade: 9 })).rejects.toMatchObject({ code: 'INVALID_ARGS', location: { field: 'grade' } });
      await expect(call('tasks.adjudicate', { task, pairIndex: 99, grade: 3 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

      const decided = await call('tasks.adjudicate', { task, pairIndex: 2, grade: 5, note: 'the figure shows lift' });
      expect(decided).toMatchObject({ pairIndex: 2, label: 5, decidedBy: 'adjudicated', adjudicated: true, ratings: 2, rule: 'median' });
      expect(decided.adjudication).toMatchObject({ grade: 5, note: 'the figure shows lift', decidedBy: 'local' });
      const { labels } = await call('tasks.consensus', { task });
      expect(labels.map((label) => label.label)).toEqual([1, 2, 5, 3]);
      expect(labels.filter((label) => label.adjudicated).map((label) => label.pairIndex)).toEqual([2]);
      expect(workbench.ctx.store.judgments.forTask(task)).toEqual(rawBefore);
      // Agreement is about the raters, so adjudication leaves it as it was.
      expect((await call('tasks.agreement', { task })).overall.alpha).toBeCloseTo(0.79, 12);
    });

    it('scores runs on the task\'s consensus labels: the nDCG the engine computes from them, and it follows an adjudication', async () => {
      const queries = { kind: 'list' as const, queries: [{ queryId: 'w1', text: 'wing lift' }, { queryId: 'f1', text: 'protein folding' }] };
      const bm25 = await workbench.runs.startRun({ dataset: 'aero', variant: 'bm25', queries, k: 5, name: 'bm25-hand' }, lead).finished;
      const dense = await workbench.runs.startRun({ dataset: 'aero', variant: 'dense-glove', queries, k: 5, name: 'dense-hand' }, lead).finished;
      const compare = () => call('runs.compare', { dataset: 'aero', runs: [bm25.id, dense.id], measures: ['ndcg_cut.10'], labels: { kind: 'task', task } });

      const expectedNdcg = async () => {
        const { labels } = await call('tasks.consensus', { task });
        const qrels = qrelsFromRows(labels.map((label) => ({ queryId: label.queryId, docId: label.docId, relevance: label.label! - 1 })));
        const options = { measures: resolveMeasures(['ndcg_cut.10']), averageOverAllJudgedQueries: true };
        return [bm25, dense].map((run) => evaluateRun(qrels, runFromRows(workbench.ctx.store.runResults.list(run.id), run.name), options).columns[0]!.summary as number);
      };
      const report = await compare();
      expect(report.judgments).toBe('consensus of task "hand" (median, 4 labels)');
      expect(report.measures[0]!.means).toEqual(await expectedNdcg());

      // By hand for bm25: the pool is bm25's own top 2, so each query's ideal order is its ranking sorted by gain.
      const gains = new Map((await call('tasks.consensus', { task })).labels.map((label) => [`${label.queryId}/${label.docId}`, label.label! - 1]));
      const ndcgOf = (queryId: string) => {
        const ranked = workbench.ctx.store.runResults.forQuery(bm25.id, queryId).map((result) => gains.get(`${queryId}/${result.docId}`) ?? 0);
        const dcg = (values: number[]) => values.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
        return dcg(ranked) / dcg([...gains].filter(([key]) => key.startsWith(`${queryId}/`)).map(([, gain]) => gain).sort((a, b) => b - a));
      };
      expect(report.measures[0]!.means[0]).toBeCloseTo((ndcgOf('w1') + ndcgOf('f1')) / 2, 12);

      // The adjudicated pair is bm25's first result for its query: moving it to the bottom of the scale lowers bm25's nDCG.
      const pair = pairsOf(task)[2]!;
      const rankOfPair = workbench.ctx.store.runResults.forQuery(bm25.id, pair.queryId).find((result) => result.docId === pair.docId)?.rank;
      await call('tasks.adjudicate', { task, pairIndex: 2, grade: 1 });
      const after = await compare();
      expect(after.measures[0]!.means).toEqual(await expectedNdcg());
      expect(rankOfPair).toBe(1);
      expect(after.measures[0]!.means[0]).toBeLessThan(report.measures[0]!.means[0]!);
      await expect(call('runs.compare', { dataset: 'aero', runs: [bm25.id, dense.id], labels: { kind: 'task', task: 999 } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('three raters with a gold pair and a skip', () => {
    let task: number;
    const raterGrade = (rater: number, pairIndex: number) => ((pairIndex * (rater + 2) + rater) % 5) + 1;
    let skipped: number;

    beforeAll(async () => {
      task = (
        await call('tasks.create', {
          name: 'three',
          dataset: 'aero',
          querySet,
          variants: ['bm25', 'dense-glove'],
          depth: 3,
          overlap: 3,
          reuse: false,
          seed: 11,
          gold: [{ queryId: 'f1', docId: 's1', grade: 1 }],
        })
      ).id;
      const pool = pairsOf(task).filter((pair) => pair.goldGrade === null);
      skipped = pool[0]!.pairIndex;
      for (const [rater, caller] of [alice, bob, carol].entries()) {
        for (const pair of pool) {
          if (caller === carol && pair.pairIndex === skipped) await call('tasks.label', { task, pairIndex: pair.pairIndex, skip: 'image did not load' }, caller);
          else await call('tasks.label', { task, pairIndex: pair.pairIndex, grade: raterGrade(rater, pair.pairIndex) }, caller);
        }
      }
      const gold = pairsOf(task).find((pair) => pair.goldGrade !== null)!.pairIndex;
      // Gold grade 1: alice right, bob one level off, carol three levels off.
      for (const [caller, grade] of [[alice, 1], [bob, 2], [carol, 4]] as const) await call('tasks.label', { task, pairIndex: gold, grade }, caller);
    });

    it('computes α and κ exactly as the evaluation engine does, skips and the gold pair left out', async () => {
      const pool = pairsOf(task).filter((pair) => pair.goldGrade === null);
      const units = pool.map((pair) => [0, 1, 2].map((rater) => (rater === 2 && pair.pairIndex === skipped ? null : raterGrade(rater, pair.pairIndex))));
      const agreement = await call('tasks.agreement', { task });
      expect(agreement.goldPairsExcluded).toBe(1);
      expect(agreement.overall.items).toBe(pool.length);
      expect(agreement.overall.alpha).toBeCloseTo(krippendorffAlpha(units, 'ordinal'), 12);

      const pairKappa = (a: number, b: number) => {
        const shared = units.filter((unit) => unit[a] !== null && unit[b] !== null);
        return { kappa: cohenKappa(shared.map((unit) => unit[a]!), shared.map((unit) => unit[b]!), 'quadratic', FIVE_LEVELS), shared: shared.length };
      };
      const expected = [pairKappa(0, 1), pairKappa(0, 2), pairKappa(1, 2)];
      expect(agreement.perRaterPair.map((pair) => [pair.raterA.name, pair.raterB.name, pair.shared])).toEqual([
        ['alice', 'bob', pool.length],
        ['alice', 'carol', pool.length - 1],
        ['bob', 'carol', pool.length - 1],
      ]);
      agreement.perRaterPair.forEach((pair, i) => expect(pair.kappa).toBeCloseTo(expected[i]!.kappa, 12));
      const weighted = expected.reduce((sum, pair) => sum + pair.kappa * pair.shared, 0) / expected.reduce((sum, pair) => sum + pair.shared, 0);
      expect(agreement.overall.kappa).toBeCloseTo(weighted, 12);
      for (const row of agreement.perQuery) {
        const queryUnits = pool.map((pair, i) => [pair, units[i]!] as const).filter(([pair]) => pair.queryId === row.queryId).map(([, unit]) => unit);
        expect(row.alpha).toBeCloseTo(krippendorffAlpha(queryUnits, 'ordinal'), 12);
      }
      expect(agreement.mostDisagreed.length).toBeGreaterThan(0);
      expect(agreement.mostDisagreed.every((pair) => pair.grades.length >= 2)).toBe(true);
    });

    it('narrows the consensus labels runs and training score on: by raters\' agreement with the label, and without gold', async () => {
      const { labels } = await call('tasks.consensus', { task });
      const gradesOf = (pairIndex: number) => workbench.ctx.store.judgments.forTask(task).flatMap((judgment) => (judgment.pairIndex === pairIndex && judgment.grade !== null ? [judgment.grade] : []));
      for (const label of labels) {
        const grades = gradesOf(label.pairIndex);
        expect(label.agreement, `pair ${label.pairIndex}`).toBeCloseTo(grades.filter((grade) => grade === label.label).length / grades.length, 12);
      }
      const gold = labels.find((label) => label.gold)!;
      expect(gold.agreement).toBeCloseTo(1 / 3, 12);
      const keyOf = (row: { queryId: string; docId: string }) => `${row.queryId}/${row.docId}`;
      const rowsOf = (filters: { minAgreement?: number; excludeGold?: boolean }) => workbench.runs.labelRows('aero', { kind: 'task', task, ...filters });
      const all = rowsOf({});
      expect(all.rows).toHaveLength(labels.filter((label) => label.label !== null).length);
      const agreed = rowsOf({ minAgreement: 0.6 });
      const expected = labels.filter((label) => label.label !== null && label.agreement >= 0.6).map(keyOf).sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.rows.length);
      expect(agreed.rows.map(keyOf).sort()).toEqual(expected);
      expect(agreed.label).toBe(`consensus of task "three" (median, agreement ≥ 0.6, ${expected.length} labels)`);
      const noGold = rowsOf({ excludeGold: true });
      expect(noGold.rows.map(keyOf).sort()).toEqual(all.rows.map(keyOf).filter((key) => key !== keyOf(gold)).sort());
      expect(noGold.label).toContain('no gold pairs');
      await expect(call('runs.compare', { dataset: 'aero', runs: [1, 2], labels: { kind: 'task', task, minAgreement: 1.5 } })).rejects.toMatchObject({ code: 'INVALID_ARGS', location: { field: 'labels.minAgreement' } });
    });

    it('reports progress per query and per rater, with gold accuracy exact and within one level', async () => {
      const progress = await call('tasks.progress', { task });
      const pool = pairsOf(task).filter((pair) => pair.goldGrade === null);
      expect(progress.totals).toEqual({ pairs: pool.length, complete: pool.length - 1, skips: 1, goldPairs: 1 });
      const f1 = progress.perQuery.find((row) => row.queryId === 'f1')!;
      expect(f1).toMatchObject({ query: 'protein folding', goldPairs: 1, pairs: pool.filter((pair) => pair.queryId === 'f1').length });
      expect(progress.perRater.map((rater) => [rater.name, rater.labelled, rater.skipped, rater.gold])).toEqual([
        ['alice', pool.length + 1, 0, { total: 1, correct: 1, withinOne: 1, accuracy: 1 }],
        ['bob', pool.length + 1, 0, { total: 1, correct: 0, withinOne: 1, accuracy: 0 }],
        ['carol', pool.length, 1, { total: 1, correct: 0, withinOne: 0, accuracy: 0 }],
      ]);
      const agreement = await call('tasks.agreement', { task });
      expect(agreement.perRater.find((rater) => rater.name === 'carol')?.gold).toEqual({ total: 1, correct: 0, withinOne: 0, accuracy: 0 });
    });

    it('records with each consensus label its rule, how many grades it came from, and whether it is gold', async () => {
      const { task: summary, labels } = await call('tasks.consensus', { task });
      expect(summary.rule).toBe('median');
      const gold = labels.find((label) => label.gold)!;
      expect(gold).toMatchObject({ label: 1, decidedBy: 'gold', ratings: 3 });
      const skippedLabel = labels.find((label) => label.pairIndex === skipped)!;
      const [a, b] = [raterGrade(0, skipped), raterGrade(1, skipped)].sort((x, y) => x - y);
      expect(skippedLabel).toMatchObject({ ratings: 2, label: a, decidedBy: 'median', tie: a !== b });
    });
  });

  it('under adjudicated-wins, a disagreement has no label until a lead decides', async () => {
    const raters = [alice.raterId!, bob.raterId!, carol.raterId!];
    const task = (await call('tasks.create', { name: 'strict', dataset: 'aero', querySet, variants: ['bm25'], depth: 1, overlap: 2, reuse: false, consensus: 'adjudicated-wins', raters })).id;
    expect((await call('tasks.progress', { task })).perRater.map((rater) => [rater.name, rater.labelled])).toEqual([
      ['alice', 0],
      ['bob', 0],
      ['carol', 0],
    ]);
    const [first, second] = pairsOf(task);
    for (const [caller, grades] of [[alice, [4, 2]], [bob, [4, 3]]] as const) {
      await call('tasks.label', { task, pairIndex: first!.pairIndex, grade: grades[0] }, caller);
      await call('tasks.label', { task, pairIndex: second!.pairIndex, grade: grades[1] }, caller);
    }
    const before = await call('tasks.consensus', { task });
    expect(before.labels.map((label) => [label.label, label.decidedBy, label.awaitingAdjudication])).toEqual([
      [4, 'unanimous', false],
      [null, null, true],
    ]);
    await call('tasks.adjudicate', { task, pairIndex: second!.pairIndex, grade: 3 });
    expect((await call('tasks.consensus', { task })).labels[1]).toMatchObject({ label: 3, decidedBy: 'adjudicated', awaitingAdjudication: false, rule: 'adjudicated-wins' });
  });

  it('refuses to delete a dataset that holds judgments, naming the tasks, and deletes nothing', async () => {
    const judgments = () => workbench.ctx.store.ratingTasks.list().reduce((sum, task) => sum + workbench.ctx.store.judgments.forTask(task.id).length, 0);
    const before = judgments();
    const error = await call('datasets.delete', { name: 'aero' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect((error as Error).message).toMatch(/"hand" \(8 judgments\).*"three".*"strict"/);
    expect(workbench.datasets.list().map((dataset) => dataset.name)).toContain('aero');
    expect(judgments()).toBe(before);
    expect(before).toBeGreaterThan(0);
  });

  it('still deletes a dataset whose rating tasks hold no judgments yet', async () => {
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'spare'), { corpus: CORPUS, qrels: null }), name: 'spare' }).finished;
    const set = await call('querySets.create', { dataset: 'spare', name: 'one', source: { kind: 'list', lines: ['w1\twing lift'] } });
    await call('tasks.create', { name: 'unstarted', dataset: 'spare', querySet: set.id, variants: ['bm25'], depth: 1 });
    expect(await call('datasets.delete', { name: 'spare' })).toEqual({ deleted: 'spare' });
    expect(workbench.ctx.store.ratingTasks.findByName('unstarted')).toBeUndefined();
  });
});
