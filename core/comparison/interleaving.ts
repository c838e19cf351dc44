import { createRng } from '../eval/statistics';

export type Team = 'A' | 'B';

export interface InterleavedItem {
  docId: string;
  /** The ranking whose pick put the document here: a click on it credits that team. */
  team: Team;
}

/**
 * Team-draft interleaving (Radlinski, Kurup and Joachims, CIKM 2008): each round, the team with fewer
 * picks (a seeded coin flip when even) appends its highest-ranked document not yet in the list. It stops
 * at `depth` or when either ranking has nothing left to add, as in the paper, so team sizes never differ
 * by more than one and each ranking's picks keep that ranking's order.
 */
export function teamDraftInterleave(a: readonly string[], b: readonly string[], depth: number, seed: number): InterleavedItem[] {
  const random = createRng(seed);
  const placed = new Set<string>();
  const merged: InterleavedItem[] = [];
  const next = { A: 0, B: 0 };
  const picks = { A: 0, B: 0 };
  const rankings = { A: a, B: b };
  const advance = (team: Team) => {
    const ranking = rankings[team];
    while (next[team] < ranking.length && placed.has(ranking[next[team]]!)) next[team]++;
    return next[team] < ranking.length;
  };
  while (merged.length < depth && advance('A') && advance('B')) {
    const team: Team = picks.A < picks.B || (picks.A === picks.B && random() < 0.5) ? 'A' : 'B';
    const docId = rankings[team][next[team]]!;
    placed.add(docId);
    merged.push({ docId, team });
    picks[team]++;
  }
  return merged;
}

export type InterleavingOutcome = 'A' | 'B' | 'tie';

export interface InterleavingCredit {
  clicksA: number;
  clicksB: number;
  outcome: InterleavingOutcome;
}

/** Credits each click to the team that placed the clicked document; more clicks wins, equal clicks tie. */
export function creditClicks(merged: readonly InterleavedItem[], clicked: Iterable<string>): InterleavingCredit {
  const teamOf = new Map(merged.map((item) => [item.docId, item.team]));
  let clicksA = 0;
  let clicksB = 0;
  for (const docId of new Set(clicked)) {
    const team = teamOf.get(docId);
    if (team === 'A') clicksA++;
    else if (team === 'B') clicksB++;
  }
  return { clicksA, clicksB, outcome: clicksA > clicksB ? 'A' : clicksB > clicksA ? 'B' : 'tie' };
}
