import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readQuerySet } from '../../../core/datasets/query-set-format';
import { useTempDirs } from '../../helpers/temp-dir';

describe('query sets', () => {
  const tempDir = useTempDirs();

  function writeFile(name: string, lines: string[]): string {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }

  const plain = (queryId: string, text: string) => ({ queryId, text, frequency: null, segment: null });

  it('numbers plain-text queries in order, skipping blank lines', async () => {
    const file = writeFile('queries.txt', ['red chair', '', '  oak desk  ', '"exact phrase" lamp']);
    expect(await readQuerySet(file)).toEqual([plain('1', 'red chair'), plain('2', 'oak desk'), plain('3', '"exact phrase" lamp')]);
  });

  it('reads id<TAB>text lines when the first line has a tab, and holds every line to it', async () => {
    const file = writeFile('topics.txt', ['301\tinternational organized crime', '302\tpoliomyelitis and post-polio']);
    expect(await readQuerySet(file)).toEqual([plain('301', 'international organized crime'), plain('302', 'poliomyelitis and post-polio')]);

    const mixed = writeFile('topics.txt', ['301\tcrime', 'no tab here']);
    await expect(readQuerySet(mixed)).rejects.toMatchObject({ code: 'IMPORT_BAD_LINE', message: `${mixed}:2: expected id<TAB>text: the first line has a tab, so every line must have exactly one` });
  });

  it('reads JSONL with the default keys, numeric ids and optional frequency and segment', async () => {
    const file = writeFile('queries.jsonl', [
      JSON.stringify({ _id: 'q1', text: 'red chair', frequency: 120, segment: 'furniture' }),
      JSON.stringify({ qid: 2, query: 'desk lamp', count: '7', category: 'lighting' }),
      JSON.stringify({ id: 'q3', text: 'rug' }),
    ]);
    expect(await readQuerySet(file)).toEqual([
      { queryId: 'q1', text: 'red chair', frequency: 120, segment: 'furniture' },
      { queryId: '2', text: 'desk lamp', frequency: 7, segment: 'lighting' },
      plain('q3', 'rug'),
    ]);
  });

  it('reads CSV and TSV by extension, with a mapping or default columns', async () => {
    const csv = writeFile('log.csv', ['search_term,hits,team', '"chairs, wooden",40,home', 'lamp,,']);
    expect(await readQuerySet(csv, { mapping: { text: 'search_term', frequency: 'hits', segment: 'team' } })).toEqual([
      { queryId: '1', text: 'chairs, wooden', frequency: 40, segment: 'home' },
      plain('2', 'lamp'),
    ]);

    const tsv = writeFile('log.tsv', ['qid\tquery\tcount', 'a\t"quoted" start\t3']);
    expect(await readQuerySet(tsv)).toEqual([{ queryId: 'a', text: '"quoted" start', frequency: 3, segment: null }]);
  });

  it('honours an explicit format over the extension', async () => {
    const file = writeFile('queries.log', ['{"id":"x","query":"sofa"}']);
    expect(await readQuerySet(file, { format: 'jsonl' })).toEqual([plain('x', 'sofa')]);
    await expect(readQuerySet(file)).rejects.toMatchObject({ code: 'INVALID_ARGS', location: { field: 'format' } });
  });

  it.each([
    ['queries.jsonl', ['{"id":"a","text":"x"}', '{"id":"a","text":"y"}'], 'IMPORT_DUPLICATE_ID', ':2: id: duplicate query id "a"'],
    ['queries.csv', ['qid,text', 'a,x', 'b,y', 'a,z'], 'IMPORT_DUPLICATE_ID', ':4: qid: duplicate query id "a"'],
    ['topics.txt', ['1\tx', '1\ty'], 'IMPORT_DUPLICATE_ID', ':2: id: duplicate query id "1"'],
    ['queries.jsonl', ['{"id":"a","text":"x"}', '{"id":"b","text":"  "}'], 'IMPORT_BAD_LINE', ':2: text: query text is empty'],
    ['queries.csv', ['id,text', 'a,'], 'IMPORT_BAD_LINE', ':2: text: query text is empty'],
    ['topics.txt', ['1\tx', '2\t '], 'IMPORT_BAD_LINE', ':2: text: query text is empty'],
    ['queries.jsonl', ['{"id":"a","title":"x"}'], 'IMPORT_BAD_LINE', ':1: text: no query text'],
    ['queries.jsonl', ['{"id":"a","text":"x","frequency":-1}'], 'IMPORT_BAD_LINE', ':1: frequency: must be a non-negative number, got -1'],
  ])('rejects %s %j', async (name, lines, code, message) => {
    const file = writeFile(name, lines);
    await expect(readQuerySet(file)).rejects.toMatchObject({ code, message: expect.stringContaining(`${file}${message}`) });
  });

  it('requires mapped columns to exist', async () => {
    const file = writeFile('log.csv', ['term', 'lamp']);
    await expect(readQuerySet(file, { mapping: { text: 'term', segment: 'team' } })).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      message: `${file}:1: team: no such column in the header (columns: "term")`,
    });
    await expect(readQuerySet(file, { format: 'text', mapping: { text: 'term' } })).rejects.toMatchObject({ code: 'INVALID_ARGS' });
  });

  it('names a missing file', async () => {
    const file = path.join(tempDir(), 'missing.txt');
    await expect(readQuerySet(file)).rejects.toMatchObject({ code: 'IMPORT_MISSING_FILE', message: `${file}: missing query set` });
  });
});
