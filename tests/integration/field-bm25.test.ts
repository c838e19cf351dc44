import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseDocuments, FIELD_COLUMNS, fieldScores } from '../../core/index/document-table';
import { scanAnalyzedCorpus } from '../../core/ranking/analyzed-corpus';
import { bm25FieldScores, bm25Idf, collectBm25FieldStats, collectCorpusTermStats } from '../../core/ranking/bm25';
import { analyzeDocument, analyzeTerms, documentTerms, FEATURE_NAMES } from '../../core/ranking/features';
import { openWorkbench, type Workbench } from '../../core/workbench';
import fsp from 'node:fs/promises';
import os from 'node:os';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');

/** The ranking features read per-field BM25 from LanceDB; docs/ranking.md states the formula it must follow. */
describe('per-field BM25 features', () => {
  let dataDir: string;
  let workbench: Workbench;

  beforeAll(async () => {
    dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'relwb-bm25-'));
    workbench = await openWorkbench({ dataDir, device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran', denseModels: [] }).finished;
  });

  afterAll(async () => {
    await workbench?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('equal the documented formula (reference implementation) on the title field', async () => {
    const docs = fs
      .readFileSync(path.join(CRANFIELD, 'corpus.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { _id: string; title: string });
    const titles = docs.map((doc) => analyzeTerms(doc.title));
    const stats = collectBm25FieldStats(titles);
    const lance = await import('@lancedb/lancedb');
    const db = await lance.connect(path.join(dataDir, 'lance'));
    const table = await db.openTable(workbench.datasets.require('cran').lanceTable);
    for (const query of ['boundary layer heat transfer', 'supersonic flow over a cone', 'buckling of cylindrical shells']) {
      const candidates = (await workbench.search.rank({ dataset: 'cran', text: query, k: 30, variant: 'bm25' })).ranked.map((result) => result.doc.id);
      const fromIndex = await fieldScores(table, query, FIELD_COLUMNS.title, candidates);
      const reference = bm25FieldScores(
        [...new Set(analyzeTerms(query))],
        candidates.map((id) => titles[docs.findIndex((doc) => doc._id === id)]),
        stats,
      );
      candidates.forEach((id, i) => {
        const indexed = fromIndex.get(id) ?? 0;
        expect(Math.abs(indexed - reference[i])).toBeLessThanOrEqual(1e-3 * Math.max(1, reference[i]));
      });
      expect(reference.some((score) => score > 0)).toBe(true);
    }
    db.close();
  });

  it('whole-document BM25 and query IDF use the whole text and its corpus statistics, as the index does', async () => {
    const docs = fs
      .readFileSync(path.join(CRANFIELD, 'corpus.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { _id: string; title: string; text: string });
    const wholeTerms = new Map(docs.map((doc) => [doc._id, analyzeTerms(`${doc.title}\n${doc.text}`)]));
    const stats = collectBm25FieldStats(wholeTerms.values());
    const feature = (values: number[], name: (typeof FEATURE_NAMES)[number]) => values[FEATURE_NAMES.indexOf(name)]!;
    for (const query of ['boundary layer heat transfer', 'supersonic flow over a cone']) {
      const terms = [...new Set(analyzeTerms(query))];
      const { ranked } = await workbench.search.rank({ dataset: 'cran', text: query, k: 30, variant: 'bm25', features: true });
      const reference = bm25FieldScores(terms, ranked.map((result) => wholeTerms.get(result.doc.id)!), stats);
      ranked.forEach((result, i) => {
        const values = result.explanation.features!.values;
        expect(Math.abs(feature(values, 'bm25_document') - reference[i])).toBeLessThanOrEqual(1e-3 * Math.max(1, reference[i]));
        // The bm25 retriever searches the same column, so its score is the same number.
        expect(feature(values, 'bm25_document')).toBeCloseTo(result.explanation.retrievers.bm25!.score, 4);
        expect(feature(values, 'bm25_rank')).toBe(1 / result.explanation.retrievers.bm25!.rank);
      });
      const idfSum = terms.reduce((sum, term) => sum + bm25Idf(stats.docCount, stats.docFreq.get(term) ?? 0), 0);
      expect(feature(ranked[0].explanation.features!.values, 'query_idf_sum')).toBeCloseTo(idfSum, 10);
    }
  });

  it('the forward index gives back each document as analyzing it does, also when its budget holds only some', async () => {
    const lance = await import('@lancedb/lancedb');
    const db = await lance.connect(path.join(dataDir, 'lance'));
    const table = await db.openTable(workbench.datasets.require('cran').lanceTable);
    const docs = await browseDocuments(table, 10_000, 0);
    const full = await scanAnalyzedCorpus(table);
    expect(full.indexedDocuments).toBe(docs.length);
    const expectedStats = collectCorpusTermStats(docs.map((doc) => documentTerms(analyzeDocument(doc))));
    expect(full.stats.document.docFreq).toEqual(expectedStats.docFreq);
    expect(full.stats.document.collectionFreq).toEqual(expectedStats.collectionFreq);
    expect(full.stats.document.totalLength).toBe(expectedStats.totalLength);
    const partial = await scanAnalyzedCorpus(table, 20_000);
    expect(partial.indexedDocuments).toBeGreaterThan(0);
    expect(partial.indexedDocuments).toBeLessThan(docs.length);
    expect(partial.stats).toEqual(full.stats);
    for (const doc of docs) {
      expect(full.analyze(doc)).toEqual(analyzeDocument(doc));
      expect(partial.analyze(doc)).toEqual(analyzeDocument(doc));
    }
    db.close();
  });
});
