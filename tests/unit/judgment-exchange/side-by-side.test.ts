import { describe, expect, it } from 'vitest';
import { documentPreferences, type SideBySideAnswer } from '../../../core/judgment-exchange/side-by-side';

const answer = (preference: number): SideBySideAnswer => ({ comparisonId: 3, queryId: 'q1', rater: 'alice', preference, updatedAt: '2026-12-04T00:00:00.000Z' });
const pairsOf = (preference: number, listA: string[], listB: string[], depth = 3) =>
  documentPreferences(answer(preference), listA, listB, depth).map((record) => `${record.preferred}>${record.other}`);

describe('document preferences from a side-by-side answer', () => {
  it('prefers each document only in the preferred side over each only in the other, leaving shared ones out', () => {
    expect(pairsOf(1, ['a', 'b', 's'], ['s', 'c', 'd'])).toEqual(['a>c', 'a>d', 'b>c', 'b>d']);
    // B preferred: the direction turns, the pairs are the same documents.
    expect(pairsOf(-2, ['a', 'b', 's'], ['s', 'c', 'd'])).toEqual(['c>a', 'c>b', 'd>a', 'd>b']);
  });

  it('gives none for "about the same", or when one side shows nothing the other does not', () => {
    expect(pairsOf(0, ['a', 'b'], ['c', 'd'])).toEqual([]);
    expect(pairsOf(2, ['a', 'b'], ['b', 'a'])).toEqual([]);
  });

  it('uses only the shown top k of each side', () => {
    // 'x' is ranked 4th by A: it was not shown, so it is neither preferred nor shared.
    expect(pairsOf(1, ['a', 's', 't', 'x'], ['s', 't', 'a'], 3)).toEqual([]);
    expect(pairsOf(1, ['a', 'b', 'c', 'x'], ['x', 'b', 'c'], 3)).toEqual(['a>x']);
  });

  it('carries the comparison, the rater and the strength of the answer', () => {
    expect(documentPreferences(answer(-2), ['a'], ['b'], 1)).toEqual([{ queryId: 'q1', preferred: 'b', other: 'a', rater: 'alice', comparisonId: 3, strength: 2 }]);
    expect(documentPreferences(answer(1), ['a'], ['b'], 1)[0]!.strength).toBe(1);
  });
});
