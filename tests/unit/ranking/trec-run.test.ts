import { describe, expect, it } from 'vitest';
import { formatTrecRun } from '../../../core/ranking/trec-run';

describe('formatTrecRun', () => {
  it('writes qid Q0 docid rank score tag with strictly decreasing scores', () => {
    const text = formatTrecRun(
      [
        { queryId: '1', results: [{ id: 'a', score: 2.5 }, { id: 'b', score: 2.5 }, { id: 'c', score: 3 }, { id: 'd', score: 1 }] },
        { queryId: '2', results: [{ id: 'x', score: 0.1234567 }] },
      ],
      'bm25',
    );
    expect(text).toBe(
      ['1 Q0 a 1 2.500000 bm25', '1 Q0 b 2 2.499999 bm25', '1 Q0 c 3 2.499998 bm25', '1 Q0 d 4 1.000000 bm25', '2 Q0 x 1 0.123457 bm25', ''].join('\n'),
    );
  });

  it('refuses a tag with spaces, which would break the column format', () => {
    expect(() => formatTrecRun([], 'my run')).toThrow(/one word/);
  });
});
