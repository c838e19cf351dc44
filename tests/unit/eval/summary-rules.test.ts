import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../../core/cli/commands/eval';
import { MIN_GEO_MEAN, formatFixed } from '../../../core/eval';
import { parseTrecEvalOutput, repoRoot, runCommand } from './harness';

// The expected files are real trec_eval 10.0 output, generated once (commands in summary-rules/README.md).
const dir = path.join(repoRoot, 'tests/unit/eval/summary-rules');
const qrels = path.join(dir, 'qrels.txt');
const run = path.join(dir, 'run.txt');
const runAllJudged = path.join(dir, 'run-all-judged.txt');

const trecEvalOutputs: { file: string; args: string[]; run: string }[] = [
  { file: 'all-judged.q.all_trec.txt', args: ['-q', '-m', 'all_trec'], run: runAllJudged },
  { file: 'all-judged.q.l3.all_trec.txt', args: ['-q', '-l', '3', '-m', 'all_trec'], run: runAllJudged },
  { file: 'c.q.all_trec.txt', args: ['-q', '-c', '-m', 'all_trec'], run },
  { file: 'c.q.l3.all_trec.txt', args: ['-q', '-c', '-l', '3', '-m', 'all_trec'], run },
  { file: 'c.q.l0.all_trec.txt', args: ['-q', '-c', '-l', '0', '-m', 'all_trec'], run },
  { file: 'c.q.l-1.all_trec.txt', args: ['-q', '-c', '-l-1', '-m', 'all_trec'], run },
  { file: 'c.q.M2.all_trec.txt', args: ['-q', '-c', '-M', '2', '-m', 'all_trec'], run },
  {
    file: 'c.q.parameterized.txt',
    args: ['-q', '-c', '-m', 'relstring.5', '-m', 'utility.1,-1,0,0', '-m', 'rbp_resid.p=0.8', '-m', 'unj.3', '-m', 'num_ret'],
    run,
  },
];

function expectedOutput(file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

async function evaluate(args: string[], runFile = run): Promise<string> {
  const { code, stdout, stderr } = await runCommand(evalCommand, [...args, qrels, runFile]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

interface Evaluated {
  summary: Record<string, number | string>;
  perQuery: Record<string, Record<string, number | string>>;
}

async function evaluateJson(args: string[], runFile = run): Promise<Evaluated> {
  return JSON.parse(await evaluate(['--json', '-q', ...args], runFile)) as Evaluated;
}

const perQueryNumbers = (evaluated: Evaluated, name: string) => Object.values(evaluated.perQuery).map((values) => values[name] as number);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** The `all` line of `name` in a trec_eval output file. */
function expectedSummary(file: string, name: string): string | undefined {
  return parseTrecEvalOutput(expectedOutput(file)).get(`${name} all`);
}

describe('trec_eval summary lines', () => {
  it.each(trecEvalOutputs)('reproduces trec_eval output $file byte for byte', async ({ file, args, run: runFile }) => {
    expect(await evaluate(args, runFile)).toBe(expectedOutput(file));
  });

  // te_calc_avg_meas_s and te_calc_avg_meas_a_cut: the sum over evaluated queries ÷ their number (-c: every judged query).
  it('mean: single values and cutoff arrays average over the evaluated queries', async () => {
    const evaluated = await evaluateJson(['-c', '-m', 'map', '-m', 'P.5,10', '-m', 'utility']);
    expect(Object.keys(evaluated.perQuery)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    for (const name of ['map', 'P_5', 'P_10', 'utility']) {
      expect(evaluated.summary[name]).toBe(sum(perQueryNumbers(evaluated, name)) / 5);
      expect(formatFixed(evaluated.summary[name] as number, 4)).toBe(expectedSummary('c.q.all_trec.txt', name));
    }
  });

  // te_calc_avg_meas_empty after te_acc_meas_s: the accumulated sum is printed as is.
  it('sum: num_ret, num_rel_ret and num_nonrel_judged_ret add up the queries', async () => {
    const evaluated = await evaluateJson(['-c', '-m', 'num_ret', '-m', 'num_rel_ret', '-m', 'num_nonrel_judged_ret']);
    expect(evaluated.summary).toEqual({ num_ret: 12, num_rel_ret: 4, num_nonrel_judged_ret: 3 });
    for (const name of ['num_ret', 'num_rel_ret', 'num_nonrel_judged_ret']) {
      expect(String(evaluated.summary[name])).toBe(expectedSummary('c.q.all_trec.txt', name));
    }
  });

  // te_calc_avg_meas_s_gm: exp of the mean of log(max(value, 0.00001)); q3 (no results, -c) and q4, q5 (AP 0) hit the floor.
  it('geometric: gm_map and gm_bpref floor each query at 0.00001', async () => {
    const evaluated = await evaluateJson(['-c', '-m', 'map', '-m', 'gm_map', '-m', 'bpref', '-m', 'gm_bpref']);
    const geometric = (values: number[]) => Math.exp(sum(values.map((value) => Math.log(Math.max(value, MIN_GEO_MEAN)))) / values.length);
    expect(evaluated.summary.gm_map).toBeCloseTo(geometric(perQueryNumbers(evaluated, 'map')), 15);
    expect(evaluated.summary.gm_bpref).toBeCloseTo(geometric(perQueryNumbers(evaluated, 'bpref')), 15);
    expect(formatFixed(evaluated.summary.gm_map as number, 4)).toBe(expectedSummary('c.q.all_trec.txt', 'gm_map'));
    expect(formatFixed(evaluated.summary.gm_bpref as number, 4)).toBe(expectedSummary('c.q.all_trec.txt', 'gm_bpref'));
  });

  // te_calc_avg_num_q: the evaluated queries, i.e. every judged query with -c (the run-only q9 never counts).
  it('query count: num_q counts judged queries, with -c also those without results', async () => {
    expect((await evaluateJson(['-c', '-m', 'num_q'])).summary.num_q).toBe(5);
    expect((await evaluateJson(['-m', 'num_q'])).summary.num_q).toBe(4);
    expect(expectedSummary('c.q.all_trec.txt', 'num_q')).toBe('5');
  });

  // te_calc_avg_num_rel: the sum of the per-query values, except with -c, where it recounts the qrels:
  // every judgment with a value > 0 (9 here), whatever -l says.
  it('num_rel: sum per query, or with -c every qrels line with a value > 0 whatever -l', async () => {
    const atLevel3 = await evaluateJson(['-l', '3', '-m', 'num_rel'], runAllJudged);
    expect(perQueryNumbers(atLevel3, 'num_rel')).toEqual([1, 1, 0, 0, 0]);
    expect(atLevel3.summary.num_rel).toBe(2);
    expect(expectedSummary('all-judged.q.l3.all_trec.txt', 'num_rel')).toBe('2');
    for (const [level, file] of [['3', 'c.q.l3.all_trec.txt'], ['0', 'c.q.l0.all_trec.txt'], ['1', 'c.q.all_trec.txt']] as const) {
      const complete = await evaluateJson(['-c', '-l', level, '-m', 'num_rel']);
      expect(complete.summary.num_rel).toBe(9);
      expect(expectedSummary(file, 'num_rel')).toBe('9');
    }
    // Per-query values still follow -l: at level 0 the judged non-relevant documents count (15 − 1 negative).
    expect(sum(perQueryNumbers(await evaluateJson(['-c', '-l', '0', '-m', 'num_rel']), 'num_rel'))).toBe(14);
  });

  // te_print_runid: the tag of the run file's last line, printed on the summary line only.
  it('runid: the last run line tag, summary only', async () => {
    const output = await evaluate(['-q', '-c', '-m', 'runid']);
    expect(output).toBe('runid                 \tall\tlastTag\n');
    expect(expectedSummary('c.q.all_trec.txt', 'runid')).toBe('lastTag');
  });

  // relstring: te_acc_meas_empty / te_calc_avg_meas_empty and a print function that prints nothing.
  it('relstring: per query only, no summary line', async () => {
    const output = await evaluate(['-q', '-c', '-m', 'relstring']);
    expect(output.split('\n').filter((line) => line.startsWith('relstring'))).toHaveLength(5);
    expect(output).not.toContain('\tall\t');
    expect(expectedSummary('c.q.all_trec.txt', 'relstring')).toBeUndefined();
  });

  // trec_eval zeroes num_ret, utility, relstring and rbp_resid of a query without results by exact printed
  // name (so not with parameters) and unj_* by prefix; the means then differ.
  it('missing query under -c: values reset by printed name, which changes the means', async () => {
    const plain = parseTrecEvalOutput(await evaluate(['-q', '-c', '-m', 'utility', '-m', 'rbp_resid', '-m', 'relstring', '-m', 'unj.3']));
    expect([plain.get('utility q3'), plain.get('rbp_resid q3'), plain.get('relstring q3'), plain.get('unj_3 q3')]).toEqual(['0.0000', '0.0000', "''", '0.0000']);
    const parameterized = parseTrecEvalOutput(expectedOutput('c.q.parameterized.txt'));
    expect([parameterized.get('utility_1,-1,0,0 q3'), parameterized.get('rbp_resid_p=0.8 q3'), parameterized.get('relstring_5 q3')]).toEqual([
      '-1.0000',
      '1.0000',
      "'-'",
    ]);
    expect(parameterized.get('utility_1,-1,0,0 all')).toBe('-1.0000');
    expect(plain.get('utility all')).toBe(formatFixed(-4 / 5, 4));
  });

  // printf("%6.4f") of NaN: Rndcg of q5 at -l 0 is 0/0 (relevant documents with gain 0), and so is the mean.
  it('prints NaN like printf %6.4f, padded to six characters', async () => {
    const values = parseTrecEvalOutput(await evaluate(['-q', '-c', '-l', '0', '-m', 'Rndcg']));
    expect(values.get('Rndcg q5')).toBe('  -nan');
    expect(values.get('Rndcg all')).toBe('  -nan');
  });
});
