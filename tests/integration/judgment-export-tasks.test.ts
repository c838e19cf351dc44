import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import { FEATURE_SET_VERSION } from '../../core/ranking/features';
import { localCaller, type Caller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { AERO_CORPUS, writeBeirFolder } from '../helpers/beir-fixture';

/** A rating task's judgments out: consensus labels, each rater's grades, the logged features, the filters. */
describe('exporting a rating task', () => {
  let root: string;
  let workbench: Workbench;
  let alice: Caller;
  let bob: Caller;
  let taskId: number;
  const lead = localCaller('in-process');
  const call = <M extends MethodName>(method: M, args: ArgsOf<M>, caller: Caller) => dispatch(workbench.handlers, method, args, caller) as Promise<ResultOf<M>>;
  const exported = async (args: Omit<ArgsOf<'judgments.export'>, 'dataset' | 'out'>, name: string) => {
    const out = path.join(root, 'out', name);
    const report = await call('judgments.export', { dataset: 'aero', out, ...args }, lead);
    return { report, text: fs.readFileSync(out, 'utf8') };
  };

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-export-task-'));
    workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir'), { corpus: AERO_CORPUS, qrels: null }), name: 'aero' }).finished;
    const token = async (name: string) => workbench.raters.resolveToken((await call('raters.create', { name }, lead)).token)!;
    [alice, bob] = [await token('alice'), await token('bob')];
    const querySet = (await call('querySets.create', { dataset: 'aero', name: 'two', source: { kind: 'list', lines: ['w1\twing lift', 'f1\tprotein folding'] } }, lead)).id;
    taskId = (await call('tasks.create', { name: 'first', dataset: 'aero', querySet, variants: ['bm25'], depth: 2, overlap: 2, seed: 7, gold: [{ queryId: 'f1', docId: 's1', grade: 1 }] }, lead)).id;
    // alice: w1 pairs 5, f1 pairs 2; bob: w1 pairs 4, skips the first f1 pair and grades the rest 2.
    for (const [caller, w1Grade] of [[alice, 5], [bob, 4]] as const) {
      let skipped = caller === alice;
      for (const entry of (await call('tasks.queue', { task: taskId }, caller)).entries) {
        if (entry.queryId === 'f1' && !skipped) {
          skipped = true;
          await call('tasks.label', { task: taskId, pairIndex: entry.pairIndex, skip: 'needs-expertise' }, caller);
        } else await call('tasks.label', { task: taskId, pairIndex: entry.pairIndex, grade: entry.queryId === 'w1' ? w1Grade : 2 }, caller);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await workbench?.close();
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('writes the task\'s consensus labels as gains in TREC qrels', async () => {
    const { text } = await exported({ format: 'qrels', task: taskId }, 'task.qrels');
    const expected = workbench.agreement
      .consensus(taskId)
      .labels.filter((label) => label.label !== null)
      .map((label) => `${label.queryId} 0 ${label.docId} ${label.label! - 1}`);
    expect(text.trim().split('\n').sort()).toEqual(expected.sort());
    // Median of 5 and 4 is the lower, 4 → gain 3; the gold pair keeps its gold grade 1 → gain 0.
    expect(text).toMatch(/^w1 0 \S+ 3$/m);
    expect(text).toMatch(/^f1 0 s1 0$/m);
  });

  it('lays each rater\'s grades side by side, and exports only a refused caller nothing', async () => {
    const { text } = await exported({ format: 'wide-csv', task: taskId }, 'wide.csv');
    const [header, ...rows] = text.trim().split('\n');
    expect(header).toBe('query,docid,alice,bob');
    expect(rows.filter((row) => row.startsWith('w1,')).every((row) => row.endsWith(',4,3'))).toBe(true);
    await expect(call('judgments.export', { dataset: 'aero', format: 'qrels', out: path.join(root, 'x') }, alice)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('carries full context per judgment in JSONL: rater, features and their version, skip, consensus', async () => {
    const { report, text } = await exported({ format: 'jsonl', task: taskId }, 'task.jsonl');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(report.judgments);
    expect(report.judgments).toBe(workbench.ctx.store.judgments.forTask(taskId).length);
    const skip = lines.find((line) => line.skip !== null);
    expect(skip).toMatchObject({ label: null, skip: 'needs-expertise', rater: { kind: 'rater', name: 'bob' } });
    const graded = lines.find((line) => line.query.id === 'w1' && line.rater.name === 'alice');
    expect(graded).toMatchObject({ label: 5, gain: 4, scale: 'five-level', task: { id: taskId, name: 'first' }, query: { text: 'wing lift' }, consensus: { rule: 'median', label: 4, agreement: 0.5 } });
    expect(graded.features.version).toBe(FEATURE_SET_VERSION);
    expect(graded.features.values).toHaveLength(graded.features.names.length);
    expect(graded.document.title.length).toBeGreaterThan(0);
    expect(graded.shown).toHaveProperty('bm25');
  });

  it('filters by rater, skips, gold and agreement', async () => {
    const all = (await exported({ format: 'jsonl', task: taskId }, 'all.jsonl')).report;
    const onlyAlice = (await exported({ format: 'jsonl', task: taskId, rater: 'alice' }, 'alice.jsonl')).text.trim().split('\n').map((line) => JSON.parse(line));
    expect(onlyAlice.every((line) => line.rater.name === 'alice')).toBe(true);
    expect((await exported({ format: 'jsonl', task: taskId, excludeSkips: true }, 'noskip.jsonl')).report.judgments).toBe(all.judgments - 1);
    const noGold = await exported({ format: 'qrels', task: taskId, excludeGold: true }, 'nogold.qrels');
    expect(noGold.text).not.toMatch(/ s1 /);
    // alice and bob disagree on every w1 pair: full agreement keeps only f1.
    const agreed = await exported({ format: 'qrels', task: taskId, minAgreement: 1 }, 'agreed.qrels');
    expect(agreed.text.trim().split('\n').every((line) => line.startsWith('f1 '))).toBe(true);
  });

  it('writes LETOR with the logged vectors, and leaves out (and counts) the gold pair no variant ranked', async () => {
    const { report, text } = await exported({ format: 'letor', task: taskId }, 'task.letor');
    const lines = text.trim().split('\n');
    // The gold pair (protein folding / shock waves) was never shown, so nothing was logged, and BM25 does not retrieve it.
    expect(report).toMatchObject({ withoutFeatures: 1, computedFeatures: 0 });
    expect(lines).toHaveLength(report.pairs - 1);
    expect(lines.some((line) => line.includes('# s1'))).toBe(false);
    const logged = new Map(workbench.ctx.store.ratingTasks.pairs(taskId).map((pair) => [`${pair.queryId} ${pair.docId}`, pair.features]));
    const qids = JSON.parse(fs.readFileSync(path.join(root, 'out', 'task.letor.features.json'), 'utf8'));
    expect(qids).toMatchObject({ featureVersion: FEATURE_SET_VERSION });
    const queryOf = new Map(qids.queries.map((entry: { qid: number; queryId: string }) => [String(entry.qid), entry.queryId]));
    for (const line of lines) {
      const [, qid, features, docId] = /^\d+ qid:(\d+) (.*) # (\S+)$/.exec(line)!;
      expect(features!.split(' ').map((pair) => Number(pair.split(':')[1]))).toEqual(logged.get(`${queryOf.get(qid!)} ${docId}`));
    }
  });

  it('writes trec_eval preferences, one judgment group per rater', async () => {
    const { text } = await exported({ format: 'prefs', task: taskId }, 'task.prefs');
    const groups = new Set(text.trim().split('\n').map((line) => line.split(' ')[1]));
    expect(groups).toEqual(new Set(['alice', 'bob']));
  });
});
