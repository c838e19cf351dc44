import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import { localCaller, type Caller } from '../../core/runtime/caller';
import { DEFAULT_NDCG_DIFFERENCE_SD } from '../../core/rating/sampling';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { AERO_CORPUS, writeBeirFolder } from '../helpers/beir-fixture';

type SampleArgs = Extract<ArgsOf<'querySets.previewSample'>['source'], { kind: 'sample' }>;

describe('sampling query sets from a query log', () => {
  let root: string;
  let workbench: Workbench;
  const lead = localCaller('in-process');
  let rater: Caller;
  const call = <M extends MethodName>(method: M, args: ArgsOf<M>, caller: Caller = lead) =>
    dispatch(workbench.handlers, method, args, caller) as Promise<ResultOf<M>>;
  const writeLog = (name: string, lines: readonly string[]) => {
    const file = path.join(root, name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const sample = (log: string, rest: Omit<SampleArgs, 'kind' | 'log'>): SampleArgs => ({ kind: 'sample', log: { kind: 'file', path: log }, ...rest });

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-sampling-'));
    workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir'), { corpus: AERO_CORPUS, qrels: null }), name: 'aero' }).finished;
    rater = workbench.raters.resolveToken((await call('raters.create', { name: 'rita' })).token)!;
  });

  afterAll(async () => {
    await workbench?.close();
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('puts the queries making the first 50% of traffic in head and the next 30% in torso, and allocates proportionally', async () => {
    // Counts 50, 20, 10, 8, 5, 3, 2, 1, 1 (total 100). Head: "q1" (nothing ranked above it, so it crosses 50%);
    // torso: q2, q3 (50% and 70% of traffic above them, below 80%); tail: the other six (80% and more above).
    const counts = [50, 20, 10, 8, 5, 3, 2, 1, 1];
    const log = writeLog('tiers.tsv', ['query\tcount', ...counts.map((count, i) => `q${i + 1}\t${count}`)]);
    const preview = await call('querySets.previewSample', { dataset: 'aero', source: sample(log, { method: 'stratified', size: 6, seed: 3, strata: { by: 'tier', allocation: 'proportional' } }) });
    const byKey = Object.fromEntries(preview.strata.map((stratum) => [stratum.key, stratum]));
    expect(byKey.head).toMatchObject({ population: 1, trafficShare: 0.5 });
    expect(byKey.torso).toMatchObject({ population: 2 });
    expect(byKey.torso!.trafficShare).toBeCloseTo(0.3, 12);
    expect(byKey.tail).toMatchObject({ population: 6 });
    expect(byKey.tail!.trafficShare).toBeCloseTo(0.2, 12);
    // Proportional 6·(1, 2, 6)/9 = (0.67, 1.33, 4): head is raised to the minimum of 1, the other 5 split 5·(2, 6)/8 =
    // (1.25, 3.75) → floors (1, 3), the leftover to tail's larger remainder: (1, 1, 4).
    expect([byKey.head!.sampleSize, byKey.torso!.sampleSize, byKey.tail!.sampleSize]).toEqual([1, 1, 4]);
    expect(preview.queries.filter((query) => query.stratum === 'head').map((query) => query.text)).toEqual(['q1']);
    expect(preview.queries.filter((query) => query.stratum === 'torso').every((query) => ['q2', 'q3'].includes(query.text))).toBe(true);
    expect(preview.strata.every((stratum) => stratum.sdSource === 'default' && stratum.sd === DEFAULT_NDCG_DIFFERENCE_SD)).toBe(true);
    expect(preview.weightingNote).toMatch(/weighted by stratum/);
    const edited = await call('querySets.previewSample', {
      dataset: 'aero',
      source: sample(log, { method: 'stratified', size: 6, seed: 3, strata: { by: 'tier', tierThresholds: { head: 0.7, torso: 0.2 }, allocation: 'proportional' } }),
    });
    // Head 70%: q1 (0% above) and q2 (50% above) are head; torso up to 90%: q3 (70%), q4 (80%), q5 (88%); the rest tail.
    expect(Object.fromEntries(edited.strata.map((stratum) => [stratum.key, stratum.population]))).toEqual({ head: 2, torso: 3, tail: 4 });
  });

  it('allocates by Neyman with SDs of nDCG@10 measured on earlier judgments (hand-computed)', async () => {
    // Eight queries are judged in a one-variant task of depth 1, so each query's nDCG@10 is 1 when its only
    // document is graded above the lowest grade and 0 when graded lowest: segment A gets values (1, 0), B (1, 1, 1, 1, 1, 0).
    const judged: [string, string, 'A' | 'B', number][] = [
      ['j1', 'lift', 'A', 5],
      ['j2', 'noise', 'A', 1],
      ['j3', 'protein', 'B', 5],
      ['j4', 'folding', 'B', 4],
      ['j5', 'kinetics', 'B', 5],
      ['j6', 'shock', 'B', 3],
      ['j7', 'wedge', 'B', 5],
      ['j8', 'aircraft', 'B', 1],
    ];
    const set = await call('querySets.create', { dataset: 'aero', name: 'judged', source: { kind: 'list', lines: judged.map(([id, text]) => `${id}\t${text}`) } });
    const task = await call('tasks.create', { name: 'earlier', dataset: 'aero', querySet: set.id, variants: ['bm25'], depth: 1 });
    const queue = await call('tasks.queue', { task: task.id }, rater);
    expect(queue.entries).toHaveLength(judged.length);
    for (const entry of queue.entries) await call('tasks.label', { task: task.id, pairIndex: entry.pairIndex, grade: judged.find(([id]) => id === entry.queryId)![3] }, rater);

    // Population: A has 10 queries (2 judged), B 30 (6 judged).
    const lines = ['query\tcount\tsegment', ...judged.map(([, text, segment]) => `${text}\t5\t${segment}`)];
    for (let i = 0; i < 8; i++) lines.push(`a-other-${i}\t2\tA`);
    for (let i = 0; i < 24; i++) lines.push(`b-other-${i}\t1\tB`);
    const log = writeLog('neyman.tsv', lines);
    const preview = await call('querySets.previewSample', { dataset: 'aero', source: sample(log, { method: 'stratified', size: 10, seed: 1, strata: { by: 'segment', allocation: 'neyman' } }) });
    const [a, b] = preview.strata;
    // S_A = SD(1, 0) = √(0.5/1) = 0.70711; S_B = SD(1,1,1,1,1,0): mean 5/6, Σ(dev²) = 5/36 + 25/36 = 30/36, / 5 = 1/6 → 0.40825.
    expect(a).toMatchObject({ key: 'A', population: 10, sdSource: 'judgments' });
    expect(b).toMatchObject({ key: 'B', population: 30, sdSource: 'judgments' });
    expect(a!.sd).toBeCloseTo(Math.SQRT1_2, 10);
    expect(b!.sd).toBeCloseTo(Math.sqrt(1 / 6), 10);
    // Neyman n_h ∝ N_h·S_h: 10·0.70711 = 7.0711 and 30·0.40825 = 12.2474, total 19.3185;
    // n_A = 10·7.0711/19.3185 = 3.660, n_B = 6.340 → floors (3, 6), the leftover to A's larger remainder → (4, 6).
    // (Proportional would give 10·(10, 30)/40 = (2.5, 7.5) → (3, 7).)
    expect(preview.allocation).toEqual({ requested: 'neyman', used: 'neyman' });
    expect([a!.sampleSize, b!.sampleSize]).toEqual([4, 6]);
    // The MDE of the weighted mean: Var = Σ W_h²·S_h²/n_h = 0.25²·0.5/4 + 0.75²·(1/6)/6 = 0.0078125 + 0.015625 = 0.0234375.
    const proportional = await call('querySets.previewSample', { dataset: 'aero', source: sample(log, { method: 'stratified', size: 10, seed: 1, strata: { by: 'segment', allocation: 'proportional' } }) });
    expect(proportional.strata.map((stratum) => stratum.sampleSize)).toEqual([3, 7]);
    expect(preview.minimumDetectableEffect).toBeLessThan(proportional.minimumDetectableEffect!);

    // What is stored is what the preview showed, with how it was made.
    const created = await call('querySets.create', { dataset: 'aero', name: 'neyman', source: sample(log, { method: 'stratified', size: 10, seed: 1, strata: { by: 'segment', allocation: 'neyman' } }) });
    const stored = await call('querySets.queries', { id: created.id });
    expect(stored.map(({ queryId, text, stratum }) => ({ queryId, text, stratum }))).toEqual(preview.queries.map(({ queryId, text, stratum }) => ({ queryId, text, stratum })));
    expect(created.origin).toMatchObject({
      kind: 'sample',
      method: 'stratified',
      seed: 1,
      size: 10,
      strata: { by: 'segment', allocation: { requested: 'neyman', used: 'neyman' } },
      log: { kind: 'file', path: log, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), queries: 40 },
      strataSizes: [
        { key: 'A', population: 10, sampleSize: 4 },
        { key: 'B', population: 30, sampleSize: 6 },
      ],
    });
  });

  it('draws the same set for the same arguments, and another for another seed', async () => {
    const log = writeLog('seeded.csv', ['query,count,segment', ...Array.from({ length: 60 }, (_, i) => `query ${i},${1000 >> (i % 10)},${i % 3 === 0 ? 'x' : 'y'}`)]);
    const args = (seed: number) => sample(log, { method: 'stratified', size: 12, seed, strata: { by: 'tier-and-segment', allocation: 'proportional' } });
    const first = await call('querySets.create', { dataset: 'aero', name: 'seeded-1', source: args(42) });
    const again = await call('querySets.create', { dataset: 'aero', name: 'seeded-2', source: args(42) });
    const other = await call('querySets.create', { dataset: 'aero', name: 'seeded-3', source: args(43) });
    expect(again.contentHash).toBe(first.contentHash);
    expect(await call('querySets.queries', { id: again.id })).toEqual(await call('querySets.queries', { id: first.id }));
    expect(other.contentHash).not.toBe(first.contentHash);
    expect((await call('querySets.previewSample', { dataset: 'aero', source: args(42) })).queries.map((query) => query.text)).toEqual(
      (await call('querySets.queries', { id: first.id })).map((query) => query.text),
    );
  });

  it('gives a sampled query the id of the dataset query with the same text, else an id from its text', async () => {
    const log = writeLog('ids.tsv', ['query\tcount', 'Wing  Flutter\t9', 'rotor blades\t8']);
    const preview = await call('querySets.previewSample', { dataset: 'aero', source: sample(log, { method: 'top', size: 2, seed: 0 }) });
    expect(preview.queries.map((query) => query.queryId)).toEqual(['q2', expect.stringMatching(/^log-[0-9a-f]{12}$/)]);
  });

  it('gives a sample of n exactly n distinct queries, whatever the method', async () => {
    // A skewed log: under PPS with replacement the head would be drawn again and again.
    const log = writeLog('skewed.jsonl', Array.from({ length: 40 }, (_, i) => JSON.stringify({ query: `term ${i}`, count: i < 3 ? 10_000 : 1 + i })));
    for (const method of ['uniform', 'top', 'pps'] as const) {
      const preview = await call('querySets.previewSample', { dataset: 'aero', source: sample(log, { method, size: 15, seed: 9 }) });
      expect(preview.queries).toHaveLength(15);
      expect(new Set(preview.queries.map((query) => query.text)).size).toBe(15);
      expect(new Set(preview.queries.map((query) => query.queryId)).size).toBe(15);
      expect(preview.strata).toEqual([expect.objectContaining({ population: 40, sampleSize: 15, trafficShare: 1 })]);
    }
    const stratified = await call('querySets.previewSample', { dataset: 'aero', source: sample(log, { method: 'stratified', size: 15, seed: 9, strata: { by: 'tier', allocation: 'neyman' } }) });
    expect(new Set(stratified.queries.map((query) => query.text)).size).toBe(15);
    // No judgments for these queries: Neyman falls back to proportional, and says so.
    expect(stratified.allocation).toEqual({ requested: 'neyman', used: 'proportional' });
  });

  it('samples the bundled pins log with every stratum represented', async () => {
    const folder = path.join(root, 'tiny-pins');
    fs.mkdirSync(path.join(folder, 'images'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'images', 'dot.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><circle r="5" fill="red"/></svg>');
    fs.writeFileSync(path.join(folder, 'pins.jsonl'), JSON.stringify({ id: 'dot', title: 'Red dot', tags: ['shape'], board: 'Shapes', image: 'images/dot.svg' }));
    // Named like the bundled demo, so its log is found in datasets/pins/.
    await workbench.datasets.startImport({ format: 'pins', path: folder, name: 'pins' }).finished;
    const pinsSample = (size: number, by: 'tier' | 'segment') =>
      ({ kind: 'sample', log: { kind: 'bundled' }, method: 'stratified', size, seed: 5, strata: { by, allocation: 'proportional' } }) as const;
    const byTier = await call('querySets.previewSample', { dataset: 'pins', source: pinsSample(40, 'tier') });
    expect(byTier.log).toMatchObject({ kind: 'bundled', path: path.resolve('datasets/pins/query-log.tsv') });
    expect(byTier.log.queries).toBeGreaterThan(300);
    expect(byTier.strata.map((stratum) => stratum.key).sort()).toEqual(['head', 'tail', 'torso']);
    for (const stratum of byTier.strata) {
      expect(stratum.population).toBeGreaterThan(0);
      expect(stratum.sampleSize).toBeGreaterThan(0);
    }
    // The log is long-tailed: the head is few queries carrying half the traffic, the tail most of the queries.
    const head = byTier.strata.find((stratum) => stratum.key === 'head')!;
    const tail = byTier.strata.find((stratum) => stratum.key === 'tail')!;
    expect(head.population).toBeLessThan(tail.population / 10);
    const bySegment = await call('querySets.previewSample', { dataset: 'pins', source: pinsSample(60, 'segment') });
    expect(bySegment.strata.length).toBeGreaterThan(10);
    expect(bySegment.strata.every((stratum) => stratum.sampleSize > 0 && stratum.key !== '(no segment)')).toBe(true);
    const created = await call('querySets.create', { dataset: 'pins', name: 'pins sample', source: pinsSample(40, 'tier') });
    expect(created.queryCount).toBe(40);
    await expect(call('querySets.previewSample', { dataset: 'aero', source: { ...pinsSample(5, 'tier') } })).rejects.toMatchObject({ code: 'NOT_FOUND', location: { field: 'log' } });
  });

  it('names the file, line and field of a bad log line, and stores nothing', async () => {
    const before = (await call('querySets.list', { dataset: 'aero' })).length;
    const badCount = writeLog('bad-count.tsv', ['query\tcount\tsegment', 'wing\t4\tA', '', 'lift\tlots\tA']);
    const create = (log: string) => call('querySets.create', { dataset: 'aero', name: 'bad', source: sample(log, { method: 'uniform', size: 1, seed: 1 }) });
    await expect(create(badCount)).rejects.toMatchObject({ code: 'IMPORT_BAD_LINE', location: { file: badCount, line: 4, field: 'count' } });
    await expect(create(badCount)).rejects.toThrow(`${badCount}:4: count: must be a non-negative number, got "lots"`);
    const noCount = writeLog('no-count.jsonl', [JSON.stringify({ query: 'wing', count: 3 }), '', JSON.stringify({ query: 'lift' })]);
    await expect(create(noCount)).rejects.toThrow(`${noCount}:3: count: is missing: every query of a log needs a count`);
    const twice = writeLog('twice.csv', ['query,count', 'Wing Lift,3', 'shock,2', 'wing  lift,1']);
    await expect(create(twice)).rejects.toThrow(`${twice}:4: query: query "wing  lift" already appears on line 2`);
    const badJson = writeLog('bad.jsonl', [JSON.stringify({ query: 'wing', count: 3 }), '{"query": "lift", "count": 2']);
    await expect(create(badJson)).rejects.toMatchObject({ code: 'IMPORT_BAD_LINE', location: { file: badJson, line: 2 } });
    const textLog = writeLog('plain.txt', ['wing', 'lift']);
    await expect(create(textLog)).rejects.toMatchObject({ code: 'INVALID_ARGS', location: { file: textLog, field: 'format' } });
    expect(await call('querySets.list', { dataset: 'aero' })).toHaveLength(before);
  });
});
