import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import type { Caller } from '../../core/runtime/caller';
import { localCaller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { AERO_CORPUS as CORPUS, writeBeirFolder } from '../helpers/beir-fixture';


describe('rating tasks', () => {
  let root: string;
  let dataDir: string;
  let workbench: Workbench;
  const lead = localCaller('in-process');
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let taskId: number;
  let querySetId: number;
  const call = <M extends MethodName>(method: M, args: ArgsOf<M>, caller: Caller) =>
    dispatch(workbench.handlers, method, args, caller) as Promise<ResultOf<M>>;

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-rating-'));
    dataDir = path.join(root, 'data');
    workbench = await openWorkbench({ dataDir, device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir'), { corpus: CORPUS, qrels: null }), name: 'aero' }).finished;
    const token = async (name: string) => workbench.raters.resolveToken((await call('raters.create', { name }, lead)).token)!;
    [alice, bob, carol] = [await token('alice'), await token('bob'), await token('carol')];
    querySetId = (await call('querySets.create', { dataset: 'aero', name: 'two', source: { kind: 'list', lines: ['w1\twing lift', 'f1\tprotein folding'] } }, lead)).id;
    const task = await call(
      'tasks.create',
      { name: 'first', dataset: 'aero', querySet: querySetId, variants: ['bm25', 'dense-glove'], depth: 2, overlap: 2, seed: 7, gold: [{ queryId: 'f1', docId: 's1', grade: 1 }] },
      lead,
    );
    taskId = task.id;
  });

  afterAll(async () => {
    await workbench?.close();
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('pools the union of every variant\'s top k per query, de-duplicated, plus the gold pair', async () => {
    const pairs = workbench.ctx.store.ratingTasks.pairs(taskId);
    const keys = pairs.map((pair) => `${pair.queryId}/${pair.docId}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const variant of ['bm25', 'dense-glove']) {
      for (const [queryId, text] of [['w1', 'wing lift'], ['f1', 'protein folding']] as const) {
        const { ranked } = await workbench.search.rank({ dataset: 'aero', text, k: 2, variant });
        for (const result of ranked) expect(keys).toContain(`${queryId}/${result.doc.id}`);
      }
    }
    expect(pairs.find((pair) => pair.docId === 's1')?.goldGrade).toBe(1);
    expect(pairs.filter((pair) => pair.goldGrade === null).every((pair) => pair.features !== null)).toBe(true);
  });

  it('gives each rater every pair once, in an order of their own, and hides variants and ranks in a blind task', async () => {
    const aliceQueue = await call('tasks.queue', { task: taskId }, alice);
    const bobQueue = await call('tasks.queue', { task: taskId }, bob);
    const pairCount = workbench.ctx.store.ratingTasks.pairs(taskId).length;
    expect(aliceQueue.entries).toHaveLength(pairCount);
    expect(new Set(aliceQueue.entries.map((entry) => entry.pairIndex)).size).toBe(pairCount);
    expect(aliceQueue.resumeAt).toBe(0);
    expect(aliceQueue.entries.map((entry) => entry.pairIndex)).not.toEqual(bobQueue.entries.map((entry) => entry.pairIndex));
    expect((await call('tasks.queue', { task: taskId }, alice)).entries).toEqual(aliceQueue.entries);
    const [item] = await call('tasks.items', { task: taskId, pairs: [aliceQueue.entries[0].pairIndex] }, alice);
    expect(item.sources).toBeNull();
    expect(item.document.title.length).toBeGreaterThan(0);
    expect(['wing lift', 'protein folding']).toContain(item.query);
  });

  it('stores labels with the rater from the token and the logged features; once two raters labelled a pair, a third only gets gold', async () => {
    for (const caller of [alice, bob]) {
      const queue = await call('tasks.queue', { task: taskId }, caller);
      for (const entry of queue.entries) await call('tasks.label', { task: taskId, pairIndex: entry.pairIndex, grade: entry.queryId === 'w1' ? 5 : 2 }, caller);
      expect((await call('tasks.queue', { task: taskId }, caller)).resumeAt).toBe(queue.entries.length);
    }
    const judgments = workbench.ctx.store.judgments.forTask(taskId);
    const pairCount = workbench.ctx.store.ratingTasks.pairs(taskId).length;
    expect(judgments).toHaveLength(2 * pairCount);
    const raterIds = new Set(judgments.map((judgment) => judgment.raterId));
    expect(raterIds).toEqual(new Set([alice.raterId, bob.raterId]));
    expect(judgments.find((judgment) => judgment.docId !== 's1')?.features?.length).toBeGreaterThan(0);
    const carolQueue = await call('tasks.queue', { task: taskId }, carol);
    expect(carolQueue.entries.map((entry) => entry.queryId)).toEqual(['f1']);
  });

  it('rejects a grade off the scale, a pair outside the queue, and a rater calling lead methods, changing nothing', async () => {
    const before = workbench.ctx.store.judgments.forTask(taskId).length;
    const [entry] = (await call('tasks.queue', { task: taskId }, carol)).entries;
    await expect(call('tasks.label', { task: taskId, pairIndex: entry.pairIndex, grade: 9 }, carol)).rejects.toMatchObject({ code: 'INVALID_ARGS' });
    const notCarols = workbench.ctx.store.ratingTasks.pairs(taskId).find((pair) => pair.goldGrade === null)!;
    await expect(call('tasks.label', { task: taskId, pairIndex: notCarols.pairIndex, grade: 3 }, carol)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('tasks.create', { name: 'x', dataset: 'aero', querySet: querySetId, variants: ['bm25'] }, carol)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(workbench.ctx.store.judgments.forTask(taskId)).toHaveLength(before);
    expect(workbench.raters.resolveToken('not-a-token')).toBeNull();
    expect(await call('raters.me', {}, carol)).toMatchObject({ name: 'carol', role: 'rater' });
    expect(await call('raters.me', {}, lead)).toMatchObject({ name: 'local', role: 'lead' });
    expect((await call('raters.list', {}, lead)).map((rater) => rater.name)).not.toContain('local');
  });

  it('lets a rater take a label back, and keeps a used query set from being deleted', async () => {
    const queue = await call('tasks.queue', { task: taskId }, alice);
    const last = queue.entries[queue.entries.length - 1];
    expect(await call('tasks.unlabel', { task: taskId, pairIndex: last.pairIndex }, alice)).toEqual({ removed: true });
    expect((await call('tasks.queue', { task: taskId }, alice)).resumeAt).toBe(queue.entries.length - 1);
    await expect(call('querySets.delete', { id: querySetId }, lead)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await call('querySets.list', { dataset: 'aero' }, lead))[0]).toMatchObject({ locked: true, queryCount: 2 });
  });

  it('takes a custom scale, and refuses one whose key the rating screen needs or a scale it does not know', async () => {
    const levels = [
      { value: 1, label: 'Good', key: 'g', color: '#00aa00' },
      { value: 0, label: 'Bad', key: 'b', color: '#aa0000' },
    ];
    const binary = await call('tasks.create', { name: 'custom', dataset: 'aero', querySet: querySetId, variants: ['bm25'], depth: 1, reuse: false, scale: { id: 'good-bad', name: 'Good or bad', levels: levels.map((level) => ({ ...level, key: level.key === 'g' ? 'y' : 'x' })) } }, lead);
    expect(binary.spec.scale.levels.map((level) => level.value)).toEqual([1, 0]);
    await expect(
      call('tasks.create', { name: 'reserved', dataset: 'aero', querySet: querySetId, variants: ['bm25'], scale: { id: 'gb', name: 'GB', levels } }, lead),
    ).rejects.toMatchObject({ code: 'INVALID_ARGS', location: { field: 'levels.0.key' } });
    // One scale id must mean one set of levels, or reused judgments would mix scales.
    const threeLevels = [...levels.map((level) => ({ ...level, key: level.key === 'g' ? 'y' : 'x' })), { value: 2, label: 'Great', key: 'z', color: '#0000aa' }];
    for (const id of ['good-bad', 'binary']) {
      await expect(
        call('tasks.create', { name: `clash-${id}`, dataset: 'aero', querySet: querySetId, variants: ['bm25'], scale: { id, name: 'Clash', levels: threeLevels } }, lead),
      ).rejects.toMatchObject({ code: 'INVALID_ARGS', location: { field: 'scale.id' } });
    }
    await expect(call('tasks.create', { name: 'unknown', dataset: 'aero', querySet: querySetId, variants: ['bm25'], scale: 'nope' }, lead)).rejects.toMatchObject({
      code: 'INVALID_ARGS',
      location: { field: 'scale' },
    });
  });

  it('reuses pairs already judged on the same scale in a new task', async () => {
    const second = await call('tasks.create', { name: 'second', dataset: 'aero', querySet: querySetId, variants: ['bm25'], depth: 2, seed: 1 }, lead);
    expect(second.pairCount).toBe(0);
    expect(second.spec.reusedPairs).toBeGreaterThan(0);
    const fresh = await call('tasks.create', { name: 'third', dataset: 'aero', querySet: querySetId, variants: ['bm25'], depth: 2, reuse: false }, lead);
    expect(fresh.pairCount).toBeGreaterThan(0);
  });

  it('keeps every acknowledged label across a restart, and the rater resumes where they stopped', async () => {
    const before = await call('tasks.queue', { task: taskId }, bob);
    const count = workbench.ctx.store.judgments.forTask(taskId).length;
    await workbench.close();
    workbench = await openWorkbench({ dataDir, device: 'cpu' });
    expect(workbench.ctx.store.judgments.forTask(taskId)).toHaveLength(count);
    expect(await call('tasks.queue', { task: taskId }, bob)).toEqual(before);
  });
});
