/**
 * `npm run bench`: import speed (with GloVe encoding and index builds) and query latency per built-in
 * variant at 10k and 100k documents, against the same queries issued as raw LanceDB calls in this
 * process. Writes .bench/retrieval.json and prints a Markdown table for the README.
 *
 * Corpus: SciFact's 5,183 abstracts (../shared/datasets/scifact), scaled up synthetically: copy n of
 * an abstract keeps its title and words but rotates its sentences by n, under the id `<id>-c<n>`.
 * Queries: SciFact's 300 claims, top-100 results each.
 */
import * as lancedb from '@lancedb/lancedb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { documentColumns, SEARCH_COLUMN, vectorColumnName } from '../core/index/document-table';
import { encodeTexts, getModel } from '../core/models';
import { BUILT_IN_VARIANTS } from '../core/ranking/variant-schema';
import { openWorkbench } from '../core/workbench';

const SCIFACT = path.resolve(__dirname, '../../shared/datasets/scifact');
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const K = 100;
const ROUNDS = 3;

interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function writeScaledCorpus(file: string, size: number): void {
  const source = fs
    .readFileSync(path.join(SCIFACT, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { _id: string; title: string; text: string });
  const out = fs.openSync(file, 'w');
  for (let i = 0; i < size; i++) {
    const doc = source[i % source.length];
    const copy = Math.floor(i / source.length);
    const sentences = doc.text.split(/(?<=\.)\s+/);
    const shift = copy % Math.max(1, sentences.length);
    const text = [...sentences.slice(shift), ...sentences.slice(0, shift)].join(' ');
    fs.writeSync(out, `${JSON.stringify({ id: copy === 0 ? doc._id : `${doc._id}-c${copy}`, title: doc.title, text })}\n`);
  }
  fs.closeSync(out);
}

async function main(): Promise<void> {
  const queries = fs
    .readFileSync(path.join(SCIFACT, 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-bench-'));
  const results: Record<string, unknown>[] = [];
  try {
    for (const size of SIZES) {
      const corpus = path.join(root, `corpus-${size}.jsonl`);
      writeScaledCorpus(corpus, size);
      const dataDir = path.join(root, `data-${size}`);
      const workbench = await openWorkbench({ dataDir, device: 'cpu' });
      const importStart = performance.now();
      await workbench.datasets.startImport({ format: 'jsonl', path: corpus, name: 'bench', mapping: { id: 'id', title: 'title', text: 'text' } }).finished;
      const importSeconds = (performance.now() - importStart) / 1000;
      const dataset = workbench.datasets.require('bench');
      console.log(`${size} docs: imported in ${importSeconds.toFixed(1)} s (${Math.round(size / importSeconds)} docs/s), ANN index: ${dataset.annIndex}`);

      // The raw baseline: the same LanceDB calls the variants make, with no app code around them.
      const db = await lancedb.connect(path.join(dataDir, 'lance'));
      const table = await db.openTable(dataset.lanceTable);
      const glove = await getModel('glove-100d', { bundledModelsDir: path.resolve(__dirname, '../models') });
      const column = vectorColumnName('glove-100d');
      // Each retriever reads ids and row ids only; the documents of the top K rows are then taken once.
      const ftsRows = (text: string) => table.search(text, 'fts', SEARCH_COLUMN).withRowId().select(['id', '_score']).limit(K).toArray();
      const vectorRows = async (text: string) => {
        const [vector] = await encodeTexts(glove, [text], { device: 'cpu' });
        return table.vectorSearch(Array.from(vector)).column(column).distanceType('cosine').nprobes(20).refineFactor(2).withRowId().select(['id', '_distance']).limit(K).toArray();
      };
      const takeTop = (...lists: { _rowid: bigint }[][]) => {
        const rowIds = [...new Set(lists.flat().map((row) => row._rowid))].slice(0, K);
        return table.takeRowIds(rowIds).select(documentColumns).toArray();
      };
      const rawHybrid = async (text: string) => takeTop(...(await Promise.all([ftsRows(text), vectorRows(text)])));
      const raw: Record<string, (text: string) => Promise<unknown>> = {
        bm25: async (text) => takeTop(await ftsRows(text)),
        'dense-glove': async (text) => takeTop(await vectorRows(text)),
        'hybrid-rrf': rawHybrid,
        'hybrid-weighted': rawHybrid,
      };

      for (const variant of BUILT_IN_VARIANTS) {
        const app = (text: string) => workbench.search.rank({ dataset: 'bench', text, k: K, variant: variant.name });
        // Warm caches and sessions, then interleave app and raw rounds so machine noise hits both alike.
        for (const text of queries.slice(0, 20)) {
          await app(text);
          await raw[variant.name](text);
        }
        const appSamples: number[] = [];
        const rawSamples: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          for (const text of queries) {
            let started = performance.now();
            await raw[variant.name](text);
            rawSamples.push(performance.now() - started);
            started = performance.now();
            await app(text);
            appSamples.push(performance.now() - started);
          }
        }
        const appLatency = percentiles(appSamples);
        const rawLatency = percentiles(rawSamples);
        const row = {
          docs: size,
          variant: variant.name,
          importDocsPerSecond: Math.round(size / importSeconds),
          annIndex: dataset.annIndex,
          app: appLatency,
          raw: rawLatency,
          overheadP50: appLatency.p50 / rawLatency.p50,
          rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
        };
        results.push(row);
        console.log(
          `  ${variant.name.padEnd(16)} p50 ${appLatency.p50.toFixed(1)} ms  p95 ${appLatency.p95.toFixed(1)}  p99 ${appLatency.p99.toFixed(1)}  raw p50 ${rawLatency.p50.toFixed(1)}  ×${row.overheadP50.toFixed(2)}  rss ${row.rssMb} MB`,
        );
      }
      db.close();
      await workbench.close();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  fs.mkdirSync('.bench', { recursive: true });
  const report = { machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.cpus()[0]?.model}`, node: process.version, k: K, queries: queries.length, rounds: ROUNDS, results };
  fs.writeFileSync('.bench/retrieval.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log('\n| docs | variant | import docs/s | p50 ms | p95 ms | p99 ms | raw LanceDB p50 ms | app / raw | RSS MB |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of results as { docs: number; variant: string; importDocsPerSecond: number; app: Latency; raw: Latency; overheadP50: number; rssMb: number }[]) {
    console.log(
      `| ${row.docs.toLocaleString('en')} | ${row.variant} | ${row.importDocsPerSecond.toLocaleString('en')} | ${row.app.p50.toFixed(1)} | ${row.app.p95.toFixed(1)} | ${row.app.p99.toFixed(1)} | ${row.raw.p50.toFixed(1)} | ${row.overheadP50.toFixed(2)} | ${row.rssMb} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
