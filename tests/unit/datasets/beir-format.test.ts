import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateBeirFiles, readBeirCorpus, readBeirQrels, readBeirQueries } from '../../../core/datasets/beir-format';
import { AppError } from '../../../core/runtime/errors';
import { writeBeirFolder } from '../../helpers/beir-fixture';
import { useTempDirs } from '../../helpers/temp-dir';

async function collect<T>(generator: AsyncGenerator<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of generator) items.push(item);
  return items;
}

async function errorOf(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('BEIR reader', () => {
  const tempDir = useTempDirs();

  it('reads documents with line numbers, numeric ids as strings, and missing titles as empty', async () => {
    const dir = writeBeirFolder(tempDir(), { corpus: ['{"_id": 7, "text": "seven"}', '', '{"_id": "b", "title": "B", "text": "bee"}'] });
    const docs = await collect(readBeirCorpus(locateBeirFiles(dir).corpus));
    expect(docs.map(({ doc, line }) => [doc.id, doc.title, doc.text, line])).toEqual([
      ['7', '', 'seven', 1],
      ['b', 'B', 'bee', 3],
    ]);
  });

  it('names the missing file', async () => {
    const dir = writeBeirFolder(tempDir());
    fs.rmSync(path.join(dir, 'queries.jsonl'));
    const error = await errorOf(async () => locateBeirFiles(dir));
    expect(error.code).toBe('IMPORT_MISSING_FILE');
    expect(error.message).toBe(`${path.join(dir, 'queries.jsonl')}: missing BEIR queries (queries.jsonl)`);
  });

  it('reports broken JSON with file and line', async () => {
    const dir = writeBeirFolder(tempDir(), { corpus: ['{"_id": "a", "text": "ok"}', '{"_id": "b", "text": '] });
    const error = await errorOf(() => collect(readBeirCorpus(path.join(dir, 'corpus.jsonl'))));
    expect(error.code).toBe('IMPORT_BAD_LINE');
    expect(error.location).toMatchObject({ file: path.join(dir, 'corpus.jsonl'), line: 2 });
    expect(error.message).toMatch(/corpus\.jsonl:2: invalid JSON/);
  });

  it('reports a field of the wrong type by name', async () => {
    const dir = writeBeirFolder(tempDir(), { corpus: ['{"_id": "a", "text": 5}'] });
    const error = await errorOf(() => collect(readBeirCorpus(path.join(dir, 'corpus.jsonl'))));
    expect(error.location).toMatchObject({ line: 1, field: 'text' });
    expect(error.message).toMatch(/corpus\.jsonl:1: text: /);
  });

  it('rejects duplicate query ids', async () => {
    const dir = writeBeirFolder(tempDir(), { queries: ['{"_id": "q", "text": "a"}', '{"_id": "q", "text": "b"}'] });
    const error = await errorOf(() => readBeirQueries(path.join(dir, 'queries.jsonl')));
    expect(error).toMatchObject({ code: 'IMPORT_DUPLICATE_ID', location: { line: 2, field: '_id' } });
  });

  it('checks qrels ids against the imported queries and documents', async () => {
    const known = { queryIds: new Set(['q1']), docIds: new Set(['d1']) };
    const write = (lines: string[]) => writeBeirFolder(tempDir(), { qrels: lines });
    const unknownDoc = write(['query-id\tcorpus-id\tscore', 'q1\td1\t1', 'q1\tzz\t1']);
    const error = await errorOf(() => readBeirQrels(path.join(unknownDoc, 'qrels', 'test.tsv'), known));
    expect(error).toMatchObject({ code: 'IMPORT_UNKNOWN_ID', location: { line: 3, field: 'corpus-id' } });
    expect(error.message).toContain('unknown document id "zz"');

    const unknownQuery = write(['query-id\tcorpus-id\tscore', 'q9\td1\t1']);
    expect((await errorOf(() => readBeirQrels(path.join(unknownQuery, 'qrels', 'test.tsv'), known))).location).toMatchObject({ line: 2, field: 'query-id' });

    const badScore = write(['q1\td1\thigh']);
    expect((await errorOf(() => readBeirQrels(path.join(badScore, 'qrels', 'test.tsv'), known))).location).toMatchObject({ line: 1, field: 'score' });

    const good = write(['query-id\tcorpus-id\tscore', 'q1\td1\t-1']);
    expect(await readBeirQrels(path.join(good, 'qrels', 'test.tsv'), known)).toEqual([{ queryId: 'q1', docId: 'd1', relevance: -1 }]);
  });
});
