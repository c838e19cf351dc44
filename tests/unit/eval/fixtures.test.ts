import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../../core/cli/commands/eval';
import { formatFixed } from '../../../core/eval';
import { parseTrecEvalOutput, runCommand, writeFixtures } from './harness';

/*
 * Small collection whose values are worked out by hand from trec_eval 10.0's rules:
 * - q1: d2 and d1 tie on score 5; trec_eval ignores the rank column and breaks ties by docno
 *   descending (strcmp), so d2 ranks 1st and d1 2nd. d9 is not in the qrels (non-pooled), d5 has a
 *   negative qrel (pooled but unjudged), d3 is judged non-relevant (0).
 *   Ranked relevance: [1, 2, -, 0, ., 1]; judged levels: 0 → 1 doc, 1 → 2 docs, 2 → 1 doc.
 * - q2: x2 (not judged) then x1 (relevant).
 * - q3: judged, absent from the run (only counted with -c).
 * - q4: three docs tied at score 1: strcmp descending puts "9" before "100" before "10".
 * - q9: in the run only, ignored.
 */
const QRELS = `q1 0 d1 2
q1 0 d2 1
q1 0 d3 0
q1 0 d4 1
q1 0 d5 -1
q2 0 x1 1
q3 0 y1 1
q4 0 10 1
q4 0 nr 0
`;
const RUN = `q1 Q0 d1 1 5.0 tag
q1 Q0 d2 2 5 tag
q1 Q0 d9 3 4.0 tag
q1 Q0 d3 4 3.0 tag
q1 Q0 d5 5 2.0 tag
q1 Q0 d4 6 1.0 tag
q2 Q0 x2 1 1.0 tag
q2 Q0 x1 2 0.5 tag
q4 Q0 10 1 1 tag
q4 Q0 9 2 1 tag
q4 Q0 100 3 1 tag
q9 Q0 z1 1 1.0 tag
`;

const files = writeFixtures({ 'qrels.txt': QRELS, 'run.txt': RUN });

async function evaluate(args: string[], run = files['run.txt']!, qrels = files['qrels.txt']!): Promise<Map<string, string>> {
  const result = await runCommand(evalCommand, [...args, qrels, run]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return parseTrecEvalOutput(result.stdout);
}

const f4 = (value: number) => formatFixed(value, 4);

describe('eval fixtures: trec_eval semantics', () => {
  it('ranks by score then docno descending, ignoring the rank column', async () => {
    const values = await evaluate(['-q', '-m', 'relstring', '-m', 'recip_rank']);
    expect(values.get('relstring q1')).toBe("'12-0.1'");
    // q4: order 9, 100, 10 → the relevant "10" is third.
    expect(values.get('relstring q4')).toBe("'--1'");
    expect(values.get('recip_rank q4')).toBe(f4(1 / 3));
  });

  it('computes the binary measures at the default relevance level 1', async () => {
    const values = await evaluate(['-q', '-m', 'all_trec']);
    expect(values.get('num_ret q1')).toBe('6');
    expect(values.get('num_rel q1')).toBe('3');
    expect(values.get('num_rel_ret q1')).toBe('3');
    expect(values.get('map q1')).toBe(f4((1 / 1 + 2 / 2 + 3 / 6) / 3));
    expect(values.get('P_5 q1')).toBe(f4(2 / 5));
    expect(values.get('Rprec q1')).toBe(f4(2 / 3));
    // bpref: one judged non-relevant doc (d3) sits above d4 only: (1 + 1 + 0) / 3.
    expect(values.get('bpref q1')).toBe(f4(2 / 3));
    // d9 and d5 are unjudged in the top 5.
    expect(values.get('unj_5 q1')).toBe(f4(2 / 5));
    expect(values.get('num_nonrel_judged_ret q1')).toBe('1');
    const eps = 0.00001;
    const infAP = (1 + (1 / 2 + (1 / 2) * ((1 + eps) / (1 + 2 * eps))) + (1 / 6 + (5 / 6) * (4 / 5) * ((2 + eps) / (3 + 2 * eps)))) / 3;
    expect(values.get('infAP q1')).toBe(f4(infAP));
    expect(values.get('map q2')).toBe(f4(1 / 2));
    // Queries only in the run are ignored, judged queries absent from the run are skipped.
    expect([...values.keys()].some((key) => key.endsWith(' q9') || key.endsWith(' q3'))).toBe(false);
    expect(values.get('num_q all')).toBe('3');
    expect(values.get('runid all')).toBe('tag');
  });

  it('uses the judged value as gain for nDCG (linear) and 2^rel - 1 with --gain exp', async () => {
    const idealLinear = 2 + 1 / Math.log2(3) + 1 / Math.log2(4);
    const linear = await evaluate(['-q', '-m', 'ndcg', '-m', 'ndcg_cut.5']);
    expect(linear.get('ndcg q1')).toBe(f4((1 + 2 / Math.log2(3) + 1 / Math.log2(7)) / idealLinear));
    expect(linear.get('ndcg_cut_5 q1')).toBe(f4((1 + 2 / Math.log2(3)) / idealLinear));
    const exponential = await evaluate(['-q', '-m', 'ndcg', '--gain', 'exp']);
    expect(exponential.get('ndcg q1')).toBe(f4((1 + 3 / Math.log2(3) + 1 / Math.log2(7)) / (3 + 1 / Math.log2(3) + 1 / Math.log2(4))));
    // Exponential gain: level 1 → 1, level 2 → 3; ndcg_cut uses it too.
    const exponentialCut = await evaluate(['-q', '-m', 'ndcg_cut.5', '--gain', 'exp']);
    expect(exponentialCut.get('ndcg_cut_5 q1')).toBe(f4((1 + 3 / Math.log2(3)) / (3 + 1 / Math.log2(3) + 1 / Math.log2(4))));
    expect(exponentialCut.get('ndcg_cut_5 q1')).not.toBe(linear.get('ndcg_cut_5 q1'));
  });

  it('applies -l 2 to every binary measure', async () => {
    const values = await evaluate(['-q', '-l', '2', '-m', 'map', '-m', 'P.5', '-m', 'bpref', '-m', 'num_rel', '-m', 'recip_rank']);
    expect(values.get('num_rel q1')).toBe('1');
    expect(values.get('map q1')).toBe(f4(1 / 2));
    expect(values.get('P_5 q1')).toBe(f4(1 / 5));
    expect(values.get('recip_rank q1')).toBe(f4(1 / 2));
    // d2 (level 1) is now non-relevant and ranks above d1: bpref 1 - 1/min(3, 1) = 0.
    expect(values.get('bpref q1')).toBe(f4(0));
    // q2 has no document at level 2.
    expect(values.get('num_rel q2')).toBe('0');
    expect(values.get('map q2')).toBe(f4(0));
  });

  it('averages over the evaluated queries, or over every judged query with -c', async () => {
    const apQ1 = (1 + 1 + 0.5) / 3;
    const apQ4 = 1 / 3;
    const without = await evaluate(['-q', '-m', 'map', '-m', 'num_q', '-m', 'gm_map']);
    expect(without.get('num_q all')).toBe('3');
    expect(without.get('map all')).toBe(f4((apQ1 + 0.5 + apQ4) / 3));
    const complete = await evaluate(['-q', '-c', '-m', 'map', '-m', 'num_q', '-m', 'gm_map', '-m', 'num_ret', '-m', 'num_rel', '-m', 'relstring', '-m', 'utility']);
    expect(complete.get('num_q all')).toBe('4');
    expect(complete.get('map all')).toBe(f4((apQ1 + 0.5 + apQ4) / 4));
    expect(complete.get('map q3')).toBe(f4(0));
    expect(complete.get('num_ret q3')).toBe('0');
    expect(complete.get('num_rel q3')).toBe('1');
    expect(complete.get('relstring q3')).toBe("''");
    expect(complete.get('utility q3')).toBe(f4(0));
    // gm_map floors the missing query's AP at 0.00001.
    expect(complete.get('gm_map all')).toBe(f4(Math.exp((Math.log(apQ1) + Math.log(0.5) + Math.log(apQ4) + Math.log(0.00001)) / 4)));
  });

  it('keeps only the top -M documents after sorting', async () => {
    const values = await evaluate(['-q', '-M', '1', '-m', 'map', '-m', 'num_ret']);
    expect(values.get('num_ret q1')).toBe('1');
    // The tie-break decides which document survives: d2 (relevant, level 1).
    expect(values.get('map q1')).toBe(f4(1 / 3));
    // q2 keeps only the unjudged x2.
    expect(values.get('map q2')).toBe(f4(0));
  });

  it('treats negative qrels as pooled-but-unjudged: not relevant, not counted as judged', async () => {
    const values = await evaluate(['-q', '-m', 'judged.5,10', '-m', 'num_rel']);
    expect(values.get('judged_5 q1')).toBe(f4(3 / 5));
    expect(values.get('judged_10 q1')).toBe(f4(4 / 10));
    expect(values.get('num_rel q1')).toBe('3');
  });

  it('rejects duplicate documents among the evaluated ones, like trec_eval', async () => {
    const duplicated = writeFixtures({ 'run.txt': `${RUN}q1 Q0 d2 7 0.5 tag\n` })['run.txt']!;
    const failure = await runCommand(evalCommand, [files['qrels.txt']!, duplicated]);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('run.txt:13: docno: duplicate document');
    // Beyond -M the duplicate is never looked at.
    await evaluate(['-M', '6', '-m', 'map'], duplicated);
  });

  it('computes ERR@k from graded judgments', async () => {
    const values = await evaluate(['-q', '-m', 'err_cut.2']);
    // q1: R(level) = (2^level - 1) / 2^2; ranks 1-2 have levels 1 and 2.
    const first = 1 / 4;
    expect(values.get('err_cut_2 q1')).toBe(f4(first + ((1 - first) * (3 / 4)) / 2));
  });

  it('reads gzip input and BEIR qrels TSV', async () => {
    const beir = `query-id\tcorpus-id\tscore\n${QRELS.trim()
      .split('\n')
      .map((line) => line.split(' ').filter((_, i) => i !== 1).join('\t'))
      .join('\n')}\n`;
    const converted = writeFixtures({ 'qrels.tsv': beir, 'run.gz': gzipSync(RUN) });
    const expected = await runCommand(evalCommand, ['-q', '-m', 'all_trec', files['qrels.txt']!, files['run.txt']!]);
    const actual = await runCommand(evalCommand, ['-q', '-m', 'all_trec', converted['qrels.tsv']!, converted['run.gz']!]);
    expect(actual.stdout).toBe(expected.stdout);
  });
});
