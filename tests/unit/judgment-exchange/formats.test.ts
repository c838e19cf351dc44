import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvLine, safeCell, unguardCell } from '../../../core/judgment-exchange/formats/csv';
import { numericQueryIds, writeLightgbm, writePairs, writeTrecPrefs, writeWideCsv } from '../../../core/judgment-exchange/formats/writers';
import { LineSink, writeFileWith } from '../../../core/judgment-exchange/formats/line-sink';
import { parseLevelMapping } from '../../../core/judgment-exchange/scales';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-formats-'));
const written = (write: Parameters<typeof writeFileWith>[1]) => {
  const file = path.join(dir, `f${Math.random()}`);
  writeFileWith(file, write);
  return fs.readFileSync(file, 'utf8');
};

describe('CSV cells', () => {
  it('guards cells a spreadsheet would run as formulas, and reads them back', () => {
    for (const value of ['=SUM(A1)', '+1', '-2', '@cmd']) {
      expect(safeCell(value).startsWith("'")).toBe(true);
      expect(unguardCell(parseCsvLine(safeCell(value))![0]!)).toBe(value);
    }
    expect(safeCell('plain')).toBe('plain');
    expect(parseCsvLine(safeCell('a "quoted", cell'))).toEqual(['a "quoted", cell']);
    expect(parseCsvLine('"open,cell')).toBeNull();
  });
});

describe('writers', () => {
  it('writes one trec_eval judgment group per rater, and one per (rater, comparison, query) for side-by-side preferences', () => {
    const preference = (preferred: string, other: string, comparisonId = 4) => ({ queryId: '1', preferred, other, rater: 'bo', comparisonId, strength: 2 });
    const text = written((sink) =>
      writeTrecPrefs(
        sink,
        [{ queryId: '1', docId: 'a', rater: 'ana maria', gain: 2 }, { queryId: '1', docId: 'b', rater: 'bo', gain: 0 }],
        [preference('a', 'c'), preference('a', 'd'), preference('b', 'c'), preference('b', 'd'), preference('c', 'a', 5)],
      ),
    );
    // Preferred-exclusive documents 2, the other side's 1 (0 would claim "nonrelevant" to trec_eval); a second comparison is its own group.
    expect(text).toBe('1 ana_maria 0 a 2\n1 bo 0 b 0\n1 bo.cmp4 sbs a 2\n1 bo.cmp4 sbs c 1\n1 bo.cmp4 sbs d 1\n1 bo.cmp4 sbs b 2\n1 bo.cmp5 sbs c 2\n1 bo.cmp5 sbs a 1\n');
  });

  it('lays raters side by side in the wide CSV, blank where a rater did not grade', () => {
    const text = written((sink) => writeWideCsv(sink, [{ queryId: '1', docId: 'a', rater: 'bo', gain: 1 }, { queryId: '1', docId: 'a', rater: 'ana', gain: 2 }, { queryId: '1', docId: 'b', rater: 'bo', gain: 0 }]));
    expect(text).toBe('query,docid,ana,bo\n1,a,2,1\n1,b,,0\n');
  });

  it('keeps a query\'s LightGBM rows contiguous and writes its group sizes in the same order', () => {
    const lines = [
      { queryId: 'x', docId: 'a', gain: 1, features: [0.5, 1], computed: false },
      { queryId: 'y', docId: 'b', gain: 0, features: [0, 2], computed: false },
      { queryId: 'x', docId: 'c', gain: 0, features: [1, 0], computed: true },
    ];
    const groups = path.join(dir, 'groups');
    const groupSink = new LineSink(groups);
    const rows = written((sink) => writeLightgbm(sink, groupSink, lines));
    groupSink.close();
    expect(rows).toBe('1 1:0.5 2:1\n0 1:1 2:0\n0 1:0 2:2\n');
    expect(fs.readFileSync(groups, 'utf8')).toBe('2\n1\n');
  });

  it('makes training pairs only from different grades within a query', () => {
    const pairs = written((sink) => writePairs(sink, [{ queryId: '1', queryText: 't', docId: 'a', gain: 2 }, { queryId: '1', queryText: 't', docId: 'b', gain: 2 }, { queryId: '1', queryText: 't', docId: 'c', gain: 0 }, { queryId: '2', queryText: 'u', docId: 'd', gain: 1 }]));
    expect(pairs.trim().split('\n').map((line) => JSON.parse(line)).map((pair) => `${pair.preferred}>${pair.other}`)).toEqual(['a>c', 'b>c']);
  });

  it('writes side-by-side document preferences as pairs with their comparison, strength and rater', () => {
    const pairs = written((sink) => writePairs(sink, [], [{ queryId: '1', preferred: 'a', other: 'c', rater: 'bo', comparisonId: 4, strength: 1 }]));
    expect(JSON.parse(pairs)).toEqual({ query: '1', preferred: 'a', other: 'c', rater: 'bo', comparison: 4, strength: 1, origin: 'side-by-side' });
  });

  it('uses integer query ids as SVMlight qids, and their order otherwise', () => {
    expect([...numericQueryIds(['3', '10', '3'])]).toEqual([['3', 3], ['10', 10]]);
    expect([...numericQueryIds(['q1', '10'])]).toEqual([['q1', 1], ['10', 2]]);
  });

  it('parses a level mapping and refuses malformed entries', () => {
    expect(parseLevelMapping('0=1, 1=2,0.50=3')).toEqual({ '0': 1, '1': 2, '0.5': 3 });
    expect(() => parseLevelMapping('0=1,0=2')).toThrow(/twice/);
    expect(() => parseLevelMapping('high=3')).toThrow(/FILE_LEVEL=SCALE_VALUE/);
  });
});
