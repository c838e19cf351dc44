import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/eval/statistics';
import { informationalClickModel, simulateCascadeClicks, simulateInterleaving, type SimulatedQuery } from '../../../core/comparison/click-simulation';

describe('informationalClickModel', () => {
  it("is Hofmann et al.'s informational user on five levels and interpolates other scales", () => {
    expect(informationalClickModel(5)).toEqual({ click: [0.4, 0.6, 0.7, 0.8, 0.9], stop: [0.1, 0.2, 0.3, 0.4, 0.5] });
    const binary = informationalClickModel(2);
    expect(binary.click).toEqual([0.4, 0.9]);
    expect(binary.stop).toEqual([0.1, 0.5]);
    expect(informationalClickModel(4).click[1]).toBeCloseTo(0.6 + (0.7 - 0.6) / 3, 12);
  });
});

describe('simulateCascadeClicks', () => {
  it('clicks in reading order and stops after a click when the model says so', () => {
    const always = { click: [1, 1], stop: [0, 1] };
    expect(simulateCascadeClicks(['x', 'y', 'z'], (doc) => (doc === 'y' ? 1 : 0), always, createRng(1))).toEqual(['x', 'y']);
    const never = { click: [0, 0], stop: [0, 0] };
    expect(simulateCascadeClicks(['x', 'y'], () => 1, never, createRng(1))).toEqual([]);
  });
});

describe('simulateInterleaving', () => {
  // Per query: 4 relevant (level 4) and 6 non-relevant documents; A ranks the relevant first, B last.
  const queries: SimulatedQuery[] = Array.from({ length: 30 }, (_, q) => {
    const relevant = Array.from({ length: 4 }, (_, i) => `q${q}-r${i}`);
    const other = Array.from({ length: 6 }, (_, i) => `q${q}-n${i}`);
    const better = q % 3 !== 0;
    const good = [...relevant, ...other];
    const bad = [...other, ...relevant];
    return {
      queryId: `q${q}`,
      a: better ? good : bad,
      b: better ? bad : good,
      levels: new Map(relevant.map((doc) => [doc, 4])),
      metricDifference: better ? 0.5 : -0.5,
    };
  });

  it('agrees with a large metric difference on nearly every query, and is reproducible', () => {
    const options = { depth: 10, impressions: 50, seed: 11, model: informationalClickModel(5) };
    const result = simulateInterleaving(queries, options);
    expect(result.agreement.decided).toBe(30);
    expect(result.agreement.rate).toBeGreaterThanOrEqual(0.9);
    expect(result.perQuery.filter((query) => query.metricVerdict === 'B').every((query) => query.winsB > query.winsA)).toBe(true);
    expect(simulateInterleaving(queries, options)).toEqual(result);
  });

  it('finds no preference between identical rankings', () => {
    const same = queries.map((query) => ({ ...query, b: query.a, metricDifference: 0 }));
    const result = simulateInterleaving(same, { depth: 10, impressions: 200, seed: 5, model: informationalClickModel(5) });
    expect(result.agreement.decided).toBe(0);
    const winsA = result.perQuery.reduce((sum, query) => sum + query.winsA, 0);
    const winsB = result.perQuery.reduce((sum, query) => sum + query.winsB, 0);
    // 6,000 impressions: A's share of the decided ones is within a few points of a half.
    expect(Math.abs(winsA / (winsA + winsB) - 0.5)).toBeLessThan(0.05);
  });
});
