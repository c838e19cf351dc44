import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/eval/statistics';
import { creditClicks, teamDraftInterleave } from '../../../core/comparison/interleaving';

/** Two rankings of 15 drawn from 25 documents, so they overlap partly, from a seed. */
function rankingPair(seed: number): [string[], string[]] {
  const random = createRng(seed);
  const draw = () => {
    const pool = Array.from({ length: 25 }, (_, i) => `d${i}`);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, 15);
  };
  return [draw(), draw()];
}

describe('teamDraftInterleave', () => {
  it("keeps each ranking's order among its team's picks, team sizes within one, no document twice", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const [a, b] = rankingPair(seed);
      const merged = teamDraftInterleave(a, b, 10, seed);
      expect(merged.length).toBeLessThanOrEqual(10);
      expect(new Set(merged.map((item) => item.docId)).size).toBe(merged.length);
      for (const [team, ranking] of [['A', a], ['B', b]] as const) {
        const ranks = merged.filter((item) => item.team === team).map((item) => ranking.indexOf(item.docId));
        expect(ranks.every((rank) => rank >= 0)).toBe(true);
        expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
      }
      // At every prefix, not only at the end.
      let picksA = 0;
      let picksB = 0;
      for (const item of merged) {
        if (item.team === 'A') picksA++;
        else picksB++;
        expect(Math.abs(picksA - picksB)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('picks, at each turn, the highest-ranked document of the team that is not already in the list', () => {
    const merged = teamDraftInterleave(['x', 'y', 'z'], ['x', 'z', 'w'], 10, 3);
    for (let i = 0; i < merged.length; i++) {
      const before = new Set(merged.slice(0, i).map((item) => item.docId));
      const ranking = merged[i]!.team === 'A' ? ['x', 'y', 'z'] : ['x', 'z', 'w'];
      expect(merged[i]!.docId).toBe(ranking.find((doc) => !before.has(doc)));
    }
  });

  it('gives the same list for the same seed, and other seeds give other team assignments', () => {
    const [a, b] = rankingPair(9);
    expect(teamDraftInterleave(a, b, 10, 42)).toEqual(teamDraftInterleave(a, b, 10, 42));
    const assignments = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(teamDraftInterleave(a, b, 10, seed))));
    expect(assignments.size).toBeGreaterThan(1);
  });

  it('stops when either ranking has nothing left to add', () => {
    expect(teamDraftInterleave(['a'], ['b', 'c', 'd'], 10, 1)).toHaveLength(2);
    expect(teamDraftInterleave([], ['b'], 10, 1)).toEqual([]);
  });
});

describe('creditClicks', () => {
  const merged = [
    { docId: 'a1', team: 'A' as const },
    { docId: 'b1', team: 'B' as const },
    { docId: 'a2', team: 'A' as const },
    { docId: 'b2', team: 'B' as const },
  ];

  it('credits a click on a team-A document to A', () => {
    expect(creditClicks(merged, ['a2'])).toEqual({ clicksA: 1, clicksB: 0, outcome: 'A' });
    expect(creditClicks(merged, ['b1', 'b2', 'a1'])).toEqual({ clicksA: 1, clicksB: 2, outcome: 'B' });
  });

  it('ties on equal clicks (none included), and ignores documents not in the list and repeated clicks', () => {
    expect(creditClicks(merged, ['a1', 'b2']).outcome).toBe('tie');
    expect(creditClicks(merged, []).outcome).toBe('tie');
    expect(creditClicks(merged, ['elsewhere', 'b1', 'b1'])).toEqual({ clicksA: 0, clicksB: 1, outcome: 'B' });
  });
});
