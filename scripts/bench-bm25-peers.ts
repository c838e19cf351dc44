/**
 * `npm run bench:bm25 [-- NAME...]`: nDCG@10 and MAP of the `bm25` variant and of the plain peers
 * (scripts/bm25-peers.ts) on every BEIR collection in ../shared/datasets, top 100 per judged query,
 * scored by relwb's own evaluator (`-c -m ndcg_cut.10 -m map`). Prints Markdown tables; asserts nothing
 * (tests/integration/bm25-quality.test.ts holds the CACM floor).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readBeirCorpus } from '../core/datasets/beir-format';
import { evaluateRun, parseQrels, parseRun, resolveMeasures } from '../core/eval';
import { formatTrecRun, type RunQueryResults } from '../core/ranking/trec-run';
import { openWorkbench } from '../core/workbench';
import { createFts5Peer, createLancePeer, type Bm25Peer, type PeerDocument } from './bm25-peers';

const DATASETS = path.resolve(__dirname, '../../shared/datasets');
const K = 100;

/** Measures by label, with the column name trec_eval prints for each. */
const MEASURES = { 'nDCG@10': { measure: 'ndcg_cut.10', column: 'ndcg_cut_10' }, MAP: { measure: 'map', column: 'map' } } as const;
type Scores = Record<keyof typeof MEASURES, number>;

function evaluate(qrelsFile: string, runs: RunQueryResults[]): Scores {
  const run = parseRun(Buffer.from(formatTrecRun(runs, 'bench')), 'run');
  const qrels = parseQrels(fs.readFileSync(qrelsFile), qrelsFile);
  const measures = resolveMeasures(Object.values(MEASURES).map(({ measure }) => measure));
  const evaluation = evaluateRun(qrels, run, { measures, averageOverAllJudgedQueries: true });
  // The evaluator orders columns as trec_eval does, not as asked, so each is found by its name.
  const summary = (name: string) => evaluation.columns.find((column) => column.name === name)!.summary as number;
  return { 'nDCG@10': summary(MEASURES['nDCG@10'].column), MAP: summary(MEASURES.MAP.column) };
}

async function peerRuns(peer: Bm25Peer, queries: { queryId: string; text: string }[]): Promise<RunQueryResults[]> {
  const runs: RunQueryResults[] = [];
  for (const query of queries) runs.push({ queryId: query.queryId, results: await peer.search(query.text, K) });
  return runs;
}

interface CollectionScores {
  queries: number;
  /** Scores per system, the `bm25` variant first. */
  systems: Record<string, Scores>;
}

async function measureCollection(name: string, root: string): Promise<CollectionScores> {
  const folder = path.join(DATASETS, name);
  const qrelsFile = path.join(folder, 'qrels', 'test.tsv');
  const workbench = await openWorkbench({ dataDir: path.join(root, name), device: 'cpu' });
  try {
    await workbench.datasets.startImport({ format: 'beir', path: folder, name, denseModels: [] }).finished;
    const judged = new Set(workbench.datasets.qrels(name).map((qrel) => qrel.queryId));
    const queries = workbench.datasets.queries(name).filter((query) => judged.has(query.queryId));
    const bm25: RunQueryResults[] = [];
    for (const query of queries) {
      const { ranked } = await workbench.search.rank({ dataset: name, text: query.text, k: K, variant: 'bm25' });
      bm25.push({ queryId: query.queryId, results: ranked.map((result) => ({ id: result.doc.id, score: result.score })) });
    }
    const docs: PeerDocument[] = [];
    for await (const { doc } of readBeirCorpus(path.join(folder, 'corpus.jsonl'))) docs.push(doc);
    const systems: Record<string, Scores> = { 'bm25 variant': evaluate(qrelsFile, bm25) };
    for (const peer of [await createLancePeer(path.join(root, `${name}-peer`), docs), createFts5Peer(docs)]) {
      systems[peer.name] = evaluate(qrelsFile, await peerRuns(peer, queries));
      peer.close();
    }
    return { queries: queries.length, systems };
  } finally {
    await workbench.close();
  }
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const names = requested.length > 0 ? requested : fs.readdirSync(DATASETS).filter((name) => fs.existsSync(path.join(DATASETS, name, 'corpus.jsonl')));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-bm25-peers-'));
  const rows: [string, CollectionScores][] = [];
  try {
    for (const name of names) {
      const scores = await measureCollection(name, root);
      console.log(name, JSON.stringify(scores));
      rows.push([name, scores]);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const systems = Object.keys(rows[0]?.[1].systems ?? {});
  console.log(`\n@lancedb/lancedb ${lancedbVersion()}, top ${K} per judged query\n`);
  for (const measure of Object.keys(MEASURES) as (keyof typeof MEASURES)[]) {
    console.log(`${measure}\n\n| collection | queries | ${systems.join(' | ')} |\n|---|---|${systems.map(() => '---|').join('')}`);
    for (const [name, { queries, systems: scores }] of rows) {
      console.log(`| ${name} | ${queries} | ${systems.map((system) => scores[system]![measure].toFixed(4)).join(' | ')} |`);
    }
    console.log('');
  }
}

/** The installed release: peer scores, and the variant's, move between LanceDB releases (README, Retrieval quality). */
function lancedbVersion(): string {
  const manifest = path.resolve(__dirname, '../node_modules/@lancedb/lancedb/package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
