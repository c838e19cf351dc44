import { AppError } from '../runtime/errors';
import { hashBytes, type QueryJudgments, type Qrels, type Run, type RunQuery } from './trec-files';

/** One judgment as the app stores it (SQLite rows, consensus labels), not as a file line. */
export interface QrelInput {
  readonly queryId: string;
  readonly docId: string;
  readonly relevance: number;
}

/** One retrieved document of a stored run. */
export interface RunInput {
  readonly queryId: string;
  readonly docId: string;
  readonly score: number;
}

/**
 * The evaluator reads docnos as byte ranges of one buffer and query ids as latin1 strings of their
 * bytes (as trec_eval does). Rows become the same shape: docnos laid out one per line in a buffer, so
 * an error's "line" is the row's position, and ids keep their exact text (spaces included).
 */
function layOut<R extends { queryId: string; docId: string }>(rows: readonly R[]) {
  const order = groupByQuery(rows);
  const encoded = order.map((row) => Buffer.from(row.docId, 'utf8'));
  const bytes = Buffer.alloc(encoded.reduce((sum, doc) => sum + doc.length + 1, 0));
  const docStarts = new Uint32Array(order.length);
  const docEnds = new Uint32Array(order.length);
  const docHashes = new Int32Array(order.length);
  let offset = 0;
  encoded.forEach((doc, i) => {
    doc.copy(bytes, offset);
    docStarts[i] = offset;
    docEnds[i] = offset + doc.length;
    docHashes[i] = hashBytes(bytes, offset, offset + doc.length);
    offset += doc.length;
    bytes[offset++] = 10;
  });
  return { order, bytes, docStarts, docEnds, docHashes };
}

/** Rows grouped by query id, queries in order of first appearance, rows in their order within a query. */
function groupByQuery<R extends { queryId: string }>(rows: readonly R[]): R[] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.queryId);
    if (group) group.push(row);
    else groups.set(row.queryId, [row]);
  }
  return [...groups.values()].flat();
}

const latin1Id = (id: string): string => Buffer.from(id, 'utf8').toString('latin1');

/** Query id → [first, end) ranges of consecutive rows. */
function queryRanges(order: readonly { queryId: string }[]): Map<string, RunQuery> {
  const ranges = new Map<string, RunQuery>();
  let start = 0;
  for (let i = 1; i <= order.length; i++) {
    if (i === order.length || order[i]!.queryId !== order[start]!.queryId) {
      ranges.set(latin1Id(order[start]!.queryId), { start, end: i });
      start = i;
    }
  }
  return ranges;
}

export function qrelsFromRows(rows: readonly QrelInput[], source = 'judgments'): Qrels {
  const { order, bytes, docStarts, docEnds, docHashes } = layOut(rows);
  const rels = Int32Array.from(order, (row) => row.relevance);
  const queries = new Map<string, QueryJudgments>();
  for (const [queryId, { start, end }] of queryRanges(order)) {
    const seen = new Set<string>();
    let maxRel = -1;
    for (let j = start; j < end; j++) {
      const docId = order[j]!.docId;
      if (seen.has(docId)) {
        throw new AppError('EVAL_BAD_INPUT', `duplicate judgment for query '${order[j]!.queryId}' document '${docId}'`, { field: 'docId' });
      }
      seen.add(docId);
      if (rels[j]! > maxRel) maxRel = rels[j]!;
    }
    queries.set(queryId, { judgments: Int32Array.from({ length: end - start }, (_, k) => start + k), maxRel });
  }
  return { file: source, bytes, docStarts, docEnds, docHashes, rels, queries };
}

export function runFromRows(rows: readonly RunInput[], runId: string, source = runId): Run {
  const { order, bytes, docStarts, docEnds, docHashes } = layOut(rows);
  return {
    file: source,
    runId,
    bytes,
    docStarts,
    docEnds,
    scores: Float64Array.from(order, (row) => row.score),
    docHashes,
    // A row's "line" is its position in the grouped rows.
    lineNumbers: Int32Array.from(order, (_, i) => i + 1),
    queries: queryRanges(order),
  };
}
