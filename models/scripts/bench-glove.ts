/**
 * GloVe encoder throughput, end to end (tokenise + ONNX run + normalise), on CPU:
 *   npx tsx models/scripts/bench-glove.ts --corpus ../shared/datasets/cranfield/corpus.jsonl [--count 1000] [--batch-size 64]
 * Prints texts/s for the median of three timed runs after one warm-up run (which loads the session).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encodeTexts, getModel } from '../../core/models';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      count: { type: 'string', default: '1000' },
      'batch-size': { type: 'string', default: '64' },
    },
  });
  if (!values.corpus) throw new Error('--corpus <BEIR corpus.jsonl> is required');
  const texts = readFileSync(values.corpus, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, Number(values.count))
    .map((line) => {
      const doc = JSON.parse(line) as { title?: string; text?: string };
      return `${doc.title ?? ''} ${doc.text ?? ''}`;
    });
  const batchSize = Number(values['batch-size']);
  const model = await getModel('glove-100d');
  await encodeTexts(model, texts, { device: 'cpu', batchSize });

  const seconds: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    await encodeTexts(model, texts, { device: 'cpu', batchSize });
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const median = seconds.sort((a, b) => a - b)[1];
  const words = texts.reduce((sum, t) => sum + t.split(/\s+/).length, 0);
  console.log(
    `${texts.length} texts (~${Math.round(words / texts.length)} words each), batch ${batchSize}: ` +
      `${(texts.length / median).toFixed(0)} texts/s (median of 3: ${(median * 1000).toFixed(0)} ms)`,
  );
}

void main();
