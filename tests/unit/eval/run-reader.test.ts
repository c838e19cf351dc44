import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  evaluateRun,
  evaluateRunFile,
  formatTrecEval,
  loadRun,
  parseQrels,
  parseRun,
  rankOrder,
  resolveMeasures,
  writeTrecEval,
  type Evaluation,
  type EvaluationOptions,
} from '../../../core/eval';
import { writeFixtures } from './harness';

const measures = resolveMeasures(['all_trec', 'judged', 'err_cut']);
const options: EvaluationOptions = { measures, averageOverAllJudgedQueries: true, maxDocsPerQuery: 50 };

/** A run of `queries` queries in rank order, with tied scores, unjudged queries and judged docs. */
function randomRunAndQrels(seed: number, queries: number) {
  const random = createRng(seed);
  const runLines: string[] = [];
  const qrelsLines: string[] = [];
  for (let q = 0; q < queries; q++) {
    const qid = `q${q}${random() < 0.2 ? 'é' : ''}`;
    const docs = 1 + Math.floor(random() * 80);
    let score = 50;
    for (let d = 0; d < docs; d++) {
      if (random() > 0.2) score -= Math.round(random() * 1000) / 1000;
      runLines.push(`${qid} Q0 doc-${q}-${d} ${d + 1} ${score} tag${q % 3}`);
      if (q % 7 !== 3 && random() < 0.4) qrelsLines.push(`${qid} 0 doc-${q}-${d} ${Math.floor(random() * 4) - (random() < 0.1 ? 1 : 0)}`);
    }
    // Some judged documents that were not retrieved, and judged queries without results.
    if (q % 5 === 0) qrelsLines.push(`${qid} 0 missing-${q} 2`);
    if (q % 11 === 0) qrelsLines.push(`unretrieved-${q} 0 doc 1`);
  }
  return { run: `${runLines.join('\n')}\n`, qrels: `${qrelsLines.join('\n')}\n` };
}

function comparable(evaluation: Evaluation) {
  return { runId: evaluation.runId, queryIds: evaluation.queryIds, columns: evaluation.columns.map(({ name, values, texts, summary }) => ({ name, values, texts, summary })) };
}

/** Evaluation of `runText` read by the chunked file reader (with tiny chunks) and from memory. */
function bothWays(qrelsText: string, runText: string | Buffer, chunkBytes: number, evaluationOptions = options) {
  const qrels = parseQrels(Buffer.from(qrelsText), 'qrels');
  const files = writeFixtures({ 'run.txt': runText });
  const streamed = () => evaluateRunFile(qrels, files['run.txt']!, evaluationOptions, { chunkBytes });
  const whole = () => evaluateRun(qrels, parseRun(Buffer.isBuffer(runText) ? runText : Buffer.from(runText), files['run.txt']!), evaluationOptions);
  return { streamed, whole };
}

describe('chunked run reading', () => {
  it('scores a grouped run query by query exactly as the whole file, whatever the chunk size', () => {
    const { run, qrels } = randomRunAndQrels(3, 60);
    const expected = comparable(bothWays(qrels, run, 1 << 20).whole());
    expect(expected.queryIds.length).toBeGreaterThan(40);
    for (const chunkBytes of [2, 7, 64, 1000, 1 << 20]) {
      expect(comparable(bothWays(qrels, run, chunkBytes).streamed()), `chunk ${chunkBytes}`).toEqual(expected);
    }
  });

  it('reads CRLF, tabs, runs of spaces, trailing whitespace, comments, blank lines and no final newline', () => {
    const { run, qrels } = randomRunAndQrels(5, 20);
    const expected = comparable(bothWays(qrels, run, 1 << 20).whole());
    const lines = run.trimEnd().split('\n');
    const messy = lines
      .map((line, i) => {
        const spaced = i % 3 === 0 ? line.replace(/ /g, ' \t ') : line;
        return i % 2 === 0 ? `  ${spaced} \r` : `${spaced}\t`;
      })
      .flatMap((line, i) => (i % 10 === 0 ? ['# a comment line', '', '   ', line] : [line]))
      .join('\n');
    for (const chunkBytes of [3, 50, 1 << 20]) {
      const { streamed, whole } = bothWays(qrels, messy, chunkBytes);
      expect(comparable(streamed()), `chunk ${chunkBytes}`).toEqual(expected);
      expect(comparable(whole())).toEqual(expected);
    }
  });

  it('falls back to the whole file when a query comes back later (ungrouped run)', () => {
    const { run, qrels } = randomRunAndQrels(9, 30);
    const expected = comparable(bothWays(qrels, run, 1 << 20).whole());
    const lines = run.trimEnd().split('\n');
    const random = createRng(4);
    // Shuffled lines: every query is split into many stretches.
    const shuffled = lines
      .map((line) => ({ line, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map(({ line }) => line);
    // Docnos are unique within a query, so line order cannot change a ranking; the run tag is the last line's.
    const lastTag = shuffled.at(-1)!.split(' ')[5];
    expect(comparable(bothWays(qrels, `${shuffled.join('\n')}\n`, 64).streamed())).toEqual({ ...expected, runId: lastTag });
    const interleaved = 'q1 Q0 a 1 2 t\nq2 Q0 b 1 2 t\nq1 Q0 c 2 1 t\n';
    const small = bothWays('q1 0 a 1\nq1 0 c 1\nq2 0 b 1\n', interleaved, 4, { measures: resolveMeasures(['num_ret', 'map']) });
    expect(comparable(small.streamed())).toEqual(comparable(small.whole()));
    expect(small.streamed().columns[0]!.values).toEqual([2, 1]);
  });

  it('reads gzipped runs', () => {
    const { run, qrels } = randomRunAndQrels(11, 15);
    const expected = comparable(bothWays(qrels, run, 1 << 20).whole());
    expect(comparable(bothWays(qrels, gzipSync(run), 16).streamed())).toEqual(expected);
  });

  it('reports a bad line with its file line number across chunk boundaries, before any duplicate docno', () => {
    const qrels = 'q1 0 a 1\nq2 0 b 1\n';
    const lines = ['q1 Q0 a 1 3 t', 'q1 Q0 a 2 2 t', '# comment', 'q2 Q0 b 1 1 t', 'q2 Q0 c 2 high t', 'q2 Q0 d 3'];
    for (const chunkBytes of [5, 17, 1 << 20]) {
      const badScore = bothWays(qrels, `${lines.slice(0, 5).join('\n')}\n`, chunkBytes);
      expect(badScore.streamed, `chunk ${chunkBytes}`).toThrow(/run\.txt:5: score: not a number: 'high'/);
      const missing = bothWays(qrels, `${lines.slice(0, 4).join('\r\n')}\r\n${lines[5]}`, chunkBytes);
      expect(missing.streamed).toThrow(/run\.txt:5: score: missing field \(expected 'qid iter docno rank score runid', found 4 fields\)/);
      const duplicate = bothWays(qrels, `${lines.slice(0, 4).join('\n')}\n`, chunkBytes);
      expect(duplicate.streamed).toThrow(/run\.txt:2: docno: duplicate document 'a' for query 'q1'/);
    }
  });

  it('reports the duplicate docno of the first query in trec_eval order, not file order', () => {
    const qrels = 'q1 0 a 1\nq2 0 b 1\nq3 0 z 1\n';
    const run = 'q3 Q0 z 1 3 t\nq3 Q0 z 2 2 t\nq2 Q0 b 1 3 t\nq2 Q0 b 2 2 t\nq9 Q0 x 1 1 t\nq9 Q0 x 2 1 t\n';
    const { streamed, whole } = bothWays(qrels, run, 8);
    expect(whole).toThrow(/run\.txt:4: docno: duplicate document 'b' for query 'q2'/);
    expect(streamed).toThrow(/run\.txt:4: docno: duplicate document 'b' for query 'q2'/);
  });

  it('reads every score as Number(text) would, through the inlined fast path or parseScore', () => {
    const texts = ['1', '0', '-0', '+0', '0.5', '-0.5', '+.5', '.5', '5.', '-5.', '99.123456', '0.1', '123456789012345', '1234567890123456',
      '12345678901234567890', '0.30000000000000004', '1e5', '1E-5', '-1.5e+3', '2.5e-310', '1e400', '0x10', 'Infinity', '-Infinity', '000000000000000000012.5'];
    const run = parseRun(Buffer.from(texts.map((text, i) => `q Q0 d${i} ${i} ${text}\tt`).join('\r\n')), 'run');
    texts.forEach((text, i) => expect(Object.is(run.scores[i], Number(text)), text).toBe(true));
    for (const bad of ['-', '.', '1.2.3', 'nan', '5\u0001', '1e']) {
      expect(() => parseRun(Buffer.from(`q Q0 d 1 ${bad} t\n`), 'run'), bad).toThrow(`run:1: score: not a number: '${bad}'`);
    }
  });

  it('loads a whole run with docnos in a pool and file line numbers', () => {
    const files = writeFixtures({ 'run.txt': '# c\nq2 Q0 a 1 1 t\nq1 Q0 b 1 1 t\n\nq2 Q0 c 2 0.5 t\n' });
    const run = loadRun(files['run.txt']!, { chunkBytes: 4 });
    const { start, end } = run.queries.get('q2')!;
    expect(Array.from({ length: end - start }, (_, k) => run.bytes.toString('utf8', run.docStarts[start + k]!, run.docEnds[start + k]!))).toEqual(['a', 'c']);
    expect(Array.from(run.lineNumbers.subarray(start, end))).toEqual([2, 5]);
  });
});

describe('rank order', () => {
  /** Reference: stable sort by score descending, then docno descending (byte order). */
  function expectedOrder(docs: { docno: string; score: number }[]): number[] {
    return docs
      .map((doc, index) => ({ ...doc, index }))
      .sort((a, b) => b.score - a.score || Buffer.compare(Buffer.from(b.docno), Buffer.from(a.docno)))
      .map((doc) => doc.index);
  }

  it('sorts nearly ranked, reversed and random runs like a stable sort, ties broken by docno descending', () => {
    const random = createRng(21);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 200);
      const kind = trial % 3;
      const docs = Array.from({ length: n }, (_, i) => ({
        docno: `d${Math.floor(random() * (kind === 2 ? 30 : 1e6))}`,
        score: kind === 0 ? n - i - (random() < 0.1 ? 1 : 0) : kind === 1 ? i : Math.floor(random() * 10),
      }));
      const text = docs.map((doc, i) => `q Q0 ${doc.docno} ${i + 1} ${doc.score} t`).join('\n');
      const run = parseRun(Buffer.from(text), 'run');
      expect(Array.from(rankOrder(run, 0, n)), `trial ${trial}`).toEqual(expectedOrder(docs));
    }
  });
});

describe('text output in pieces', () => {
  it('writes the same text as formatTrecEval, in pieces that end at line ends', () => {
    const { run, qrels } = randomRunAndQrels(13, 400);
    const evaluation = bothWays(qrels, run, 1 << 20).whole();
    const pieces: string[] = [];
    writeTrecEval(evaluation, { perQuery: true, summary: true }, (text) => pieces.push(text));
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.every((piece) => piece.endsWith('\n') && Buffer.byteLength(piece) < (1 << 16) + 20_000)).toBe(true);
    expect(pieces.join('')).toBe(formatTrecEval(evaluation, { perQuery: true, summary: true }));
  });
});
