import { describe, expect, it } from 'vitest';
import { parseSplit, splitQueries } from '../../../core/judgment-exchange/split';

const queries = Array.from({ length: 40 }, (_, i) => ({ queryId: `q${i}`, segment: i < 30 ? 'head' : 'tail' }));

describe('splitQueries', () => {
  it('cuts each segment by the proportions, every query in exactly one part', () => {
    const parts = splitQueries(queries, [0.5, 0.25, 0.25], 7);
    expect(parts.size).toBe(40);
    const count = (segment: string, part: string) => queries.filter((query) => query.segment === segment && parts.get(query.queryId) === part).length;
    // head: 30 → 15/7.5/7.5, largest remainder gives 15/8/7; tail: 10 → 5/2.5/2.5 → 5/3/2.
    expect([count('head', 'train'), count('head', 'validation'), count('head', 'test')]).toEqual([15, 8, 7]);
    expect([count('tail', 'train'), count('tail', 'validation'), count('tail', 'test')]).toEqual([5, 3, 2]);
  });

  it('depends on the seed, not on the order queries come in', () => {
    const a = splitQueries(queries, [0.7, 0.15, 0.15], 1);
    const b = splitQueries([...queries].reverse(), [0.7, 0.15, 0.15], 1);
    const c = splitQueries(queries, [0.7, 0.15, 0.15], 2);
    expect([...b].sort()).toEqual([...a].sort());
    expect([...c].sort()).not.toEqual([...a].sort());
  });

  it('parses 70/15/15 and refuses splits that do not sum to 100', () => {
    expect(parseSplit('70/15/15')).toEqual([0.7, 0.15, 0.15]);
    expect(() => parseSplit('70/20/20')).toThrow(/sum to 100/);
    expect(() => parseSplit('70/30')).toThrow(/three percentages/);
  });
});
