import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRun, loadQrels, loadRun, resolveMeasures } from '../../../core/eval';
import { qrelsFromRows, runFromRows } from '../../../core/eval/from-rows';
import { goldenDir } from './harness';

const lines = (file: string) => readFileSync(path.join(goldenDir, file), 'utf8').trim().split('\n').map((line) => line.split(/\s+/));
const options = { measures: resolveMeasures(['all_trec']), averageOverAllJudgedQueries: true, maxDocsPerQuery: 1000 };

describe('evaluation from rows', () => {
  it('scores rows exactly as it scores the same judgments and run read from files', () => {
    const qrelRows = lines('qrels.trec').map(([queryId, , docId, relevance]) => ({ queryId: queryId!, docId: docId!, relevance: Number(relevance) }));
    // Rows arrive in any order (SQLite gives them by rank); the evaluator orders by score as trec_eval does.
    const runRows = lines('run.trec')
      .map(([queryId, , docId, , score]) => ({ queryId: queryId!, docId: docId!, score: Number(score) }))
      .reverse();
    const fromFiles = evaluateRun(loadQrels(path.join(goldenDir, 'qrels.trec')), loadRun(path.join(goldenDir, 'run.trec')), options);
    const fromRows = evaluateRun(qrelsFromRows(qrelRows), runFromRows(runRows, 'overlap_v1'), options);
    expect(fromRows.queryIds).toEqual(fromFiles.queryIds);
    expect(fromRows.columns.length).toBe(fromFiles.columns.length);
    expect(fromFiles.columns.length).toBeGreaterThan(50);
    for (const [i, column] of fromFiles.columns.entries()) {
      expect(fromRows.columns[i]!.name).toBe(column.name);
      expect(fromRows.columns[i]!.values, column.name).toEqual(column.values);
      expect(fromRows.columns[i]!.summary, column.name).toEqual(column.summary);
    }
  });

  it('keeps ids with spaces and non-ASCII text intact', () => {
    const qrels = qrelsFromRows([
      { queryId: 'q é', docId: 'doc one', relevance: 2 },
      { queryId: 'q é', docId: 'doc two', relevance: 0 },
    ]);
    const run = runFromRows(
      [
        { queryId: 'q é', docId: 'doc two', score: 2 },
        { queryId: 'q é', docId: 'doc one', score: 1 },
      ],
      'r',
    );
    const evaluation = evaluateRun(qrels, run, { measures: resolveMeasures(['recip_rank']) });
    expect(evaluation.queryIds).toEqual(['q é']);
    expect(evaluation.columns[0]!.values).toEqual([0.5]);
  });

  it('refuses a document judged twice for one query, naming both', () => {
    expect(() => qrelsFromRows([
      { queryId: 'q1', docId: 'd', relevance: 1 },
      { queryId: 'q1', docId: 'd', relevance: 2 },
    ])).toThrow("duplicate judgment for query 'q1' document 'd'");
  });
});
