/**
 * `relwb eval -q -c -M1000 -m all_trec` against the reference trec_eval on the same synthetic files (seeded,
 * graded qrels), at several sizes. Both run as child processes under /usr/bin/time -v, interleaved so machine
 * noise hits both; reports medians of wall time and peak RSS and their ratios, and writes .bench/eval.json.
 *
 * Needs `npm run build` (times the built `bin/relwb.cjs`) and a built trec_eval:
 *   cp -r ../shared/tools/trec_eval /tmp/trec_eval && make -C /tmp/trec_eval
 *
 *   npx tsx scripts/bench-eval.ts [--sizes 200x1000,2000x1000,10000x1000] [--runs 5] [--trec-eval PATH]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '../core/eval';

const repoRoot = path.resolve(__dirname, '..');
const evalArgs = ['-q', '-c', '-M1000', '-m', 'all_trec'];

function generate(dir: string, queries: number, docsPerQuery: number, seed: number): { qrels: string; run: string } {
  const random = createRng(seed);
  const qrelsLines: string[] = [];
  const runLines: string[] = [];
  for (let q = 1; q <= queries; q++) {
    // Judge 60 of the retrieved documents (levels 0-3) and 20 unretrieved ones.
    for (let j = 0; j < 80; j++) {
      const doc = j < 60 ? Math.floor(random() * docsPerQuery) : docsPerQuery + j;
      qrelsLines.push(`${q} 0 D${q}-${doc} ${Math.floor(random() * 4)}`);
    }
    let score = 100;
    for (let d = 0; d < docsPerQuery; d++) {
      // Occasional exact ties exercise the docno tie-break.
      if (random() > 0.05) score -= random() * 0.1;
      runLines.push(`${q} Q0 D${q}-${d} ${d + 1} ${score.toFixed(6)} bench`);
    }
  }
  const qrels = path.join(dir, 'qrels.txt');
  const run = path.join(dir, 'run.txt');
  // Duplicate judgments are possible above; keep the first of each.
  const seen = new Set<string>();
  writeFileSync(qrels, `${qrelsLines.filter((line) => !seen.has(line.split(' ')[2]!) && seen.add(line.split(' ')[2]!)).join('\n')}\n`);
  writeFileSync(run, `${runLines.join('\n')}\n`);
  return { qrels, run };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Measured {
  seconds: number;
  /** User + system CPU time: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakMb: number;
}

/** Wall time and peak resident memory of one command, as GNU time reports them. */
function timed(command: string, args: string[]): Measured {
  const start = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}: ${result.stderr}`);
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(result.stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(result.stderr);
  if (!peak || !user || !system) throw new Error(`no peak memory or CPU time in /usr/bin/time output for ${command}`);
  return { seconds, cpuSeconds: Number(user[1]) + Number(system[1]), peakMb: Number(peak[1]) / 1024 };
}

function summarize(values: Measured[]): { secondsMedian: number; cpuSecondsMedian: number; peakMbMedian: number; seconds: number[] } {
  return {
    secondsMedian: median(values.map((v) => v.seconds)),
    cpuSecondsMedian: median(values.map((v) => v.cpuSeconds)),
    peakMbMedian: median(values.map((v) => v.peakMb)),
    seconds: values.map((v) => v.seconds),
  };
}

function main(): void {
  const { values } = parseArgs({
    options: { sizes: { type: 'string' }, runs: { type: 'string' }, 'trec-eval': { type: 'string' } },
    allowPositionals: true,
    strict: false,
  });
  const sizes = String(values.sizes ?? '200x1000,2000x1000,10000x1000')
    .split(',')
    .map((size) => size.split('x').map(Number) as [number, number]);
  const runs = Number(values.runs ?? 5);
  const trecEval = String(values['trec-eval'] ?? '/tmp/trec_eval/trec_eval');
  const relwb = path.join(repoRoot, 'bin/relwb.cjs');
  if (!existsSync(path.join(repoRoot, 'out/main/relwb.js'))) throw new Error('run `npm run build` first');
  if (!existsSync(trecEval)) throw new Error(`no trec_eval at ${trecEval}`);
  const rows = [];
  for (const [queries, docsPerQuery] of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relwb-bench-eval-'));
    try {
      const { qrels, run } = generate(dir, queries, docsPerQuery, 20_240_601);
      const ours: Measured[] = [];
      const reference: Measured[] = [];
      for (let i = 0; i < runs; i++) {
        ours.push(timed(process.execPath, [relwb, 'eval', ...evalArgs, qrels, run]));
        reference.push(timed(trecEval, [...evalArgs, qrels, run]));
      }
      const a = summarize(ours);
      const b = summarize(reference);
      const row = {
        queries,
        docsPerQuery,
        relwb: a,
        trecEval: b,
        wallRatio: a.secondsMedian / b.secondsMedian,
        cpuRatio: a.cpuSecondsMedian / b.cpuSecondsMedian,
        peakRatio: a.peakMbMedian / b.peakMbMedian,
      };
      console.log(JSON.stringify(row));
      rows.push(row);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const result = {
    command: `node bin/relwb.cjs eval ${evalArgs.join(' ')} vs ${trecEval} ${evalArgs.join(' ')}`,
    runs,
    rows,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    date: new Date().toISOString(),
  };
  mkdirSync(path.join(repoRoot, '.bench'), { recursive: true });
  writeFileSync(path.join(repoRoot, '.bench/eval.json'), `${JSON.stringify(result, null, 2)}\n`);
}

main();
