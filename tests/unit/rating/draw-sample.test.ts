import { describe, expect, it } from 'vitest';
import { minimumDetectableEffect } from '../../../core/eval/statistics';
import type { QueryLogEntry } from '../../../core/rating/query-log';
import { DEFAULT_NDCG_DIFFERENCE_SD, DEFAULT_TIER_THRESHOLDS, drawSample, WHOLE_LOG_STRATUM } from '../../../core/rating/sampling';

const entries: QueryLogEntry[] = Array.from({ length: 30 }, (_, i) => ({ query: `q${String(i).padStart(2, '0')}`, count: 1000 >> Math.min(i, 9), segment: i % 2 ? 'odd' : 'even' }));
const noSd = () => undefined;

describe('drawSample', () => {
  it('summarizes an unstratified sample as one stratum over the whole log', () => {
    const drawn = drawSample(entries, { method: 'pps', size: 8, seed: 2 }, noSd);
    expect(drawn.queries).toHaveLength(8);
    expect(drawn.queries.every((query) => query.stratum === null)).toBe(true);
    expect(drawn.allocation).toBeNull();
    expect(drawn.strata).toEqual([
      { key: WHOLE_LOG_STRATUM, population: 30, trafficShare: 1, sampleSize: 8, sd: DEFAULT_NDCG_DIFFERENCE_SD, sdSource: 'default', minimumDetectableEffect: minimumDetectableEffect(DEFAULT_NDCG_DIFFERENCE_SD, 8) },
    ]);
  });

  it('uses the SD measured on a group when there is one', () => {
    const drawn = drawSample(entries, { method: 'uniform', size: 10, seed: 1 }, (members) => (members.length === 30 ? 0.3 : undefined));
    expect(drawn.strata[0]).toMatchObject({ sd: 0.3, sdSource: 'judgments' });
    expect(drawn.minimumDetectableEffect).toBeCloseTo(minimumDetectableEffect(0.3, 10), 12);
  });

  it('lists tier strata head, torso, tail, and tier-and-segment strata by tier first', () => {
    const byTier = drawSample(entries, { method: 'stratified', size: 9, seed: 1, strata: { by: 'tier', thresholds: DEFAULT_TIER_THRESHOLDS, allocation: 'proportional' } }, noSd);
    expect(byTier.strata.map((stratum) => stratum.key)).toEqual(['head', 'torso', 'tail']);
    const both = drawSample(entries, { method: 'stratified', size: 12, seed: 1, strata: { by: 'tier-and-segment', thresholds: DEFAULT_TIER_THRESHOLDS, allocation: 'proportional' } }, noSd);
    const tiers = both.strata.map((stratum) => stratum.key.split(' / ')[0]);
    expect(tiers).toEqual([...tiers].sort((a, b) => ['head', 'torso', 'tail'].indexOf(a!) - ['head', 'torso', 'tail'].indexOf(b!)));
    expect(both.queries.map((query) => query.stratum)).toEqual(both.strata.flatMap((stratum) => Array(stratum.sampleSize).fill(stratum.key)));
  });

  it('refuses strata for an unstratified method and a stratified method without strata', () => {
    expect(() => drawSample(entries, { method: 'uniform', size: 3, seed: 1, strata: { by: 'tier', thresholds: DEFAULT_TIER_THRESHOLDS, allocation: 'neyman' } }, noSd)).toThrow(/strata apply only/);
    expect(() => drawSample(entries, { method: 'stratified', size: 3, seed: 1 }, noSd)).toThrow(/needs strata/);
  });
});
