/**
 * Per-query evaluation measures, ported from the semantics of trec_eval 10.0 (m_*.c), plus a few
 * extras (Judged@k, ERR@k). Every function is pure: it reads a JudgedRanking and returns values.
 */
import type { JudgedRanking } from './ranking';

// Local copies of ranking.ts's REL_NONPOOL / REL_UNJUDGED: imported bindings are property reads (getters
// under tsx/CommonJS) in the hottest loops.
const REL_NONPOOL = -1;
const REL_UNJUDGED = -2;

/** trec_eval's floor for geometric means (MIN_GEO_MEAN) and infAP smoothing (INFAP_EPSILON). */
export const MIN_GEO_MEAN = 0.00001;
const INFAP_EPSILON = 0.00001;

export interface MeasureContext {
  /** `-l`: minimum judgment value that counts as relevant. */
  readonly relevanceLevel: number;
  /** `-N`: documents in the collection (only utility's 4th coefficient uses it). */
  readonly numDocsInCollection: number;
  /** `--gain exp`: default gain of level g is 2^g − 1 instead of g (nDCG family, G, rbp). */
  readonly exponentialGain: boolean;
}

export interface GainOverride {
  readonly level: number;
  readonly gain: number;
}

export interface MeasureParams {
  /** Cutoffs (sorted ascending) or plain numeric parameters, depending on the measure. */
  readonly numbers: readonly number[];
  /** `level=gain` pairs (and `p=` for rbp) given as `-m ndcg.1=3,2=7`. */
  readonly pairs: ReadonlyMap<string, number>;
}

/**
 * How the measure's parameters are written and named.
 * - long-cutoffs: `P.5,10` → columns P_5, P_10
 * - double-cutoffs: `iprec_at_recall.0.5` → iprec_at_recall_0.50
 * - numbers / pairs: one column, named `name_<param text>` when parameters were given
 */
export type ParamKind = 'none' | 'long-cutoffs' | 'double-cutoffs' | 'numbers' | 'pairs';

/**
 * How per-query values become the `all` value: trec_eval's calc_avg of each m_*.c file.
 * - mean: te_calc_avg_meas_s / _a_cut, sum over the evaluated queries (all judged ones with -c) ÷ their number
 * - sum: te_calc_avg_meas_empty after te_acc_meas_s (num_ret, num_rel_ret, num_nonrel_judged_ret)
 * - geometric: te_calc_avg_meas_s_gm, exp of the mean of the per-query logs
 * - query-count: te_calc_avg_num_q
 * - relevant-judgments: te_calc_avg_num_rel, the sum; with -c it recounts the qrels instead: judgments
 *   with a value > 0 in every query, whatever -l
 * - run-id: te_print_runid; none: relstring (per query only)
 */
export type Aggregation = 'mean' | 'sum' | 'geometric' | 'query-count' | 'relevant-judgments' | 'run-id' | 'none';

export interface MeasureDefinition {
  readonly name: string;
  readonly description: string;
  readonly paramKind: ParamKind;
  readonly defaultNumbers: readonly number[];
  readonly valueType: 'float' | 'long' | 'string';
  readonly aggregation: Aggregation;
  readonly printedPerQuery: boolean;
  /**
   * Whether trec_eval zeroes the value for a query absent from the run under `-c`. It matches printed
   * names: `num_ret`, `utility`, `relstring`, `rbp_resid` exactly, so only without parameters
   * ('unparameterized'); `unj` by prefix, so every column ('always').
   */
  readonly resetForMissingQuery: 'never' | 'unparameterized' | 'always';
  /** False for the measures trec_eval does not have. */
  readonly fromTrecEval: boolean;
  /** One number per column, or the relstring text. */
  compute(ranking: JudgedRanking, params: MeasureParams, context: MeasureContext): number[] | string;
}

/** LOG2[n] = Math.log2(n) for small integers n (the same doubles, computed once). */
let LOG2 = Float64Array.from({ length: 4096 }, (_, n) => Math.log2(n));

function log2(n: number): number {
  if (n < LOG2.length && (n | 0) === n) return LOG2[n]!;
  if ((n | 0) === n && n < 1 << 24) {
    LOG2 = Float64Array.from({ length: Math.max(n + 1, 2 * LOG2.length) }, (_, k) => Math.log2(k));
    return LOG2[n]!;
  }
  return Math.log2(n);
}

function isRelevant(rel: number, context: MeasureContext): boolean {
  return rel >= context.relevanceLevel;
}

/** Walks the ranking once, reporting `valueAt(docsSeen)` at every cutoff (ranks past the end count as 0). */
function atCutoffs(
  ranking: JudgedRanking,
  cutoffs: readonly number[],
  visit: (rel: number, rank: number) => void,
  valueAt: (cutoff: number) => number,
): number[] {
  const values = new Array<number>(cutoffs.length).fill(0);
  let cutoffIndex = 0;
  for (let i = 0; i < ranking.numRet && cutoffIndex < cutoffs.length; i++) {
    while (cutoffIndex < cutoffs.length && i === cutoffs[cutoffIndex]) values[cutoffIndex] = valueAt(cutoffs[cutoffIndex++]!);
    if (cutoffIndex < cutoffs.length) visit(ranking.rels[i]!, i);
  }
  while (cutoffIndex < cutoffs.length) values[cutoffIndex] = valueAt(cutoffs[cutoffIndex++]!);
  return values;
}

/** Relevant documents in the top `cutoff` (ranks past the end count as non-relevant). */
function relevantInTop(ranking: JudgedRanking, cutoff: number): number {
  return ranking.relevantPrefix[cutoff < ranking.numRet ? cutoff : ranking.numRet]!;
}

/** AP restricted to the top `cutoff` documents, for each cutoff (relevant documents below count 0). */
function averagePrecisionAtCutoffs(ranking: JudgedRanking, cutoffs: readonly number[], context: MeasureContext): number[] {
  const values = new Array<number>(cutoffs.length).fill(0);
  if (ranking.numRel === 0) return values;
  const { rels, numRet, numRel } = ranking;
  const level = context.relevanceLevel;
  let relSoFar = 0;
  let sum = 0;
  let cutoffIndex = 0;
  for (let i = 0; i < numRet && cutoffIndex < cutoffs.length; i++) {
    while (cutoffIndex < cutoffs.length && i === cutoffs[cutoffIndex]) values[cutoffIndex++] = sum / numRel;
    if (cutoffIndex < cutoffs.length && rels[i]! >= level) sum += ++relSoFar / (i + 1);
  }
  while (cutoffIndex < cutoffs.length) values[cutoffIndex++] = sum / numRel;
  return values;
}

function averagePrecision(ranking: JudgedRanking, context: MeasureContext): number {
  if (ranking.numRel === 0) return 0;
  const { rels, numRet } = ranking;
  const level = context.relevanceLevel;
  let relSoFar = 0;
  let sum = 0;
  for (let i = 0; i < numRet; i++) if (rels[i]! >= level) sum += ++relSoFar / (i + 1);
  return sum / ranking.numRel;
}

/** bpref over judged documents only (non-pooled and pooled-unjudged documents are skipped). */
function bpref(ranking: JudgedRanking, context: MeasureContext): number {
  let numNonrel = 0;
  for (let level = 0; level < context.relevanceLevel && level < ranking.relLevels.length; level++) {
    numNonrel += ranking.relLevels[level]!;
  }
  let nonrelSoFar = 0;
  let sum = 0;
  for (let i = 0; i < ranking.numRet; i++) {
    const rel = ranking.rels[i]!;
    if (rel === REL_NONPOOL || rel === REL_UNJUDGED) continue;
    if (rel >= 0 && rel < context.relevanceLevel) nonrelSoFar++;
    else if (nonrelSoFar > 0) {
      sum += 1 - Math.min(nonrelSoFar, ranking.numRel) / Math.min(numNonrel, ranking.numRel);
    } else sum += 1;
  }
  return ranking.numRel > 0 ? sum / ranking.numRel : sum;
}

/**
 * Interpolated precision at recall cutoffs (trec_eval: cutoff = lround(fraction × R); interpolated
 * precision at rank X = max precision at any rank ≥ X).
 */
function interpolatedPrecisions(ranking: JudgedRanking, fractions: readonly number[], context: MeasureContext): number[] {
  const values = new Array<number>(fractions.length).fill(0);
  const cutoffs = fractions.map((fraction) => Math.round(fraction * ranking.numRel));
  let current = fractions.length - 1;
  while (current >= 0 && cutoffs[current]! > ranking.numRelRet) current--;
  let interpolated = ranking.numRet > 0 ? ranking.numRelRet / ranking.numRet : 0;
  let relSoFar = ranking.numRelRet;
  for (let i = ranking.numRet; i > 0 && relSoFar > 0; i--) {
    interpolated = Math.max(interpolated, relSoFar / i);
    if (isRelevant(ranking.rels[i - 1]!, context)) {
      while (current >= 0 && relSoFar === cutoffs[current]) values[current--] = interpolated;
      relSoFar--;
    }
  }
  while (current >= 0) values[current--] = interpolated;
  return values;
}

/** Precision after multiples of R documents (trec_eval: cutoff = (long)(multiple × R + 0.9)). */
function precisionAtRMultiples(ranking: JudgedRanking, multiples: readonly number[], context: MeasureContext): number[] {
  const values = new Array<number>(multiples.length).fill(0);
  const cutoffs = multiples.map((multiple) => Math.trunc(multiple * ranking.numRel + 0.9));
  let current = multiples.length - 1;
  while (current >= 0 && cutoffs[current]! > ranking.numRet) {
    values[current] = ranking.numRelRet / cutoffs[current]!;
    current--;
  }
  let relSoFar = ranking.numRelRet;
  for (let i = ranking.numRet; i > 0 && relSoFar > 0; i--) {
    while (current >= 0 && i === cutoffs[current]) values[current--] = relSoFar / i;
    if (isRelevant(ranking.rels[i - 1]!, context)) relSoFar--;
  }
  return values;
}

interface LevelGain {
  readonly level: number;
  readonly gain: number;
  readonly count: number;
}

function defaultGain(level: number, context: MeasureContext): number {
  return context.exponentialGain ? 2 ** level - 1 : level;
}

/**
 * trec_eval's setup_gains: one entry per `level=gain` parameter, then one per judged level 0..max not
 * overridden (gain = level), with the number of judged documents at each level; sorted by gain.
 */
function setupGains(ranking: JudgedRanking, pairs: ReadonlyMap<string, number>, context: MeasureContext): LevelGain[] {
  const gains: { level: number; gain: number; count: number }[] = [];
  for (const [name, gain] of pairs) {
    if (/^[+-]?\d+$/.test(name)) gains.push({ level: Number(name), gain, count: 0 });
  }
  for (let level = 0; level < ranking.numRelLevels; level++) {
    const overridden = gains.find((entry) => entry.level === level);
    if (overridden) overridden.count = ranking.relLevels[level]!;
    else gains.push({ level, gain: defaultGain(level, context), count: ranking.relLevels[level]! });
  }
  // trec_eval compares gains as (int)(a - b).
  return gains.sort((a, b) => Math.trunc(a.gain - b.gain));
}

function gainOf(rel: number, gains: readonly LevelGain[]): number {
  for (const entry of gains) if (entry.level === rel) return entry.gain;
  return 0;
}

/**
 * gainOf for every value a ranking can hold (REL_UNJUDGED .. the highest judged level), indexed by
 * rel + 2: one array read per document instead of a search of the gain list.
 */
function gainTable(ranking: JudgedRanking, gains: readonly LevelGain[]): Float64Array {
  const table = new Float64Array(ranking.numRelLevels + 2);
  for (let rel = REL_UNJUDGED; rel < ranking.numRelLevels; rel++) table[rel + 2] = gainOf(rel, gains);
  return table;
}

/** Iterates the ideal ranking's gains: highest gain level first, each repeated by its judged count. */
class IdealGains {
  private level: number;
  private numAtLevel = 0;
  gain: number;

  constructor(private readonly gains: readonly LevelGain[]) {
    this.level = gains.length - 1;
    this.gain = this.level >= 0 ? gains[this.level]!.gain : 0;
  }

  /** Moves to the next ideal document and returns its gain. */
  next(): number {
    this.numAtLevel++;
    while (this.level >= 0 && this.numAtLevel > this.gains[this.level]!.count) {
      this.numAtLevel = 1;
      this.level--;
      this.gain = this.level >= 0 ? this.gains[this.level]!.gain : 0;
    }
    return this.gain;
  }
}

interface DcgTotals {
  readonly dcg: number;
  readonly idealDcg: number;
}

/** Full-ranking DCG and ideal DCG with gain/log2(rank+1) (trec_eval m_ndcg.c). */
function dcgTotals(ranking: JudgedRanking, gains: readonly LevelGain[]): DcgTotals {
  const ideal = new IdealGains(gains);
  const gainByRel = gainTable(ranking, gains);
  const { rels, numRet } = ranking;
  let dcg = 0;
  let idealDcg = 0;
  let i = 0;
  for (; i < numRet && ideal.gain > 0; i++) {
    dcg += gainByRel[rels[i]! + 2]! / log2(i + 2);
    if (ideal.next() > 0) idealDcg += ideal.gain / log2(i + 2);
  }
  for (; i < numRet; i++) dcg += gainByRel[rels[i]! + 2]! / log2(i + 2);
  for (; ideal.gain > 0; i++) if (ideal.next() > 0) idealDcg += ideal.gain / log2(i + 2);
  return { dcg, idealDcg };
}

function ndcg(ranking: JudgedRanking, params: MeasureParams, context: MeasureContext): number {
  const { dcg, idealDcg } = dcgTotals(ranking, setupGains(ranking, params.pairs, context));
  return idealDcg > 0 ? dcg / idealDcg : 0;
}

/** nDCG averaged at each relevant document (trec_eval m_ndcg_rel.c). */
function ndcgRel(ranking: JudgedRanking, params: MeasureParams, context: MeasureContext): number {
  const gains = setupGains(ranking, params.pairs, context);
  const gainByRel = gainTable(ranking, gains);
  const ideal = new IdealGains(gains);
  let dcg = 0;
  let idealDcg = 0;
  let sum = 0;
  let numRelRet = 0;
  let numRel = 0;
  const addResultGain = (rank: number) => {
    const gain = gainByRel[ranking.rels[rank]! + 2]!;
    dcg += gain / log2(rank + 2);
    return gain;
  };
  const averageIfRelevant = (gain: number) => {
    if (gain > 0) {
      sum += dcg / idealDcg;
      numRelRet++;
    }
  };
  let i = 0;
  for (; i < ranking.numRet && ideal.gain > 0; i++) {
    const resultGain = addResultGain(i);
    if (ideal.next() > 0) {
      numRel++;
      idealDcg += ideal.gain / log2(i + 2);
    }
    averageIfRelevant(resultGain);
  }
  for (; i < ranking.numRet; i++) averageIfRelevant(addResultGain(i));
  for (; ideal.gain > 0; i++) {
    if (ideal.next() > 0) {
      numRel++;
      idealDcg += ideal.gain / log2(i + 2);
    }
  }
  sum += ((numRel - numRelRet) * dcg) / idealDcg;
  return sum > 0 ? sum / numRel : 0;
}

/** nDCG averaged at the ranks where the ideal gain level changes (trec_eval m_Rndcg.c). */
function rNdcg(ranking: JudgedRanking, params: MeasureParams, context: MeasureContext): number {
  const gains = setupGains(ranking, params.pairs, context);
  if (ranking.numRel === 0) return 0;
  const gainByRel = gainTable(ranking, gains);
  const ideal = new IdealGains(gains);
  let previousIdealGain = ideal.gain;
  let dcg = 0;
  let idealDcg = 0;
  let sum = 0;
  let changes = 0;
  const noteLevelChange = () => {
    if (previousIdealGain !== ideal.gain) {
      if (idealDcg > 0) {
        sum += dcg / idealDcg;
        changes++;
      }
      previousIdealGain = ideal.gain;
    }
  };
  let i = 0;
  for (; i < ranking.numRet && ideal.gain > 0; i++) {
    const resultGain = gainByRel[ranking.rels[i]! + 2]!;
    ideal.next();
    noteLevelChange();
    dcg += resultGain / log2(i + 2);
    if (ideal.gain > 0) idealDcg += ideal.gain / log2(i + 2);
  }
  if (i < ranking.numRet) {
    for (; i < ranking.numRet; i++) dcg += gainByRel[ranking.rels[i]! + 2]! / log2(i + 2);
    if (idealDcg > 0) {
      sum += dcg / idealDcg;
      changes++;
    }
  }
  for (; ideal.gain > 0; i++) {
    ideal.next();
    noteLevelChange();
    if (ideal.gain > 0) idealDcg += ideal.gain / log2(i + 2);
  }
  return sum / changes;
}

/** Normalized gain G (trec_eval m_G.c): gain / log2(2 + ideal cost so far − gain so far). */
function normalizedGain(ranking: JudgedRanking, params: MeasureParams, context: MeasureContext): number {
  const gains = setupGains(ranking, params.pairs, context);
  const gainByRel = gainTable(ranking, gains);
  const ideal = new IdealGains(gains);
  const minCost = 1;
  let resultsG = 0;
  let sumResults = 0;
  let sumIdeal = 0;
  let sumCost = 0;
  let i = 0;
  for (; i < ranking.numRet && ideal.gain > 0; i++) {
    const resultGain = gainByRel[ranking.rels[i]! + 2]!;
    sumResults += resultGain;
    const idealGain = ideal.next();
    if (idealGain > 0) sumIdeal += idealGain;
    sumCost += Math.max(idealGain, minCost);
    if (resultGain !== 0) resultsG += resultGain / log2(2 + sumCost - sumResults);
  }
  for (; i < ranking.numRet; i++) {
    const resultGain = gainByRel[ranking.rels[i]! + 2]!;
    sumResults += resultGain;
    sumCost += minCost;
    if (resultGain !== 0) resultsG += resultGain / log2(2 + sumCost - sumResults);
  }
  while (ideal.gain > 0) if (ideal.next() > 0) sumIdeal += ideal.gain;
  return sumIdeal > 0 ? resultsG / sumIdeal : 0;
}

/** nDCG at cutoffs (trec_eval m_ndcg_cut.c): gains are the judged levels ≥ 1 (or 2^level − 1). */
function ndcgAtCutoffs(ranking: JudgedRanking, cutoffs: readonly number[], context: MeasureContext): number[] {
  const gainOfLevel = (level: number) => (level > 0 ? defaultGain(level, context) : 0);
  const gainByRel = new Float64Array(ranking.numRelLevels + 2);
  for (let rel = REL_UNJUDGED; rel < ranking.numRelLevels; rel++) gainByRel[rel + 2] = gainOfLevel(rel);
  const { rels, numRet } = ranking;
  let dcg = 0;
  const values = new Array<number>(cutoffs.length).fill(0);
  let cutoffIndex = 0;
  for (let i = 0; i < numRet && cutoffIndex < cutoffs.length; i++) {
    while (cutoffIndex < cutoffs.length && i === cutoffs[cutoffIndex]) values[cutoffIndex++] = dcg;
    if (cutoffIndex < cutoffs.length) dcg += gainByRel[rels[i]! + 2]! / log2(i + 2);
  }
  while (cutoffIndex < cutoffs.length) values[cutoffIndex++] = dcg;
  // Ideal ranking: judged documents from the highest level down to level 1.
  let level = ranking.numRelLevels - 1;
  let countAtLevel = 0;
  let idealDcg = 0;
  cutoffIndex = 0;
  for (let i = 0; level > 0; i++) {
    countAtLevel++;
    while (level > 0 && countAtLevel > ranking.relLevels[level]!) {
      level--;
      countAtLevel = 1;
    }
    if (level <= 0) break;
    if (i === cutoffs[cutoffIndex]) {
      if (idealDcg > 0) values[cutoffIndex] = values[cutoffIndex]! / idealDcg;
      if (++cutoffIndex === cutoffs.length) return values;
    }
    idealDcg += gainOfLevel(level) / log2(i + 2);
  }
  for (; cutoffIndex < cutoffs.length; cutoffIndex++) {
    if (idealDcg > 0) values[cutoffIndex] = values[cutoffIndex]! / idealDcg;
  }
  return values;
}

/** Inferred AP (Yilmaz & Aslam), trec_eval m_infap.c. */
function infAP(ranking: JudgedRanking, context: MeasureContext): number {
  let nonrelSoFar = 0;
  let relSoFar = 0;
  let unjudgedSoFar = 0;
  let sum = 0;
  for (let j = 0; j < ranking.numRet; j++) {
    const rel = ranking.rels[j]!;
    if (rel === REL_NONPOOL) continue;
    if (rel === REL_UNJUDGED) {
      unjudgedSoFar++;
      continue;
    }
    if (rel >= 0 && rel < context.relevanceLevel) {
      nonrelSoFar++;
      continue;
    }
    relSoFar++;
    if (j === 0) sum += 1;
    else {
      sum +=
        1 / (j + 1) +
        (j / (j + 1)) *
          ((relSoFar - 1 + nonrelSoFar + unjudgedSoFar) / j) *
          ((relSoFar - 1 + INFAP_EPSILON) / (relSoFar - 1 + nonrelSoFar + 2 * INFAP_EPSILON));
    }
  }
  return ranking.numRel > 0 ? sum / ranking.numRel : sum;
}

function relString(ranking: JudgedRanking, length: number): string {
  let text = '';
  for (let i = 0; i < Math.min(Math.trunc(length), ranking.numRet); i++) {
    const rel = ranking.rels[i]!;
    if (rel > 9) text += '>';
    else if (rel >= 0) text += String(rel);
    else if (rel === REL_NONPOOL) text += '-';
    else if (rel === REL_UNJUDGED) text += '.';
    else text += '<';
  }
  return text;
}

/**
 * Rank-biased precision (Moffat & Zobel) with trec_eval's gain scaling: gains outside [0, 1] are mapped
 * to (gain − min) / (max − min), where min/max range over the query's gain levels and 0.
 */
function rankBiasedPrecision(ranking: JudgedRanking, params: MeasureParams, context: MeasureContext): number {
  const persistence = params.pairs.get('p') ?? 0.9;
  const gains = setupGains(ranking, params.pairs, context);
  let min = 0;
  let max = 0;
  for (const entry of gains) {
    min = Math.min(min, entry.gain);
    max = Math.max(max, entry.gain);
  }
  const scaled = min < 0 || max > 1 ? gains.map((entry) => ({ ...entry, gain: (entry.gain - min) / (max - min) })) : gains;
  const gainByRel = gainTable(ranking, scaled);
  const { rels, numRet } = ranking;
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < numRet; i++) {
    sum += gainByRel[rels[i]! + 2]! * weight;
    weight *= persistence;
  }
  return (1 - persistence) * sum;
}

/** trec_eval's rbp_resid: weight of unjudged retrieved documents plus the tail beyond the ranking. */
function rankBiasedPrecisionResidual(ranking: JudgedRanking, params: MeasureParams): number {
  const persistence = params.pairs.get('p') ?? 0.9;
  let unjudged = 0;
  let sum = 0;
  let weight = 1;
  for (let i = 0; i < ranking.numRet; i++) {
    if (ranking.rels[i]! < 0) {
      unjudged++;
      sum += weight;
    }
    weight *= persistence;
  }
  return unjudged > 0 ? weight + (1 - persistence) * sum : 0;
}

/** ERR@k (Chapelle et al. 2009) with stop probability (2^g − 1) / 2^gmax, gmax = the query's top level. */
function expectedReciprocalRank(ranking: JudgedRanking, cutoffs: readonly number[]): number[] {
  const maxLevel = ranking.numRelLevels - 1;
  const maxLevelWeight = 2 ** maxLevel;
  let err = 0;
  let continueProbability = 1;
  return atCutoffs(
    ranking,
    cutoffs,
    (rel, i) => {
      if (rel <= 0 || maxLevel <= 0) return;
      const stop = (2 ** rel - 1) / maxLevelWeight;
      err += (continueProbability * stop) / (i + 1);
      continueProbability *= 1 - stop;
    },
    () => err,
  );
}

/** Share of the top k with a negative value (`unj`), or with a value ≥ 0 (`judged`). */
function shareAtCutoffs(ranking: JudgedRanking, cutoffs: readonly number[], judged: boolean): number[] {
  const values = new Array<number>(cutoffs.length).fill(0);
  const { rels, numRet } = ranking;
  let soFar = 0;
  let cutoffIndex = 0;
  for (let i = 0; i < numRet && cutoffIndex < cutoffs.length; i++) {
    while (cutoffIndex < cutoffs.length && i === cutoffs[cutoffIndex]) values[cutoffIndex] = soFar / cutoffs[cutoffIndex++]!;
    if (cutoffIndex < cutoffs.length && rels[i]! >= 0 === judged) soFar++;
  }
  while (cutoffIndex < cutoffs.length) values[cutoffIndex] = soFar / cutoffs[cutoffIndex++]!;
  return values;
}

const STANDARD_CUTOFFS = [5, 10, 15, 20, 30, 100, 200, 500, 1000];
const RECALL_FRACTIONS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

type MeasureSpec = Omit<MeasureDefinition, 'defaultNumbers' | 'resetForMissingQuery' | 'fromTrecEval' | 'valueType' | 'aggregation' | 'printedPerQuery'> &
  Partial<Pick<MeasureDefinition, 'defaultNumbers' | 'resetForMissingQuery' | 'fromTrecEval' | 'valueType' | 'aggregation' | 'printedPerQuery'>>;

function define(spec: MeasureSpec): MeasureDefinition {
  return {
    defaultNumbers: [],
    resetForMissingQuery: 'never',
    fromTrecEval: true,
    valueType: 'float',
    aggregation: 'mean',
    printedPerQuery: true,
    ...spec,
  };
}

/** All measures in trec_eval's output order, then the extras. */
export const MEASURES: readonly MeasureDefinition[] = [
  define({
    name: 'runid',
    description: 'Run tag of the last line of the run file (summary only).',
    paramKind: 'none',
    valueType: 'string',
    aggregation: 'run-id',
    printedPerQuery: false,
    compute: () => [],
  }),
  define({
    name: 'num_q',
    description: 'Number of queries evaluated (summary only).',
    paramKind: 'none',
    valueType: 'long',
    aggregation: 'query-count',
    printedPerQuery: false,
    compute: () => [1],
  }),
  define({
    name: 'num_ret',
    description: 'Number of documents retrieved (after -M); summary is the sum.',
    paramKind: 'none',
    valueType: 'long',
    aggregation: 'sum',
    resetForMissingQuery: 'unparameterized',
    compute: (r) => [r.numRet],
  }),
  define({
    name: 'num_rel',
    description: 'Number of judged documents with value ≥ -l; summary is the sum (with -c: all qrels with value > 0).',
    paramKind: 'none',
    valueType: 'long',
    aggregation: 'relevant-judgments',
    compute: (r) => [r.numRel],
  }),
  define({
    name: 'num_rel_ret',
    description: 'Number of relevant documents retrieved; summary is the sum.',
    paramKind: 'none',
    valueType: 'long',
    aggregation: 'sum',
    compute: (r) => [r.numRelRet],
  }),
  define({
    name: 'map',
    description: 'Average precision: mean over relevant documents of precision at their rank (0 if not retrieved).',
    paramKind: 'none',
    compute: (r, _p, c) => [averagePrecision(r, c)],
  }),
  define({
    name: 'gm_map',
    description: 'Geometric mean over queries of AP floored at 0.00001 (summary only).',
    paramKind: 'none',
    aggregation: 'geometric',
    printedPerQuery: false,
    compute: (r, _p, c) => [Math.log(Math.max(averagePrecision(r, c), MIN_GEO_MEAN))],
  }),
  define({
    name: 'Rprec',
    description: 'Precision after R documents, R = num_rel.',
    paramKind: 'none',
    compute: (r) => {
      const depth = Math.min(r.numRet, r.numRel);
      if (depth === 0) return [0];
      return [r.relevantPrefix[depth]! / r.numRel];
    },
  }),
  define({
    name: 'bpref',
    description: 'Binary preference over judged documents (Buckley & Voorhees 2004).',
    paramKind: 'none',
    compute: (r, _p, c) => [bpref(r, c)],
  }),
  define({
    name: 'recip_rank',
    description: 'Reciprocal rank of the first relevant document.',
    paramKind: 'none',
    compute: (r, _p, c) => {
      for (let i = 0; i < r.numRet; i++) if (isRelevant(r.rels[i]!, c)) return [1 / (i + 1)];
      return [0];
    },
  }),
  define({
    name: 'iprec_at_recall',
    description: 'Interpolated precision at recall levels.',
    paramKind: 'double-cutoffs',
    defaultNumbers: RECALL_FRACTIONS,
    compute: (r, p, c) => interpolatedPrecisions(r, p.numbers, c),
  }),
  define({
    name: 'P',
    description: 'Precision at cutoffs (missing ranks count as non-relevant).',
    paramKind: 'long-cutoffs',
    defaultNumbers: STANDARD_CUTOFFS,
    compute: (r, p) => p.numbers.map((cutoff) => relevantInTop(r, cutoff) / cutoff),
  }),
  define({
    name: 'relstring',
    description: "Relevance of the top N (default 10) documents: digit, '>' (>9), '-' (not in qrels), '.' (negative qrel).",
    paramKind: 'numbers',
    defaultNumbers: [10],
    valueType: 'string',
    aggregation: 'none',
    resetForMissingQuery: 'unparameterized',
    compute: (r, p) => relString(r, p.numbers[0]!),
  }),
  define({
    name: 'recall',
    description: 'Recall at cutoffs.',
    paramKind: 'long-cutoffs',
    defaultNumbers: STANDARD_CUTOFFS,
    compute: (r, p) => p.numbers.map((cutoff) => (r.numRel > 0 ? relevantInTop(r, cutoff) / r.numRel : 0)),
  }),
  define({
    name: 'infAP',
    description: 'Inferred AP (Yilmaz & Aslam 2006); negative qrels are pooled-but-unjudged.',
    paramKind: 'none',
    compute: (r, _p, c) => [infAP(r, c)],
  }),
  define({
    name: 'gm_bpref',
    description: 'Geometric mean over queries of bpref floored at 0.00001 (summary only).',
    paramKind: 'none',
    aggregation: 'geometric',
    printedPerQuery: false,
    compute: (r, _p, c) => [Math.log(Math.max(bpref(r, c), MIN_GEO_MEAN))],
  }),
  define({
    name: 'Rprec_mult',
    description: 'Precision after multiples of R documents.',
    paramKind: 'double-cutoffs',
    defaultNumbers: [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0],
    compute: (r, p, c) => precisionAtRMultiples(r, p.numbers, c),
  }),
  define({
    name: 'utility',
    description: 'Set utility a·rel_ret + b·nonrel_ret + c·rel_nonret + d·nonrel_nonret (default 1,-1,0,0).',
    paramKind: 'numbers',
    defaultNumbers: [1, -1, 0, 0],
    resetForMissingQuery: 'unparameterized',
    compute: (r, p, c) => {
      const [a, b, cc, d] = p.numbers as [number, number, number, number];
      return [
        a * r.numRelRet +
          b * (r.numRet - r.numRelRet) +
          cc * (r.numRel - r.numRelRet) +
          d * (c.numDocsInCollection + r.numRelRet - r.numRet - r.numRel),
      ];
    },
  }),
  define({
    name: '11pt_avg',
    description: 'Interpolated precision averaged over the recall levels 0.0, 0.1, ..., 1.0.',
    paramKind: 'numbers',
    defaultNumbers: RECALL_FRACTIONS,
    compute: (r, p, c) => {
      const values = interpolatedPrecisions(r, p.numbers, c);
      return [values.reduce((sum, value) => sum + value, 0) / values.length];
    },
  }),
  define({
    name: 'binG',
    description: 'Binary G: mean over relevant documents of 1/log2(2 + non-relevant documents above it).',
    paramKind: 'none',
    compute: (r, _p, c) => {
      let relSoFar = 0;
      let sum = 0;
      for (let i = 0; i < r.numRet; i++) {
        if (isRelevant(r.rels[i]!, c)) {
          relSoFar++;
          sum += 1 / log2(3 + i - relSoFar);
        }
      }
      return [relSoFar > 0 ? sum / r.numRel : 0];
    },
  }),
  define({
    name: 'G',
    description: 'Normalized gain G (experimental trec_eval measure).',
    paramKind: 'pairs',
    compute: (r, p, c) => [normalizedGain(r, p, c)],
  }),
  define({
    name: 'ndcg',
    description: 'nDCG over the full ranking; gain = judged value (or -m ndcg.level=gain,...).',
    paramKind: 'pairs',
    compute: (r, p, c) => [ndcg(r, p, c)],
  }),
  define({
    name: 'ndcg_rel',
    description: 'nDCG averaged over relevant documents (experimental trec_eval measure).',
    paramKind: 'pairs',
    compute: (r, p, c) => [ndcgRel(r, p, c)],
  }),
  define({
    name: 'Rndcg',
    description: 'nDCG averaged at the R-level boundaries of the ideal ranking (experimental).',
    paramKind: 'pairs',
    compute: (r, p, c) => [rNdcg(r, p, c)],
  }),
  define({
    name: 'ndcg_cut',
    description: 'nDCG at cutoffs.',
    paramKind: 'long-cutoffs',
    defaultNumbers: STANDARD_CUTOFFS,
    compute: (r, p, c) => ndcgAtCutoffs(r, p.numbers, c),
  }),
  define({
    name: 'map_cut',
    description: 'AP at cutoffs (sum of precisions at relevant ranks ≤ k, over num_rel).',
    paramKind: 'long-cutoffs',
    defaultNumbers: STANDARD_CUTOFFS,
    compute: (r, p, c) => averagePrecisionAtCutoffs(r, p.numbers, c),
  }),
  define({
    name: 'relative_P',
    description: 'Precision at k relative to the best possible: relevant in top k / min(k, R).',
    paramKind: 'long-cutoffs',
    defaultNumbers: STANDARD_CUTOFFS,
    compute: (r, p) => p.numbers.map((cutoff) => (r.numRel === 0 ? 0 : relevantInTop(r, cutoff) / Math.min(cutoff, r.numRel))),
  }),
  define({
    name: 'success',
    description: '1 if a relevant document is in the top k, else 0.',
    paramKind: 'long-cutoffs',
    defaultNumbers: [1, 5, 10],
    compute: (r, p) => p.numbers.map((cutoff) => (relevantInTop(r, cutoff) > 0 ? 1 : 0)),
  }),
  define({
    name: 'set_P',
    description: 'Precision of the whole retrieved set.',
    paramKind: 'none',
    compute: (r) => [r.numRet > 0 ? r.numRelRet / r.numRet : 0],
  }),
  define({
    name: 'set_relative_P',
    description: 'num_rel_ret / min(num_ret, num_rel).',
    paramKind: 'none',
    compute: (r) => [r.numRet > 0 && r.numRel > 0 ? r.numRelRet / Math.min(r.numRet, r.numRel) : 0],
  }),
  define({
    name: 'set_recall',
    description: 'Recall of the whole retrieved set.',
    paramKind: 'none',
    compute: (r) => [r.numRel > 0 ? r.numRelRet / r.numRel : 0],
  }),
  define({
    name: 'set_map',
    description: 'Set precision × set recall.',
    paramKind: 'none',
    compute: (r) => [r.numRet > 0 && r.numRel > 0 ? (r.numRelRet * r.numRelRet) / (r.numRet * r.numRel) : 0],
  }),
  define({
    name: 'set_F',
    description: 'Set F measure (x+1)PR/(R+xP), x = 1 by default.',
    paramKind: 'numbers',
    defaultNumbers: [1],
    compute: (r, p) => {
      if (r.numRelRet === 0) return [0];
      const precision = r.numRelRet / r.numRet;
      const recall = r.numRelRet / r.numRel;
      const x = p.numbers[0]!;
      return [((x + 1) * precision * recall) / (x * precision + recall)];
    },
  }),
  define({
    name: 'num_nonrel_judged_ret',
    description: 'Retrieved documents judged non-relevant; summary is the sum.',
    paramKind: 'none',
    valueType: 'long',
    aggregation: 'sum',
    compute: (r) => [r.numRet - r.numNonpool - r.numUnjudgedInPool - r.numRelRet],
  }),
  define({
    name: 'rbp',
    description: 'Rank-biased precision, persistence p = 0.9 (-m rbp.p=0.8).',
    paramKind: 'pairs',
    compute: (r, p, c) => [rankBiasedPrecision(r, p, c)],
  }),
  define({
    name: 'rbp_resid',
    description: 'RBP residual from unjudged retrieved documents and the unseen tail.',
    paramKind: 'pairs',
    resetForMissingQuery: 'unparameterized',
    compute: (r, p) => [rankBiasedPrecisionResidual(r, p)],
  }),
  define({
    name: 'unj',
    description: 'Fraction of the top k that is unjudged (not in qrels or negative qrel).',
    paramKind: 'long-cutoffs',
    defaultNumbers: [5, 10, 20],
    resetForMissingQuery: 'always',
    compute: (r, p) => shareAtCutoffs(r, p.numbers, false),
  }),
  define({
    name: 'judged',
    description: 'Judged@k: fraction of the top k with a (non-negative) judgment; missing ranks count as unjudged.',
    paramKind: 'long-cutoffs',
    defaultNumbers: [5, 10, 20],
    fromTrecEval: false,
    resetForMissingQuery: 'always',
    compute: (r, p) => shareAtCutoffs(r, p.numbers, true),
  }),
  define({
    name: 'err_cut',
    description: 'ERR@k (expected reciprocal rank, Chapelle et al. 2009), graded by judged value.',
    paramKind: 'long-cutoffs',
    defaultNumbers: [5, 10, 20],
    fromTrecEval: false,
    compute: (r, p) => expectedReciprocalRank(r, p.numbers),
  }),
];

export function findMeasure(name: string): MeasureDefinition | undefined {
  return MEASURES.find((measure) => measure.name === name);
}
