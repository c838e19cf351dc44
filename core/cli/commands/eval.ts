import {
  InputError,
  NoQueriesError,
  evaluateRunFile,
  evaluationToJson,
  loadQrels,
  resolveMeasures,
  writeTrecEval,
  type EvaluationOptions,
} from '../../eval';
import { UsageError, type CliCommand, type CliContext } from '../command';
import { parseCommandArgs } from '../options';

const usage = 'relwb eval QRELS RUN [-q] [-c] [-n] [-M N] [-l LEVEL] [-N N] [-m MEASURE]... [--gain linear|exp] [--json]';

/** Flags shared by `eval` and `compare` (trec_eval's spelling, so `-M1000` and `-l2` work too). */
export const evaluationFlags = {
  measure: { type: 'string', short: 'm', multiple: true },
  complete: { type: 'boolean', short: 'c' },
  'max-docs': { type: 'string', short: 'M' },
  level: { type: 'string', short: 'l' },
  'collection-size': { type: 'string', short: 'N' },
  gain: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface EvaluationFlagValues {
  measure?: string[];
  complete?: boolean;
  'max-docs'?: string;
  level?: string;
  'collection-size'?: string;
  gain?: string;
}

function parseInteger(value: string | undefined, flag: string, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < minimum) {
    throw new UsageError(`${flag} must be an integer${minimum > Number.MIN_SAFE_INTEGER ? ` ≥ ${minimum}` : ''}, got "${value}"`);
  }
  return parsed;
}


export function evaluationOptionsFrom(values: EvaluationFlagValues, defaultMeasures: readonly string[]): EvaluationOptions {
  if (values.gain !== undefined && values.gain !== 'linear' && values.gain !== 'exp') {
    throw new UsageError(`--gain must be "linear" or "exp", got "${values.gain}"`);
  }
  return {
    measures: resolveMeasures(values.measure ?? defaultMeasures),
    averageOverAllJudgedQueries: values.complete ?? false,
    maxDocsPerQuery: parseInteger(values['max-docs'], '-M', 0),
    relevanceLevel: parseInteger(values.level, '-l', Number.MIN_SAFE_INTEGER),
    numDocsInCollection: parseInteger(values['collection-size'], '-N', 0),
    exponentialGain: values.gain === 'exp',
  };
}

/** Runs `action`, turning bad input (malformed lines, unreadable files) into a message and exit code 2. */
export function reportingInputErrors(ctx: CliContext, action: () => number): number {
  try {
    return action();
  } catch (error) {
    if (error instanceof InputError) {
      ctx.stderr(`relwb: ${error.message}\n`);
      return 2;
    }
    if (error instanceof NoQueriesError) {
      ctx.stderr(`relwb: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      ctx.stderr(`relwb: cannot read ${(error as NodeJS.ErrnoException).path ?? 'input'}: ${code}\n`);
      return 2;
    }
    if (error instanceof Error && /incorrect header check|unexpected end of file/.test(error.message)) {
      ctx.stderr(`relwb: corrupt gzip input: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export const evalCommand: CliCommand = {
  path: ['eval'],
  summary: 'Evaluate a TREC run against qrels (trec_eval-compatible)',
  help: `usage: ${usage}

Scores RUN (TREC run: qid Q0 docno rank score tag) against QRELS (TREC qrels: qid 0 docno rel, or
BEIR TSV with a "query-id corpus-id score" header). Either file may be gzipped. Output lines are
"measure<TAB>qid|all<TAB>value", exactly as trec_eval 10.0 prints them.

options:
  -q             also print per-query values
  -c             average over every query in QRELS (queries without results score 0)
  -n             no summary ("all") lines
  -M N           evaluate only the top N documents per query
  -l LEVEL       minimum judgment value counted as relevant (default 1)
  -N N           number of documents in the collection (utility only)
  -m MEASURE     measure or set, repeatable: official (default), all_trec, set, map, P.5,10,
                 ndcg_cut.10, recall.100, iprec_at_recall.0.5, ndcg.1=1,2=3, rbp.p=0.8, ...
                 extras: judged.10 (Judged@k), err_cut.10 (ERR@k). See docs/metrics.md.
  --gain exp     exponential gain 2^rel-1 for the nDCG family, G and rbp (default linear: gain = rel)
  --json         print JSON (full precision) instead of trec_eval text`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { ...evaluationFlags, 'no-summary': { type: 'boolean', short: 'n' }, 'per-query': { type: 'boolean', short: 'q' } }, usage);
    if (positionals.length !== 2) throw new UsageError(`expected QRELS and RUN files\nusage: ${usage}`);
    const options = evaluationOptionsFrom(values, ['official']);
    const [qrelsFile, runFile] = positionals as [string, string];
    return reportingInputErrors(ctx, () => {
      const evaluation = evaluateRunFile(loadQrels(qrelsFile), runFile, options);
      if (values.json) ctx.stdout(`${JSON.stringify(evaluationToJson(evaluation, values['per-query'] ?? false), null, 2)}\n`);
      else writeTrecEval(evaluation, { perQuery: values['per-query'] ?? false, summary: !values['no-summary'] }, (text) => ctx.stdout(text));
      return 0;
    });
  },
};
