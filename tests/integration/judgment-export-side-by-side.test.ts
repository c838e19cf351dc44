import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../core/api/contract';
import { dispatch } from '../../core/api/dispatch';
import { runCli } from '../../core/cli/main';
import { localCaller, type Caller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { AERO_CORPUS, writeBeirFolder } from '../helpers/beir-fixture';

const QUERIES = ['w1\twing lift', 'f1\tprotein folding', 'n1\taircraft noise', 's1\tshock waves'];

/** A built trec_eval (`cp -r /work/shared/tools/trec_eval /tmp/te && make -C /tmp/te`, or TREC_EVAL=path). */
const TREC_EVAL = [process.env.TREC_EVAL, '/tmp/te/trec_eval'].find((candidate): candidate is string => Boolean(candidate) && fs.existsSync(candidate!));
if (!TREC_EVAL) console.warn('!!! trec_eval not built: the `trec_eval -R prefs` check of the side-by-side export is SKIPPED (build it into /tmp/te or set TREC_EVAL) !!!');

/** Side-by-side answers out as document preferences: derived from the stored answers and lists, in prefs and pairs. */
describe('exporting side-by-side preferences', () => {
  let root: string;
  let workbench: Workbench;
  let alice: Caller;
  let bob: Caller;
  let comparison: ResultOf<'comparisons.create'>;
  let other: ResultOf<'comparisons.create'>;
  const lead = localCaller('in-process');
  const call = <M extends MethodName>(method: M, args: ArgsOf<M>, caller: Caller) => dispatch(workbench.handlers, method, args, caller) as Promise<ResultOf<M>>;
  const exported = async (args: Omit<ArgsOf<'judgments.export'>, 'dataset' | 'out'>, name: string) => {
    const out = path.join(root, 'out', name);
    const report = await call('judgments.export', { dataset: 'aero', out, ...args }, lead);
    return { report, out, text: fs.readFileSync(out, 'utf8') };
  };
  /** What the stored lists say an answer implies: A-only over B-only (turned for B), nothing for 0. */
  const expectedPairs = (id: number, rater: string, answers: Record<string, number>) =>
    workbench.ctx.store.comparisons.queries(id).flatMap((row) => {
      const preference = answers[row.queryId] ?? 0;
      if (preference === 0) return [];
      const [winner, loser] = preference > 0 ? [row.listA, row.listB] : [row.listB, row.listA];
      return winner.filter((doc) => !loser.includes(doc)).flatMap((doc) => loser.filter((x) => !winner.includes(x)).map((x) => `${row.queryId} ${rater} ${id} ${Math.abs(preference)} ${doc}>${x}`));
    });
  // In A/B terms; turned into the screen choice each rater saw (blind comparisons swap sides per query).
  const prefer = async (id: number, answers: Record<string, number>, caller: Caller) => {
    for (const row of workbench.ctx.store.comparisons.queries(id)) {
      if (!(row.queryId in answers)) continue;
      const left = row.leftSide === 'A' ? answers[row.queryId]! : -answers[row.queryId]!;
      const choice = (['right-much-better', 'right-better', 'same', 'left-better', 'left-much-better'] as const)[left + 2]!;
      await call('comparisons.prefer', { comparison: id, queryId: row.queryId, choice }, caller);
    }
  };
  const aliceAnswers = { w1: 2, f1: -1, n1: 0 };
  const bobAnswers = { w1: -1, s1: 1 };

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-export-sbs-'));
    workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: writeBeirFolder(path.join(root, 'beir'), { corpus: AERO_CORPUS, qrels: null }), name: 'aero' }).finished;
    const token = async (name: string) => workbench.raters.resolveToken((await call('raters.create', { name }, lead)).token)!;
    [alice, bob] = [await token('alice'), await token('bob')];
    const querySet = (await call('querySets.create', { dataset: 'aero', name: 'four', source: { kind: 'list', lines: QUERIES } }, lead)).id;
    // Side A: a run that ranks other documents than BM25 does, so both sides show documents the other does not.
    const runFile = path.join(root, 'contrary.run');
    const contrary: Record<string, string[]> = { w1: ['p2', 'a1', 's1'], f1: ['a1', 'p1', 'a3'], n1: ['p1', 'a3', 's1'], s1: ['a1', 'p1', 'p2'] };
    fs.writeFileSync(runFile, Object.entries(contrary).flatMap(([queryId, docs]) => docs.map((doc, rank) => `${queryId} Q0 ${doc} ${rank + 1} ${10 - rank} contrary`)).join('\n') + '\n');
    const run = await call('runs.import', { dataset: 'aero', path: runFile, name: 'contrary' }, lead);
    const sides = { a: { kind: 'run', run: run.id }, b: { kind: 'variant', variant: 'bm25' } } as const;
    comparison = await call('comparisons.create', { name: 'bm25 vs dense', dataset: 'aero', querySet, ...sides, depth: 3, seed: 42 }, lead);
    other = await call('comparisons.create', { name: 'again', dataset: 'aero', querySet, ...sides, depth: 2, seed: 9, blind: false }, lead);
    await prefer(comparison.id, aliceAnswers, alice);
    await prefer(comparison.id, bobAnswers, bob);
    await prefer(other.id, { w1: -1 }, alice);
    // Some answer must imply something, or the test proves nothing.
    expect(expectedPairs(comparison.id, 'alice', aliceAnswers).length).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => {
    await workbench?.close();
    await fsp.rm(root, { recursive: true, force: true });
  });

  it('writes each document only in the preferred side over each only in the other as side-by-side pairs, with rater, comparison and strength', async () => {
    const { report, text } = await exported({ format: 'pairs' }, 'all.pairs.jsonl');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line));
    const sbs = lines.filter((line) => line.origin === 'side-by-side').map((line) => `${line.query} ${line.rater} ${line.comparison} ${line.strength} ${line.preferred}>${line.other}`);
    const expected = [...expectedPairs(comparison.id, 'alice', aliceAnswers), ...expectedPairs(comparison.id, 'bob', bobAnswers), ...expectedPairs(other.id, 'alice', { w1: -1 })];
    expect(sbs.sort()).toEqual(expected.sort());
    expect(report.preferences).toBe(expected.length);
    // "about the same" (alice, n1) gives nothing.
    expect(sbs.some((line) => line.startsWith('n1 alice'))).toBe(false);
  });

  it('takes one comparison with `comparison`, filters by rater, and leaves preferences out with sideBySide: false', async () => {
    const one = await exported({ format: 'pairs', comparison: other.id }, 'other.pairs.jsonl');
    const lines = one.text.trim().split('\n').map((line) => JSON.parse(line)).filter((line) => line.origin === 'side-by-side');
    expect(lines.map((line) => `${line.query} ${line.rater} ${line.comparison} ${line.strength} ${line.preferred}>${line.other}`).sort()).toEqual(expectedPairs(other.id, 'alice', { w1: -1 }).sort());
    const bobOnly = await exported({ format: 'pairs', rater: 'bob' }, 'bob.pairs.jsonl');
    expect(bobOnly.text.trim().split('\n').map((line) => JSON.parse(line)).filter((line) => line.origin === 'side-by-side').every((line) => line.rater === 'bob')).toBe(true);
    expect(bobOnly.report.preferences).toBe(expectedPairs(comparison.id, 'bob', bobAnswers).length);
    const none = await call('judgments.exportPreview', { dataset: 'aero', format: 'pairs', sideBySide: false }, lead);
    expect(none.preferences).toBe(0);
    await expect(call('judgments.exportPreview', { dataset: 'aero', format: 'pairs', comparison: 999 }, lead)).rejects.toMatchObject({ code: 'NOT_FOUND', location: { field: 'comparison' } });
    // Dates filter answers as they filter judgments.
    expect((await call('judgments.exportPreview', { dataset: 'aero', format: 'prefs', to: '2000-01-01' }, lead)).preferences).toBe(0);
    expect((await call('judgments.exportPreview', { dataset: 'aero', format: 'prefs', from: '2000-01-01' }, lead)).preferences).toBeGreaterThan(0);
    // A comparison and a task that is not its own, or an interleaving comparison, is refused by name.
    await expect(call('judgments.exportPreview', { dataset: 'aero', format: 'pairs', comparison: comparison.id, task: other.taskId! }, lead)).rejects.toMatchObject({
      code: 'INVALID_ARGS',
      location: { field: 'comparison' },
    });
    const interleaving = await call(
      'comparisons.create',
      { name: 'tdi', dataset: 'aero', querySet: workbench.ctx.store.comparisons.find(comparison.id)!.querySetId, a: { kind: 'variant', variant: 'bm25' }, b: { kind: 'variant', variant: 'dense-glove' }, depth: 2, mode: 'interleaving', seed: 1 },
      lead,
    );
    await expect(call('judgments.exportPreview', { dataset: 'aero', format: 'pairs', comparison: interleaving.id }, lead)).rejects.toThrow(/interleaving comparison/);
  });

  it('writes one trec_eval judgment group per (rater, comparison, query): 2 for preferred-side documents, 1 for the other side', async () => {
    const { text } = await exported({ format: 'prefs' }, 'all.prefs');
    const lines = text.trim().split('\n').map((line) => line.split(' '));
    const sbs = lines.filter((fields) => fields[2] === 'sbs');
    for (const row of workbench.ctx.store.comparisons.queries(comparison.id)) {
      const group = sbs.filter((fields) => fields[0] === row.queryId && fields[1] === `alice.cmp${comparison.id}`);
      const preference = aliceAnswers[row.queryId as keyof typeof aliceAnswers] ?? 0;
      if (preference === 0) {
        expect(group).toEqual([]);
        continue;
      }
      const [winner, loser] = preference > 0 ? [row.listA, row.listB] : [row.listB, row.listA];
      expect(group.filter((fields) => fields[4] === '2').map((fields) => fields[3]).sort()).toEqual(winner.filter((doc) => !loser.includes(doc)).sort());
      expect(group.filter((fields) => fields[4] === '1').map((fields) => fields[3]).sort()).toEqual(loser.filter((doc) => !winner.includes(doc)).sort());
    }
    expect(new Set(sbs.map((fields) => fields[1]))).toEqual(new Set([`alice.cmp${comparison.id}`, `bob.cmp${comparison.id}`, `alice.cmp${other.id}`]));
  });

  it.skipIf(!TREC_EVAL)('is read by `trec_eval -R prefs`, which counts the preferences a run fulfils', async () => {
    const { out } = await exported({ format: 'prefs', sideBySide: true, comparison: comparison.id }, 'one.prefs');
    // A run that ranks side A's lists: every alice w1 preference (A much better) is fulfilled.
    const run = path.join(root, 'out', 'a.run');
    const rows = workbench.ctx.store.comparisons.queries(comparison.id);
    fs.writeFileSync(run, rows.flatMap((row) => [...row.listA, ...row.listB.filter((doc) => !row.listA.includes(doc))].map((doc, rank) => `${row.queryId} Q0 ${doc} ${rank + 1} ${100 - rank} a`)).join('\n') + '\n');
    const output = execFileSync(TREC_EVAL!, ['-R', 'prefs', '-q', '-m', 'prefs_num_prefs_poss', '-m', 'prefs_num_prefs_ful', out, run], { encoding: 'utf8' });
    const value = (measure: string, query: string) => Number(new RegExp(`^${measure}\\s+${query}\\s+(\\S+)$`, 'm').exec(output)?.[1]);
    const w1 = rows.find((row) => row.queryId === 'w1')!;
    const aOnly = w1.listA.filter((doc) => !w1.listB.includes(doc)).length;
    const bOnly = w1.listB.filter((doc) => !w1.listA.includes(doc)).length;
    // w1: alice's A-over-B group and bob's B-over-A group; side A's run fulfils alice's and none of bob's.
    expect(value('prefs_num_prefs_poss', 'w1')).toBe(2 * aOnly * bOnly);
    expect(value('prefs_num_prefs_ful', 'w1')).toBe(aOnly * bOnly);
  });

  it.skipIf(!TREC_EVAL)('keeps answers to different comparisons in separate judgment groups, which trec_eval needs when they contradict', async () => {
    // alice prefers A for w1 in one comparison and B in the other: in one judgment group trec_eval aborts ("Pref inconsistency").
    const forward = new Set(expectedPairs(comparison.id, 'alice', aliceAnswers).filter((line) => line.startsWith('w1 ')).map((line) => line.split(' ')[4]));
    const backward = expectedPairs(other.id, 'alice', { w1: -1 }).map((line) => line.split(' ')[4]!.split('>').reverse().join('>'));
    expect(backward.some((pair) => forward.has(pair))).toBe(true);
    const { out } = await exported({ format: 'prefs' }, 'contradicting.prefs');
    const run = path.join(root, 'out', 'b.run');
    fs.writeFileSync(run, workbench.ctx.store.comparisons.queries(comparison.id).flatMap((row) => row.listB.map((doc, rank) => `${row.queryId} Q0 ${doc} ${rank + 1} ${100 - rank} b`)).join('\n') + '\n');
    const output = execFileSync(TREC_EVAL!, ['-R', 'prefs', '-m', 'prefs_num_prefs_poss', out, run], { encoding: 'utf8' });
    expect(Number(/^prefs_num_prefs_poss\s+all\s+(\S+)$/m.exec(output)?.[1])).toBeGreaterThan(0);
  });

  it('exports one comparison from the CLI with --comparison, and none with --no-side-by-side', async () => {
    const expected = expectedPairs(other.id, 'alice', { w1: -1 });
    await workbench.close();
    const data = ['--data-dir', path.join(root, 'data')];
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stdout += text) };
    const out = path.join(root, 'out', 'cli.pairs.jsonl');
    expect(await runCli([...data, 'export', 'aero', '--format', 'pairs', '--comparison', String(other.id), '--out', out], io)).toBe(0);
    expect(stdout).toContain(`side-by-side: ${expected.length} document preferences`);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n').filter((line) => JSON.parse(line).origin === 'side-by-side')).toHaveLength(expected.length);
    // Nobody graded the comparison's task: without its preferences there is nothing to export.
    stdout = '';
    const without = path.join(root, 'out', 'cli-none.pairs.jsonl');
    expect(await runCli([...data, 'export', 'aero', '--format', 'pairs', '--comparison', String(other.id), '--no-side-by-side', '--out', without], io)).toBe(2);
    expect(stdout).toContain('no judgments match');
    expect(fs.existsSync(without)).toBe(false);
  });
});
