import { describe, expect, it } from 'vitest';
import { comparisonFromParams, paramsFromComparison } from '../../../renderer/pages/dashboard/comparison-params';
import { fileStem, fixed, interval, pValue, signed, toCsv } from '../../../renderer/pages/dashboard/dashboard-format';

describe('dashboard number formats (as relwb compare prints them)', () => {
  it('prints four decimals, signs on deltas, <0.0001 for tiny p-values and a dash for what is missing', () => {
    expect(fixed(0.12345678)).toBe('0.1235');
    expect(fixed(null)).toBe('—');
    expect(signed(0.05)).toBe('+0.0500');
    expect(signed(-0.00001)).toBe('-0.0000');
    expect(interval([-0.0123, 0.2])).toBe('[-0.0123, +0.2000]');
    expect(pValue(0.00009)).toBe('<0.0001');
    expect(pValue(0.5)).toBe('0.5000');
  });

  it('writes RFC 4180 CSV', () => {
    expect(toCsv(['query', 'delta'], [['a,b', '+0.1'], ['say "hi"', '-0.2']])).toBe('query,delta\r\n"a,b",+0.1\r\n"say ""hi""",-0.2\r\n');
    expect(fileStem('nDCG@10 per query: bm25 − dense')).toBe('ndcg@10-per-query-bm25-dense');
  });
});

describe('comparison in the URL', () => {
  it('round-trips a comparison and refuses an incomplete one', () => {
    const args = { dataset: 'pins', querySet: 3, runs: [7], variants: ['bm25'], labels: { kind: 'task' as const, task: 4 }, k: 5 };
    expect(comparisonFromParams(new URLSearchParams(paramsFromComparison(args)))).toEqual(args);
    expect(comparisonFromParams(new URLSearchParams({ dataset: 'pins', querySet: '3', variants: 'bm25' }))).toBeNull();
    expect(comparisonFromParams(new URLSearchParams({ dataset: 'pins', variants: 'a,b' }))).toBeNull();
    expect(comparisonFromParams(new URLSearchParams({ dataset: 'pins', querySet: '1', variants: 'a,b', k: 'x' }))).toMatchObject({ labels: { kind: 'qrels' }, k: 10 });
  });
});
