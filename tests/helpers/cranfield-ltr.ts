/**
 * Shared steps of the "real trainer reads the export" proofs: a data dir with Cranfield imported and its qrels
 * imported as judgments of source "cranfield" (five-level scale), and a trained ranker's scores of exported
 * rows turned into a TREC run scored by `relwb eval`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCliProcess } from './cli-process';

export const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');
export const CRANFIELD_QRELS = path.join(CRANFIELD, 'golden', 'qrels.trec');

export type Relwb = (...args: string[]) => Promise<string>;

/** `relwb` against `dataDir`, expecting success; after it, dataset `cran` and judgments source `cranfield` exist. */
export async function cranfieldWithJudgments(dataDir: string): Promise<Relwb> {
  const relwb: Relwb = async (...args) => {
    const result = await runCliProcess(['--data-dir', dataDir, ...args]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  await relwb('import', '--format', 'beir', CRANFIELD, '--name', 'cran');
  await relwb('judgments', 'import', 'cran', '--format', 'qrels', CRANFIELD_QRELS, '--source', 'cranfield', '--scale', 'five-level', '--map', '0=1,1=2,2=3,3=4,4=5');
  return relwb;
}

/** The `query-id<TAB>doc-id` rows of an export's `.rows.tsv`, in row order. */
export function exportedRows(file: string): [string, string][] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split('\t') as [string, string]);
}

/** A TREC run ranking each query's rows by `score(row index)`, highest first. */
export function trecRunOf(rows: readonly [string, string][], score: (row: number) => number, tag: string): string {
  const byQuery = new Map<string, { docId: string; score: number }[]>();
  rows.forEach(([queryId, docId], row) => byQuery.set(queryId, [...(byQuery.get(queryId) ?? []), { docId, score: score(row) }]));
  return [...byQuery]
    .flatMap(([queryId, docs]) => [...docs].sort((a, b) => b.score - a.score).map((doc, rank) => `${queryId} Q0 ${doc.docId} ${rank + 1} ${docs.length - rank} ${tag}\n`))
    .join('');
}

/** nDCG@10 of a run file against Cranfield's qrels, by `relwb eval`. */
export async function cranfieldNdcg10(relwb: Relwb, runFile: string): Promise<number> {
  return Number(/ndcg_cut_10\s+all\s+(\S+)/.exec(await relwb('eval', '-m', 'ndcg_cut.10', CRANFIELD_QRELS, runFile))![1]);
}
