import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceJudgments } from '../../core/judgments/source-labels';
import type { ImportFormat } from '../../core/judgment-exchange/formats/readers';
import { cliCaller, raterCaller } from '../../core/runtime/caller';
import { openWorkbench, type Workbench } from '../../core/workbench';

const CRANFIELD = path.resolve(__dirname, '../../../shared/datasets/cranfield');
const QRELS = path.join(CRANFIELD, 'golden', 'qrels.trec');
/** Cranfield grades 0–4 onto the 5-level scale (1–5): gains come back as 0–4. */
const MAP = { '0': 1, '1': 2, '2': 3, '3': 4, '4': 5 };

const lead = cliCaller();
const sorted = (lines: string[]) => [...lines].sort();
const qrelLines = (text: string) => sorted(text.trim().split('\n').map((line) => line.trim().split(/\s+/).join(' ')));

describe('judgments in and out', () => {
  let workbench: Workbench;
  let dir: string;
  const judgmentsOf = (source: string) => {
    const datasetId = workbench.datasets.require('cran').id;
    return sorted(sourceJudgments(workbench.ctx.store, datasetId, source).judgments.map((row) => `${row.queryId} ${row.docId} ${row.fileRater} ${row.grade}`));
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-jio-'));
    workbench = await openWorkbench({ dataDir: dir, device: 'cpu' });
    await workbench.datasets.startImport({ format: 'beir', path: CRANFIELD, name: 'cran' }).finished;
  }, 180_000);
  afterAll(async () => {
    await workbench?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports TREC qrels as an imported source, idempotently, and runs score on it as on the qrels', async () => {
    const first = await workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: QRELS, source: 'cranfield', scale: 'five-level', mapping: MAP }, lead);
    expect(first).toMatchObject({ alreadyImported: false, leftOut: 0, import: { source: 'cranfield', scaleId: 'five-level', judgments: 1836, importedBy: 'cli', format: 'qrels' } });
    expect(first.import.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: QRELS, source: 'cranfield', scale: 'five-level', mapping: MAP }, lead);
    expect(again).toMatchObject({ alreadyImported: true, import: { id: first.import.id } });
    expect(workbench.judgmentImports.list('cran')).toHaveLength(1);

    const fromImport = workbench.runs.labelRows('cran', { kind: 'import', source: 'cranfield' });
    const fromQrels = workbench.runs.labelRows('cran', { kind: 'qrels' });
    const asText = (rows: { queryId: string; docId: string; relevance: number }[]) => sorted(rows.map((row) => `${row.queryId} ${row.docId} ${row.relevance}`));
    expect(asText(fromImport.rows)).toEqual(asText(fromQrels.rows));
    expect(fromImport.label).toBe('imported source "cranfield" (1836 judgments)');
  });

  it('refuses a rater, a bad line and unknown ids with file:line, writing nothing', async () => {
    const bad = path.join(dir, 'bad.qrels');
    fs.writeFileSync(bad, '1 0 184 3\n1 0 29 x\n');
    await expect(workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: bad }, raterCaller({ id: 9, name: 'ana', role: 'rater' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: bad }, lead)).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      location: { file: bad, line: 2, field: 'relevance' },
    });
    const unknown = path.join(dir, 'unknown.qrels');
    fs.writeFileSync(unknown, '1 0 184 3\n1 0 no-such-doc 1\n999 0 29 1\n');
    await expect(workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: unknown, source: 'partial' }, lead)).rejects.toMatchObject({
      code: 'IMPORT_UNKNOWN_ID',
      location: { line: 2, field: 'document' },
    });
    const offScale = path.join(dir, 'off-scale.qrels');
    fs.writeFileSync(offScale, '1 0 184 3\n1 0 29 7\n');
    await expect(workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: offScale, scale: 'trec-0-3' }, lead)).rejects.toMatchObject({ code: 'IMPORT_BAD_LINE', location: { line: 2 } });
    expect(workbench.judgmentImports.list('cran').map((entry) => entry.source)).toEqual(['cranfield']);

    const kept = await workbench.judgmentImports.importFile({ dataset: 'cran', format: 'qrels', path: unknown, source: 'partial', skipUnknown: true }, lead);
    expect(kept).toMatchObject({ leftOut: 2, unknownQueries: ['999'], unknownDocuments: ['no-such-doc'], import: { judgments: 1, scaleId: 'trec-0-3' } });
  });

  it('exports qrels right after importing them: the same pairs and labels', async () => {
    const out = path.join(dir, 'out', 'cranfield.qrels');
    const report = await workbench.judgmentExports.exportJudgments({ dataset: 'cran', format: 'qrels', out, source: 'cranfield' });
    expect(report).toMatchObject({ pairs: 1836, judgments: 1836, rows: 1836, queries: 225 });
    expect(qrelLines(fs.readFileSync(out, 'utf8'))).toEqual(qrelLines(fs.readFileSync(QRELS, 'utf8')));
  });

  const roundTrips: { format: ImportFormat; mapping?: Record<string, number> }[] = [
    { format: 'qrels', mapping: MAP },
    { format: 'beir', mapping: MAP },
    { format: 'quepid-csv', mapping: MAP },
    { format: 'rre', mapping: MAP },
    { format: 'srw', mapping: MAP },
    // Our JSONL carries scale values and the scale: no mapping.
    { format: 'jsonl' },
  ];
  for (const { format, mapping } of roundTrips) {
    it(`round-trips ${format}: export then import gives identical judgments`, async () => {
      const out = path.join(dir, 'out', `round-trip.${format}`);
      await workbench.judgmentExports.exportJudgments({ dataset: 'cran', format, out, source: 'cranfield' });
      const report = await workbench.judgmentImports.importFile({ dataset: 'cran', format, path: out, source: `back-${format}`, scale: 'five-level', mapping }, lead);
      expect(report.import.judgments).toBe(1836);
      // The qrels file named no raters; the JSONL names the source as its rater.
      const expected = judgmentsOf('cranfield').map((line) => (format === 'jsonl' ? line.replace(/^(\S+ \S+) /, '$1 cranfield') : line));
      expect(judgmentsOf(`back-${format}`)).toEqual(expected);
    }, 60_000);
  }

  it('carries each document\'s full text in JSONL, and with a variant its stage scores computed at export', async () => {
    const out = path.join(dir, 'out', 'stages.jsonl');
    await workbench.judgmentExports.exportJudgments({ dataset: 'cran', format: 'jsonl', out, source: 'cranfield', variant: 'bm25', depth: 10 });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const corpus = new Map(
      fs.readFileSync(path.join(CRANFIELD, 'corpus.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { _id: string; text: string }).map((doc) => [doc._id, doc.text]),
    );
    // Longer than a result card's snippet: the export still holds all of it.
    const long = lines.filter((line) => (corpus.get(line.document.id) ?? '').length > 400);
    expect(long.length).toBeGreaterThan(0);
    for (const line of long.slice(0, 50)) expect(line.document.text).toBe(corpus.get(line.document.id));
    expect(lines[0].document).toHaveProperty('tags');
    expect(lines[0].document).toHaveProperty('board');
    expect(lines[0].document).toHaveProperty('image');
    // Stage scores: what bm25 gives the pair now, flagged computed; pairs outside its top 10 get rank null.
    const retrieved = lines.filter((line) => line.stages.rank !== null);
    expect(retrieved.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.stages.computed === true && line.stages.variant === 'bm25')).toBe(true);
    const sample = retrieved[0];
    const query = workbench.ctx.store.queries.list(workbench.datasets.require('cran').id).find((row) => row.queryId === sample.query.id)!;
    const { ranked } = await workbench.search.rank({ dataset: 'cran', text: query.text, k: 10, variant: 'bm25' });
    const result = ranked.find((entry) => entry.doc.id === sample.document.id)!;
    expect(sample.stages).toMatchObject({ rank: result.rank, score: result.score, retrievers: JSON.parse(JSON.stringify(result.explanation.retrievers)) });
    expect(lines.some((line) => line.stages.rank === null)).toBe(true);
    // Without a variant nothing is computed.
    await workbench.judgmentExports.exportJudgments({ dataset: 'cran', format: 'jsonl', out: `${out}.plain`, source: 'cranfield' });
    expect(JSON.parse(fs.readFileSync(`${out}.plain`, 'utf8').split('\n')[0]!).stages).toBeNull();
  }, 120_000);

  it('reads RRE ratings in the gain-keyed shape as in the doc-keyed one', async () => {
    const file = path.join(dir, 'gain-keyed.json');
    fs.writeFileSync(file, JSON.stringify({ index: 'cran', query_groups: [{ name: '1', queries: [], relevant_documents: { '3': ['184', '29'], '1': ['31'] } }] }, null, 2));
    await workbench.judgmentImports.importFile({ dataset: 'cran', format: 'rre', path: file, source: 'rre-gain', scale: 'trec-0-3' }, lead);
    expect(judgmentsOf('rre-gain')).toEqual(sorted(['1 184  3', '1 29  3', '1 31  1']));
  });

  it('reads a Quepid cell that looks like a formula as plain text (here: an unknown query)', async () => {
    const file = path.join(dir, 'formula.csv');
    fs.writeFileSync(file, 'query,docid,rating\n"=HYPERLINK(""x"")",184,1\n');
    await expect(workbench.judgmentImports.importFile({ dataset: 'cran', format: 'quepid-csv', path: file }, lead)).rejects.toMatchObject({ code: 'IMPORT_UNKNOWN_ID', location: { line: 2, field: 'query' } });
  });

  it('exports LETOR for a variant\'s top k, split by query, with a feature map', async () => {
    const out = path.join(dir, 'letor');
    const report = await workbench.judgmentExports.exportJudgments({ dataset: 'cran', format: 'letor', out, source: 'cranfield', variant: 'bm25', depth: 10, split: [0.7, 0.15, 0.15], seed: 3 });
    // 225 queries at 70/15/15: 157.5, 33.75, 33.75 by largest remainder.
    expect(report.split!.map((part) => part.queries)).toEqual([157, 34, 34]);
    expect(report.split!.reduce((sum, part) => sum + part.rows, 0)).toBe(report.rows);
    expect(report.computedFeatures).toBe(report.rows);
    const map = JSON.parse(fs.readFileSync(path.join(out, 'features.json'), 'utf8'));
    expect(map.featureVersion).toBe(report.featureVersion);
    const seen = new Map<string, string>();
    for (const part of ['train', 'validation', 'test']) {
      const lines = fs.readFileSync(path.join(out, `${part}.txt`), 'utf8').trim().split('\n');
      let previous = '';
      for (const line of lines) {
        const match = /^(\d+) qid:(\d+) ((?:\d+:\S+ ?)+)# (\S+) computed$/.exec(line);
        expect(match, line).not.toBeNull();
        const [, , qid, features] = match!;
        const ids = features!.trim().split(' ').map((pair) => Number(pair.split(':')[0]));
        expect(ids).toEqual(map.features.map((feature: { id: number }) => feature.id));
        // A query's lines are contiguous and in one part only.
        if (qid !== previous) expect(seen.has(qid!)).toBe(false);
        seen.set(qid!, part);
        previous = qid!;
      }
    }
  }, 120_000);
});
