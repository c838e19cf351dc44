/**
 * Benchmark of `relwb eval -q -c -M1000 -m all_trec` on a synthetic 10,000-query × 1,000-document run
 * with graded qrels (seeded). Times parse + evaluate + format in process and, end to end, in a child
 * process; reports the median of 3 runs in documents per second and writes .bench/eval.json.
 *
 * The child process is the real CLI, `node --import tsx core/cli/main.ts eval ...`.
 * `--keep DIR` writes the qrels and run into DIR and leaves them there, to time trec_eval on the same files.
 *
 *   npx tsx scripts/bench-eval.ts [--queries N] [--docs N] [--runs N] [--keep DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evalCommand } from '../core/cli/commands/eval';
import { createRng } from '../core/eval';
import { cliCaller } from '../core/runtime/caller';

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

async function inProcessSeconds(qrels: string, run: string): Promise<number> {
  let bytes = 0;
  const start = process.hrtime.bigint();
  const code = await evalCommand.run([...evalArgs, qrels, run], {
    dataDir: os.tmpdir(),
    caller: cliCaller(),
    device: 'cpu',
    stdout: (text) => {
      bytes += text.length;
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (code !== 0 || bytes === 0) throw new Error(`eval failed with exit code ${code}`);
  return seconds;
}

const cliMain = path.join(repoRoot, 'core/cli/main.ts');

function childArgs(qrels: string, run: string): string[] {
  return ['--import', 'tsx', cliMain, 'eval', ...evalArgs, qrels, run];
}

function childProcessSeconds(qrels: string, run: string): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, childArgs(qrels, run), { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { queries: { type: 'string' }, docs: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'string' } },
    allowPositionals: true,
    strict: false,
  });
  const queries = Number(values.queries ?? 10_000);
  const docsPerQuery = Number(values.docs ?? 1_000);
  const runs = Number(values.runs ?? 3);
  const dir = typeof values.keep === 'string' ? path.resolve(values.keep) : mkdtempSync(path.join(os.tmpdir(), 'relwb-bench-eval-'));
  mkdirSync(dir, { recursive: true });
  try {
    const { qrels, run } = generate(dir, queries, docsPerQuery, 20_240_601);
    const documents = queries * docsPerQuery;
    const inProcess: number[] = [];
    const child: number[] = [];
    for (let i = 0; i < runs; i++) {
      inProcess.push(await inProcessSeconds(qrels, run));
      child.push(childProcessSeconds(qrels, run));
    }
    const result = {
      command: `relwb eval ${evalArgs.join(' ')}`,
      queries,
      docsPerQuery,
      documents,
      runs,
      inProcess: { secondsMedian: median(inProcess), docsPerSecond: Math.round(documents / median(inProcess)), seconds: inProcess },
      childProcess: {
        command: `node ${childArgs('QRELS', 'RUN').map((arg) => (arg.startsWith(repoRoot) ? path.relative(repoRoot, arg) : arg)).join(' ')}`,
        secondsMedian: median(child),
        docsPerSecond: Math.round(documents / median(child)),
        seconds: child,
      },
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      date: new Date().toISOString(),
    };
    mkdirSync(path.join(repoRoot, '.bench'), { recursive: true });
    writeFileSync(path.join(repoRoot, '.bench/eval.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
