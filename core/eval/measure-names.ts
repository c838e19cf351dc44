/**
 * `-m` measure specifications, as trec_eval reads them: `name`, `name.params` (`P.5,10`,
 * `iprec_at_recall.0.25,0.75`, `ndcg.1=3,2=7`, `rbp.p=0.8`) or a nickname (`official`, `set`, `all_trec`).
 * Measures are reported in trec_eval's table order whatever the order of the `-m` flags; when a measure
 * is given parameters twice, the first wins.
 */
import { AppError } from '../runtime/errors';
import { formatFixed } from './format-number';
import { MEASURES, findMeasure, type MeasureDefinition, type MeasureParams } from './measures';

export class MeasureSpecError extends AppError {
  constructor(message: string) {
    super('INVALID_ARGS', message, { field: 'measure' });
  }
}

export const MEASURE_NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  official: ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'map', 'gm_map', 'Rprec', 'bpref', 'recip_rank', 'iprec_at_recall', 'P'],
  set: ['runid', 'num_q', 'num_ret', 'num_rel', 'num_rel_ret', 'utility', 'set_P', 'set_recall', 'set_relative_P', 'set_map', 'set_F'],
  all_trec: MEASURES.filter((measure) => measure.fromTrecEval).map((measure) => measure.name),
};

export interface ResolvedMeasure {
  readonly definition: MeasureDefinition;
  readonly params: MeasureParams;
  /** Output names of the measure's values, e.g. P_5, P_10. */
  readonly columnNames: readonly string[];
}

/** Resolves `-m` arguments (trec_eval defaults to `official` when none is given). */
export function resolveMeasures(specs: readonly string[]): ResolvedMeasure[] {
  const requested = new Set<string>();
  const paramTexts = new Map<string, string>();
  for (const spec of specs.length > 0 ? specs : ['official']) {
    const dot = spec.indexOf('.');
    const name = dot < 0 ? spec : spec.slice(0, dot);
    if (dot >= 0) {
      const paramText = spec.slice(dot + 1);
      if (paramText === '') throw new MeasureSpecError(`measure '${name}': empty parameter list after '.'`);
      if (!paramTexts.has(name)) paramTexts.set(name, paramText);
    }
    const members = MEASURE_NICKNAMES[name];
    if (members) members.forEach((member) => requested.add(member));
    else if (findMeasure(name)) requested.add(name);
    else throw new MeasureSpecError(`unknown measure '${name}' (see docs/metrics.md for the list)`);
  }
  return MEASURES.filter((definition) => requested.has(definition.name)).map((definition) =>
    resolveParams(definition, paramTexts.get(definition.name)),
  );
}

function resolveParams(definition: MeasureDefinition, paramText: string | undefined): ResolvedMeasure {
  const { name, paramKind } = definition;
  const noPairs = new Map<string, number>();
  switch (paramKind) {
    case 'none':
      if (paramText !== undefined) throw new MeasureSpecError(`measure '${name}' takes no parameters`);
      return { definition, params: { numbers: [], pairs: noPairs }, columnNames: [name] };
    case 'long-cutoffs': {
      const cutoffs = paramText === undefined ? [...definition.defaultNumbers] : sortedCutoffs(name, paramText, true);
      return { definition, params: { numbers: cutoffs, pairs: noPairs }, columnNames: cutoffs.map((cutoff) => `${name}_${cutoff}`) };
    }
    case 'double-cutoffs': {
      const cutoffs = paramText === undefined ? [...definition.defaultNumbers] : sortedCutoffs(name, paramText, false);
      return {
        definition,
        params: { numbers: cutoffs, pairs: noPairs },
        columnNames: cutoffs.map((cutoff) => `${name}_${formatFixed(cutoff, 2)}`),
      };
    }
    case 'numbers': {
      const numbers = paramText === undefined ? [...definition.defaultNumbers] : paramText.split(',').map((text) => parseNumber(name, text));
      if (name === 'utility' && numbers.length !== 4) throw new MeasureSpecError(`measure 'utility' needs 4 coefficients, got ${numbers.length}`);
      return { definition, params: { numbers, pairs: noPairs }, columnNames: [columnName(name, paramText)] };
    }
    case 'pairs':
      return { definition, params: { numbers: [], pairs: parsePairs(name, paramText) }, columnNames: [columnName(name, paramText)] };
  }
}

function columnName(name: string, paramText: string | undefined): string {
  return paramText === undefined ? name : `${name}_${paramText}`;
}

function parseNumber(measure: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new MeasureSpecError(`measure '${measure}': '${text}' is not a number`);
  return value;
}

/** Cutoffs are sorted ascending and must be distinct; document-count cutoffs must be positive integers. */
function sortedCutoffs(measure: string, paramText: string, integers: boolean): number[] {
  const cutoffs = paramText.split(',').map((text) => parseNumber(measure, text));
  if (integers && cutoffs.some((cutoff) => !Number.isInteger(cutoff) || cutoff <= 0)) {
    throw new MeasureSpecError(`measure '${measure}': cutoffs must be positive integers, got '${paramText}'`);
  }
  cutoffs.sort((a, b) => a - b);
  if (cutoffs.some((cutoff, i) => i > 0 && cutoff === cutoffs[i - 1])) {
    throw new MeasureSpecError(`measure '${measure}': duplicate cutoffs in '${paramText}'`);
  }
  return cutoffs;
}

function parsePairs(measure: string, paramText: string | undefined): Map<string, number> {
  const pairs = new Map<string, number>();
  if (paramText === undefined) return pairs;
  for (const item of paramText.split(',')) {
    const equals = item.indexOf('=');
    if (equals <= 0) throw new MeasureSpecError(`measure '${measure}': expected name=value parameters, got '${item}'`);
    pairs.set(item.slice(0, equals), parseNumber(measure, item.slice(equals + 1)));
  }
  return pairs;
}
