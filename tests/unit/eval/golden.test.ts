import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../../core/cli/commands/eval';
import { MEASURE_NICKNAMES } from '../../../core/eval';
import { goldenDir, runCommand } from './harness';

// trec_eval 10.0 output on the Cranfield fixture (see ../shared/datasets/cranfield/golden/README.md).
const qrels = path.join(goldenDir, 'qrels.trec');
const run = path.join(goldenDir, 'run.trec');

/** all_trec measures of trec_eval 10.0 that relwb does not implement (none at present). */
const NOT_IMPLEMENTED: readonly string[] = [];

function measureName(line: string): string {
  return line.split('\t')[0]!.trim();
}

/** Root name of an output column: P_5 → P, iprec_at_recall_0.10 → iprec_at_recall. */
function rootName(column: string): string {
  return column.replace(/_(\d+(\.\d+)?)$/, '');
}

describe('golden: trec_eval 10.0 on Cranfield', () => {
  it('reproduces every line of -q -c -M1000 -m all_trec', async () => {
    const expected = readFileSync(path.join(goldenDir, 'trec_eval.all_trec.txt'), 'utf8');
    const { code, stdout } = await runCommand(evalCommand, ['-q', '-c', '-M1000', '-m', 'all_trec', qrels, run]);
    expect(code).toBe(0);
    const expectedLines = expected.split('\n').filter((line) => !NOT_IMPLEMENTED.includes(rootName(measureName(line))));
    const actualLines = stdout.split('\n');
    expect(actualLines.length).toBe(expectedLines.length);
    const mismatches = expectedLines.flatMap((line, i) => (line === actualLines[i] ? [] : [{ line: i + 1, expected: line, actual: actualLines[i] }]));
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('implements every measure trec_eval lists under all_trec', () => {
    const expected = readFileSync(path.join(goldenDir, 'trec_eval.all_trec.txt'), 'utf8');
    const roots = new Set(expected.split('\n').filter(Boolean).map((line) => rootName(measureName(line))));
    const implemented = new Set(MEASURE_NICKNAMES.all_trec);
    expect([...roots].filter((root) => !implemented.has(root) && !NOT_IMPLEMENTED.includes(root))).toEqual([]);
    expect([...implemented].filter((name) => !roots.has(name))).toEqual([]);
  });

  it('reproduces every line of the core measure file (explicit -m lists and cutoffs)', async () => {
    const expected = readFileSync(path.join(goldenDir, 'trec_eval.core.txt'), 'utf8');
    const args = ['-q', '-c', '-M', '1000', '-m', 'ndcg_cut.5,10,20', '-m', 'P.5,10', '-m', 'recip_rank', '-m', 'map', '-m', 'recall.100', '-m', 'bpref'];
    const { code, stdout } = await runCommand(evalCommand, [...args, qrels, run]);
    expect(code).toBe(0);
    expect(stdout).toBe(expected);
  });
});
