/**
 * Turns one query's retrieved documents and judgments into trec_eval's "res_rels": the relevance value
 * of each retrieved document in rank order plus counts of judged documents per relevance level.
 * Mirrors trec_eval 10.0 form_res_rels.c.
 *
 * Works on the byte columns of trec-files.ts: documents are sorted through an index array, docnos are
 * compared as bytes and looked up in a per-query open-addressing hash table that holds the query's
 * judgments and the retrieved documents seen so far (to reject duplicates); no strings are made.
 */
import * as trecFiles from './trec-files';
import type { QueryJudgments, Qrels, Run, RunQuery } from './trec-files';

// Module-level bindings: under tsx (CommonJS) every use of an imported function is a getter call.
const compareBytes = trecFiles.compareBytes;
const equalBytes = trecFiles.equalBytes;

/** Retrieved document not in the qrels at all. */
export const REL_NONPOOL = -1;
/** Retrieved document in the qrels with a negative value (in the pool, not judged; e.g. infAP sampling). */
export const REL_UNJUDGED = -2;

export interface JudgedRanking {
  /** Relevance of the document at each rank (index 0 = rank 1): a level ≥ 0, REL_NONPOOL or REL_UNJUDGED. */
  readonly rels: Int32Array;
  readonly numRet: number;
  /**
   * relevantPrefix[k] = documents among the top k (k = 0..numRet) whose rels value is ≥ the relevance
   * level. Like trec_eval's loops over results_rel_list, a negative -l also counts REL_NONPOOL /
   * REL_UNJUDGED documents here, while numRelRet counts judged documents only.
   */
  readonly relevantPrefix: Int32Array;
  /** relLevels[level] = number of judged documents (retrieved or not) with that non-negative value. */
  readonly relLevels: Int32Array;
  /** One more than the highest level with at least one judged document (0 if none). */
  readonly numRelLevels: number;
  /** Judged documents with level ≥ the relevance level. */
  readonly numRel: number;
  readonly numRelRet: number;
  readonly numNonpool: number;
  readonly numUnjudgedInPool: number;
}

export interface RankingOptions {
  /** Minimum judgment value counted as relevant (`-l`, default 1). */
  readonly relevanceLevel: number;
  /** Keep only this many documents after sorting (`-M`). */
  readonly maxDocsPerQuery: number;
}

/** A retrieved document appears twice among the evaluated documents of a query; trec_eval aborts on it. */
export class DuplicateDocumentError extends Error {
  constructor(
    /** The docno as UTF-8 text. */
    readonly docno: string,
    readonly line: number,
  ) {
    super(`duplicate document '${docno}'`);
  }
}

/** Ranks `a` before `b` (negative), after (positive) or ties (0): score descending, then docno descending. */
function compareRank(scores: Float64Array, bytes: Buffer, starts: Uint32Array, ends: Uint32Array, a: number, b: number): number {
  const sa = scores[a]!;
  const sb = scores[b]!;
  if (sa > sb) return -1;
  if (sa < sb) return 1;
  return compareBytes(bytes, starts[b]!, ends[b]!, bytes, starts[a]!, ends[a]!);
}

let sortScratch = new Int32Array(1024);

/**
 * Sorts the documents [start, end) of a run the way trec_eval ranks them: score descending, then docno
 * descending (strcmp). Returns their indexes in rank order. Runs are nearly always written in rank
 * order, up to a few tied scores listed in the other docno order, so a stable insertion sort finishes
 * them in about one comparison per document; input needing more moves than that goes to a stable
 * merge sort instead.
 */
export function rankOrder(run: Run, start: number, end: number): Int32Array {
  const n = end - start;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = start + i;
  const { scores, bytes, docStarts, docEnds } = run;
  if (!insertionSort(order, 4 * n + 16, scores, bytes, docStarts, docEnds)) {
    if (sortScratch.length < n) sortScratch = new Int32Array(n);
    mergeSort(order, sortScratch, 0, n, scores, bytes, docStarts, docEnds);
  }
  return order;
}

/** Stable insertion sort that gives up (leaving a permutation) after `budget` moves. */
function insertionSort(order: Int32Array, budget: number, scores: Float64Array, bytes: Buffer, starts: Uint32Array, ends: Uint32Array): boolean {
  for (let i = 1; i < order.length; i++) {
    const item = order[i]!;
    let j = i - 1;
    while (j >= 0 && compareRank(scores, bytes, starts, ends, order[j]!, item) > 0) {
      if (--budget < 0) {
        order[j + 1] = item;
        return false;
      }
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = item;
  }
  return true;
}

function mergeSort(
  order: Int32Array,
  scratch: Int32Array,
  lo: number,
  hi: number,
  scores: Float64Array,
  bytes: Buffer,
  starts: Uint32Array,
  ends: Uint32Array,
): void {
  if (hi - lo <= 24) {
    for (let i = lo + 1; i < hi; i++) {
      const item = order[i]!;
      let j = i - 1;
      while (j >= lo && compareRank(scores, bytes, starts, ends, order[j]!, item) > 0) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = item;
    }
    return;
  }
  const mid = (lo + hi) >>> 1;
  mergeSort(order, scratch, lo, mid, scores, bytes, starts, ends);
  mergeSort(order, scratch, mid, hi, scores, bytes, starts, ends);
  if (compareRank(scores, bytes, starts, ends, order[mid - 1]!, order[mid]!) <= 0) return;
  for (let i = lo; i < mid; i++) scratch[i] = order[i]!;
  let left = lo;
  let right = mid;
  let out = lo;
  while (left < mid && right < hi) {
    // Take from the right half only when strictly before: keeps equal documents in file order.
    if (compareRank(scores, bytes, starts, ends, order[right]!, scratch[left]!) < 0) order[out++] = order[right++]!;
    else order[out++] = scratch[left++]!;
  }
  while (left < mid) order[out++] = scratch[left++]!;
}

// Per-query hash table scratch: slot → entry (judgment index + 1, or −(document index + 1) for a
// retrieved document not in the qrels), the docno hash, and whether a judgment was already retrieved.
let tableEntries = new Int32Array(1024);
let tableHashes = new Int32Array(1024);
let tableRetrieved = new Uint8Array(1024);

function prepareTable(size: number): number {
  let capacity = 16;
  while (capacity < 2 * size) capacity *= 2;
  if (tableEntries.length < capacity) {
    tableEntries = new Int32Array(capacity);
    tableHashes = new Int32Array(capacity);
    tableRetrieved = new Uint8Array(capacity);
  } else {
    tableEntries.fill(0, 0, capacity);
    tableRetrieved.fill(0, 0, capacity);
  }
  return capacity - 1;
}

/**
 * Builds the judged ranking of one query: `retrieved` is the query's range of `run`, `judgments` its
 * entry of `qrels`. Throws DuplicateDocumentError when a docno occurs twice among the top documents.
 */
export function judgeRanking(run: Run, retrieved: RunQuery, qrels: Qrels, judgments: QueryJudgments, options: RankingOptions): JudgedRanking {
  const order = rankOrder(run, retrieved.start, retrieved.end);
  const numRet = Math.min(order.length, Math.max(0, options.maxDocsPerQuery));
  const judged = judgments.judgments;
  const mask = prepareTable(judged.length + numRet);
  const entries = tableEntries;
  const hashes = tableHashes;
  const retrievedFlags = tableRetrieved;
  const { bytes: qrelsBytes, docStarts: qrelsStarts, docEnds: qrelsEnds, docHashes: qrelsHashes, rels: qrelsRels } = qrels;
  for (let k = 0; k < judged.length; k++) {
    const j = judged[k]!;
    const hash = qrelsHashes[j]!;
    let slot = hash & mask;
    while (entries[slot] !== 0) slot = (slot + 1) & mask;
    entries[slot] = j + 1;
    hashes[slot] = hash;
  }

  const { bytes: runBytes, docStarts: runStarts, docEnds: runEnds, docHashes: runHashes } = run;
  const relevanceLevel = options.relevanceLevel;
  const rels = new Int32Array(numRet);
  const relevantPrefix = new Int32Array(numRet + 1);
  let numRelRet = 0;
  let numNonpool = 0;
  let numUnjudgedInPool = 0;
  let relevantSoFar = 0;
  for (let rank = 0; rank < numRet; rank++) {
    const index = order[rank]!;
    const start = runStarts[index]!;
    const end = runEnds[index]!;
    const hash = runHashes[index]!;
    let rel = REL_NONPOOL;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = entries[slot]!;
      if (entry === 0) {
        entries[slot] = -(index + 1);
        hashes[slot] = hash;
        numNonpool++;
        break;
      }
      if (hashes[slot] !== hash) continue;
      if (entry > 0) {
        const j = entry - 1;
        if (!equalBytes(qrelsBytes, qrelsStarts[j]!, qrelsEnds[j]!, runBytes, start, end)) continue;
        if (retrievedFlags[slot] !== 0) throw duplicate(run, index);
        retrievedFlags[slot] = 1;
        const value = qrelsRels[j]!;
        if (value < 0) {
          rel = REL_UNJUDGED;
          numUnjudgedInPool++;
        } else {
          rel = value;
          if (rel >= relevanceLevel) numRelRet++;
        }
        break;
      }
      const other = -entry - 1;
      if (equalBytes(runBytes, runStarts[other]!, runEnds[other]!, runBytes, start, end)) throw duplicate(run, index);
    }
    rels[rank] = rel;
    if (rel >= relevanceLevel) relevantSoFar++;
    relevantPrefix[rank + 1] = relevantSoFar;
  }
  return { rels, numRet, relevantPrefix, numRelRet, numNonpool, numUnjudgedInPool, ...levelCounts(qrels, judgments, relevanceLevel) };
}

function duplicate(run: Run, index: number): DuplicateDocumentError {
  return new DuplicateDocumentError(run.bytes.toString('utf8', run.docStarts[index]!, run.docEnds[index]!), run.lineNumbers[index]!);
}

/**
 * The ranking trec_eval substitutes, under `-c`, for a query that has judgments but no results:
 * a single document that is not in the pool.
 */
export function placeholderRanking(qrels: Qrels, judgments: QueryJudgments, relevanceLevel: number): JudgedRanking {
  return {
    rels: Int32Array.of(REL_NONPOOL),
    numRet: 1,
    relevantPrefix: Int32Array.of(0, REL_NONPOOL >= relevanceLevel ? 1 : 0),
    numRelRet: 0,
    numNonpool: 1,
    numUnjudgedInPool: 0,
    ...levelCounts(qrels, judgments, relevanceLevel),
  };
}

function levelCounts(qrels: Qrels, judgments: QueryJudgments, relevanceLevel: number): Pick<JudgedRanking, 'relLevels' | 'numRelLevels' | 'numRel'> {
  const maxLevel = judgments.maxRel;
  const relLevels = new Int32Array(maxLevel + 1);
  const judged = judgments.judgments;
  const values = qrels.rels;
  for (let k = 0; k < judged.length; k++) {
    const rel = values[judged[k]!]!;
    if (rel >= 0) relLevels[rel]!++;
  }
  let numRel = 0;
  for (let level = 0; level <= maxLevel; level++) {
    if (level >= relevanceLevel) numRel += relLevels[level]!;
  }
  return { relLevels, numRelLevels: maxLevel + 1, numRel };
}
