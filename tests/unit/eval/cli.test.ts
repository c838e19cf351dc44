import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/cli/command';
import { compareCommand } from '../../../core/cli/commands/compare';
import { evalCommand } from '../../../core/cli/commands/eval';
import { goldenDir, runCommand, writeFixtures } from './harness';

const qrels = path.join(goldenDir, 'qrels.trec');
const run = path.join(goldenDir, 'run.trec');

describe('relwb eval', () => {
  it('prints the official measures by default', async () => {
    const { code, stdout } = await runCommand(evalCommand, [qrels, run]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('runid                 \tall\toverlap_v1');
    expect(stdout).toContain('map                   \tall\t0.1842\n');
    expect(stdout).not.toContain('ndcg');
  });

  it('accepts trec_eval spellings: attached values and comma cutoffs', async () => {
    const { stdout } = await runCommand(evalCommand, ['-M1000', '-l1', '-mP.10,5', '-m', 'ndcg_cut.10', qrels, run]);
    expect(stdout).toBe('P_5                   \tall\t0.2071\nP_10                  \tall\t0.1573\nndcg_cut_10           \tall\t0.2392\n');
  });

  it('prints JSON with full precision', async () => {
    const { stdout } = await runCommand(evalCommand, ['--json', '-q', '-m', 'map', '-m', 'relstring', qrels, run]);
    const json = JSON.parse(stdout);
    expect(json.runId).toBe('overlap_v1');
    expect(json.summary.map).toBeCloseTo(0.1842, 4);
    expect(json.perQuery['1'].relstring).toBe('0-21-31--1');
  });

  it('rejects unknown flags and measures with a UsageError', async () => {
    await expect(runCommand(evalCommand, ['--bogus', qrels, run])).rejects.toThrow(UsageError);
    await expect(runCommand(evalCommand, ['-m', 'nonsense', qrels, run])).rejects.toThrow(/unknown measure 'nonsense'/);
    await expect(runCommand(evalCommand, ['-m', 'P.0', qrels, run])).rejects.toThrow(/positive integers/);
    await expect(runCommand(evalCommand, [qrels])).rejects.toThrow(/expected QRELS and RUN/);
  });

  it('reports malformed lines as file:line: field and exits 2', async () => {
    const files = writeFixtures({ 'qrels.txt': 'q1 0 d1 1\nq1 0 d2\n', 'run.txt': 'q1 Q0 d1 1 1.0 tag\nq1 Q0 d2 2 high tag\n', 'good.txt': 'q1 0 d1 1\n' });
    const badQrels = await runCommand(evalCommand, [files['qrels.txt']!, files['run.txt']!]);
    expect(badQrels.code).toBe(2);
    expect(badQrels.stderr).toMatch(/qrels\.txt:2: line: expected 4 fields/);
    const badRun = await runCommand(evalCommand, [files['good.txt']!, files['run.txt']!]);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/run\.txt:2: score: not a number: 'high'/);
    const missing = await runCommand(evalCommand, [files['good.txt']!, '/nonexistent/run']);
    expect(missing.code).toBe(2);
  });
});

describe('relwb compare', () => {
  const other = writeFixtures({
    // Same run with each query's top document moved down to rank 2.
    'swapped.trec': (() => {
      const lines = readFileSync(run, 'utf8').trim().split('\n');
      return `${lines.map((line) => line.replace(/ 999 overlap_v1$/, ' 997.5 other').replace(/ overlap_v1$/, ' other')).join('\n')}\n`;
    })(),
  })['swapped.trec']!;

  it('reports means, deltas, CIs, p-values and power for each measure', async () => {
    const { code, stdout } = await runCommand(compareCommand, ['-m', 'map', '-m', 'P.5', qrels, run, other]);
    expect(code).toBe(0);
    expect(stdout).toContain('queries: 225');
    expect(stdout).toMatch(/map\n {2}A {4}mean 0\.1842\n/);
    expect(stdout).toMatch(/B-A +[-+]0\.\d{4} +\[[-+]0\.\d{4}, [-+]0\.\d{4}\]/);
  });

  it('is reproducible with --seed and Holm-corrects with three runs', async () => {
    const args = ['--json', '--seed', '9', '-m', 'recip_rank', qrels, run, other, run];
    const first = JSON.parse((await runCommand(compareCommand, args)).stdout);
    const second = JSON.parse((await runCommand(compareCommand, args)).stdout);
    expect(first).toEqual(second);
    const pairs = first.measures[0].pairs;
    expect(pairs).toHaveLength(3);
    for (const pair of pairs) expect(pair.tTestPValueHolm).toBeGreaterThanOrEqual(pair.tTest.pValue);
    // Identical runs: zero difference, p = 1, every query tied.
    const identical = pairs.find((pair: { baseline: number; contender: number }) => pair.baseline === 0 && pair.contender === 2);
    expect(identical.delta).toBe(0);
    expect(identical.winTieLoss.ties).toBe(225);
  });
});
