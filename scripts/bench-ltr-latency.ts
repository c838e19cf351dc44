/**
 * `npm run bench:ltr-latency`: what computing the learned ranker's features for the top 100 adds to a
 * query at 100,000 documents. Corpus: Cranfield's abstracts repeated (copy n under the id `<id>-c<n>`) up
 * to SIZE documents (default 100,000), BM25 only; queries: Cranfield's 225. Each query runs under `bm25`
 * at k = 100 without and with features, in alternation, after one warm-up pass (which also reads the
 * whole-document statistics once); prints the medians and their difference. Model scoring of the 100
 * vectors is not included. Asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench } from '../core/workbench';

const CRANFIELD = path.resolve(__dirname, '../../shared/datasets/cranfield');
const SIZE = Number(process.env.SIZE ?? 100_000);
const ROUNDS = 2;

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-ltr-latency-'));
  const corpusDir = path.join(root, 'corpus');
  fs.mkdirSync(corpusDir);
  const source = fs.readFileSync(path.join(CRANFIELD, 'corpus.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { _id: string });
  const lines: string[] = [];
  for (let i = 0; i < SIZE; i++) {
    const doc = source[i % source.length]!;
    lines.push(JSON.stringify({ ...doc, _id: `${doc._id}-c${Math.floor(i / source.length)}` }));
  }
  fs.writeFileSync(path.join(corpusDir, 'corpus.jsonl'), `${lines.join('\n')}\n`);
  fs.copyFileSync(path.join(CRANFIELD, 'queries.jsonl'), path.join(corpusDir, 'queries.jsonl'));
  const workbench = await openWorkbench({ dataDir: path.join(root, 'data'), device: 'cpu' });
  try {
    await workbench.datasets.startImport({ format: 'beir', path: corpusDir, name: 'scaled', denseModels: [] }).finished;
    const queries = workbench.datasets.queries('scaled');
    const time = async (text: string, features: boolean) => {
      const started = performance.now();
      await workbench.search.rank({ dataset: 'scaled', text, k: 100, variant: 'bm25', features });
      return performance.now() - started;
    };
    for (const query of queries) await time(query.text, true);
    const plain: number[] = [];
    const withFeatures: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const query of queries) {
        plain.push(await time(query.text, false));
        withFeatures.push(await time(query.text, true));
      }
    }
    const [a, b] = [median(plain), median(withFeatures)];
    console.log(`${SIZE} documents, ${queries.length} queries × ${ROUNDS}, bm25 top 100 (load average ${os.loadavg()[0]!.toFixed(1)})`);
    console.log(`p50 without features ${a.toFixed(2)} ms, with features ${b.toFixed(2)} ms: +${(b - a).toFixed(2)} ms (${(b / a).toFixed(2)}×)`);
  } finally {
    await workbench.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
