/**
 * `npm run bench:ltr-latency`: what computing the learned ranker's features for the top 100 adds to a
 * query at 100,000 documents. Corpus: Cranfield's abstracts repeated (copy n under the id `<id>-c<n>`) up
 * to SIZE documents (default 100,000), BM25 only; queries: Cranfield's 225. Each query runs under `bm25`
 * at k = 100 three ways, in alternation: without features, with features, and as a learned variant (bm25 →
 * `ltr` rerank of the top 100 by a 100-tree LambdaMART trained in-app on Cranfield's own judgments, saved as
 * an ONNX model), after one warm-up pass (which also reads the whole-document statistics once); prints the
 * medians and what each adds to plain bm25. Asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliCaller } from '../core/runtime/caller';
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
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cranfield', denseModels: [] }).finished;
    const model = await workbench.training.start({ dataset: 'cranfield', base: 'bm25', depth: 100, folds: 2, seed: 1, params: { trees: 100 }, save: 'latency-ltr' }, cliCaller()).finished;
    const ways = { plain: { variant: 'bm25', features: false }, features: { variant: 'bm25', features: true }, ltr: { variant: model.saved!.variant, features: false } } as const;
    const queries = workbench.datasets.queries('scaled');
    const time = async (text: string, way: keyof typeof ways) => {
      const started = performance.now();
      await workbench.search.rank({ dataset: 'scaled', text, k: 100, ...ways[way] });
      return performance.now() - started;
    };
    for (const query of queries) for (const way of ['features', 'ltr'] as const) await time(query.text, way);
    const samples: Record<keyof typeof ways, number[]> = { plain: [], features: [], ltr: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const query of queries) for (const way of ['plain', 'features', 'ltr'] as const) samples[way].push(await time(query.text, way));
    }
    const p50 = { plain: median(samples.plain), features: median(samples.features), ltr: median(samples.ltr) };
    console.log(`${SIZE} documents, ${queries.length} queries × ${ROUNDS}, bm25 top 100 (load average ${os.loadavg()[0]!.toFixed(1)})`);
    console.log(`p50 bm25 ${p50.plain.toFixed(2)} ms; with features ${p50.features.toFixed(2)} ms (+${(p50.features - p50.plain).toFixed(2)} ms); ` +
      `bm25 → ltr rerank (${model.finalTrees} trees, ONNX) ${p50.ltr.toFixed(2)} ms (+${(p50.ltr - p50.plain).toFixed(2)} ms)`);
  } finally {
    await workbench.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
