import { createRng } from '../eval/statistics';
import { creditClicks, teamDraftInterleave, type InterleavingOutcome } from './interleaving';

/**
 * A cascade click model: the user reads the list from the top; at a document of relevance level r they
 * click with probability click[r] and, after a click, stop reading with probability stop[r]. The defaults
 * are the "informational" user of Hofmann, Whiteson and de Rijke (CIKM 2011) for five levels (0 = not
 * relevant … 4 = perfect), spread over a scale's levels by linear interpolation.
 */
export interface CascadeClickModel {
  click: readonly number[];
  stop: readonly number[];
}

const INFORMATIONAL = { click: [0.4, 0.6, 0.7, 0.8, 0.9], stop: [0.1, 0.2, 0.3, 0.4, 0.5] };

/** Probabilities per level of a scale with `levels` grades (lowest first), interpolated from the informational user. */
export function informationalClickModel(levels: number): CascadeClickModel {
  const at = (table: readonly number[], level: number) => {
    if (levels === 1) return table[table.length - 1]!;
    const position = (level / (levels - 1)) * (table.length - 1);
    const below = Math.floor(position);
    const above = Math.min(table.length - 1, below + 1);
    return table[below]! + (table[above]! - table[below]!) * (position - below);
  };
  const range = Array.from({ length: levels }, (_, level) => level);
  return { click: range.map((level) => at(INFORMATIONAL.click, level)), stop: range.map((level) => at(INFORMATIONAL.stop, level)) };
}

/** The documents a simulated user clicks in `list`; `levelOf` gives each document's level (unjudged: 0). */
export function simulateCascadeClicks(list: readonly string[], levelOf: (docId: string) => number, model: CascadeClickModel, random: () => number): string[] {
  const clicked: string[] = [];
  for (const docId of list) {
    const level = levelOf(docId);
    if (random() >= model.click[level]!) continue;
    clicked.push(docId);
    if (random() < model.stop[level]!) break;
  }
  return clicked;
}

export interface SimulatedQuery {
  queryId: string;
  a: readonly string[];
  b: readonly string[];
  /** Relevance level per judged document (0 = lowest level of the scale). */
  levels: ReadonlyMap<string, number>;
  /** The per-query metric difference A − B (e.g. nDCG@10 from the evaluator). */
  metricDifference: number;
}

export interface InterleavingSimulation {
  /** Per query: the majority outcome of its simulated impressions. */
  perQuery: { queryId: string; winsA: number; winsB: number; ties: number; outcome: InterleavingOutcome; metricVerdict: InterleavingOutcome }[];
  /** Queries where the metric prefers one side and interleaving picked the same side, over those where the metric prefers a side. */
  agreement: { agreeing: number; decided: number; rate: number };
}

/**
 * Offline check of interleaving against a metric: each query is interleaved and "shown" `impressions`
 * times (a new seed each time) to simulated users of the click model; its outcome is the side that won
 * more impressions. Reports how often that outcome agrees with the metric's verdict.
 */
export function simulateInterleaving(
  queries: readonly SimulatedQuery[],
  { depth, impressions, seed, model }: { depth: number; impressions: number; seed: number; model: CascadeClickModel },
): InterleavingSimulation {
  const random = createRng(seed);
  const perQuery = queries.map((query) => {
    const levelOf = (docId: string) => query.levels.get(docId) ?? 0;
    const tally = { A: 0, B: 0, tie: 0 };
    for (let impression = 0; impression < impressions; impression++) {
      const merged = teamDraftInterleave(query.a, query.b, depth, Math.floor(random() * 0xffffffff));
      const clicks = simulateCascadeClicks(merged.map((item) => item.docId), levelOf, model, random);
      tally[creditClicks(merged, clicks).outcome]++;
    }
    const outcome: InterleavingOutcome = tally.A > tally.B ? 'A' : tally.B > tally.A ? 'B' : 'tie';
    const metricVerdict: InterleavingOutcome = query.metricDifference > 0 ? 'A' : query.metricDifference < 0 ? 'B' : 'tie';
    return { queryId: query.queryId, winsA: tally.A, winsB: tally.B, ties: tally.tie, outcome, metricVerdict };
  });
  const decided = perQuery.filter((query) => query.metricVerdict !== 'tie');
  const agreeing = decided.filter((query) => query.outcome === query.metricVerdict).length;
  return { perQuery, agreement: { agreeing, decided: decided.length, rate: decided.length > 0 ? agreeing / decided.length : Number.NaN } };
}
