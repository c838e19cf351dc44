/**
 * Writers for each export format. Labels in every format but JSONL are gains: the scale value minus the
 * scale's lowest value, so the lowest level is never relevant (as for runs scored on consensus labels).
 */
import { csvRow } from './csv';
import type { LineSink } from './line-sink';

export interface LabelledPair {
  queryId: string;
  queryText: string;
  docId: string;
  gain: number;
}

/** One rater's (or imported source's) graded judgment. */
export interface RaterGrade {
  queryId: string;
  docId: string;
  rater: string;
  gain: number;
}

/** A document preference from a side-by-side answer: `preferred` (only in the preferred side's shown top k) over `other` (only in the other side's). */
export interface PreferenceRecord {
  queryId: string;
  preferred: string;
  other: string;
  rater: string;
  comparisonId: number;
  /** |preference|: 1 = better, 2 = much better. */
  strength: number;
}

export interface FeatureLine {
  queryId: string;
  docId: string;
  gain: number;
  features: readonly number[];
  /** True when the vector was computed at export time, not logged when the pair was judged. */
  computed: boolean;
}

export function writeTrecQrels(sink: LineSink, pairs: readonly LabelledPair[]): void {
  for (const pair of pairs) sink.write(`${pair.queryId} 0 ${pair.docId} ${pair.gain}\n`);
}

export function writeBeirQrels(sink: LineSink, pairs: readonly LabelledPair[]): void {
  sink.write('query-id\tcorpus-id\tscore\n');
  for (const pair of pairs) sink.write(`${pair.queryId}\t${pair.docId}\t${pair.gain}\n`);
}

/**
 * trec_eval's `-R prefs` file: `qid ujg ujsubg docno rel_level`. Graded judgments: one judgment group per
 * rater (subgroup 0, the gain as rel_level). Side-by-side preferences: one judgment group per (rater,
 * comparison, query), named `<rater>.cmp<id>`, so answers to different comparisons never contradict each
 * other inside one group (trec_eval refuses that); its documents only in the preferred side get rel_level
 * 2, those only in the other side 1. Not 1 and 0: trec_eval reads rel_level 0 as "judged nonrelevant",
 * which a preference between two lists does not say.
 */
export function writeTrecPrefs(sink: LineSink, grades: readonly RaterGrade[], preferences: readonly PreferenceRecord[] = []): void {
  const group = (rater: string) => rater.replace(/\s+/g, '_') || 'source';
  for (const grade of grades) sink.write(`${grade.queryId} ${group(grade.rater)} 0 ${grade.docId} ${grade.gain}\n`);
  const levels = new Map<string, Map<string, number>>();
  for (const preference of preferences) {
    const key = `${preference.queryId} ${group(preference.rater)}.cmp${preference.comparisonId} sbs`;
    const docs = levels.get(key) ?? new Map<string, number>();
    docs.set(preference.preferred, 2).set(preference.other, 1);
    levels.set(key, docs);
  }
  for (const [key, docs] of levels) for (const [docId, level] of docs) sink.write(`${key} ${docId} ${level}\n`);
}

export function writeQuepidCsv(sink: LineSink, pairs: readonly LabelledPair[]): void {
  sink.write('query,docid,rating\n');
  for (const pair of pairs) sink.write(csvRow([pair.queryText, pair.docId, String(pair.gain)]));
}

/** `query,docid,<rater>…`: one row per pair, a rater's gain or an empty cell where they did not grade it. */
export function writeWideCsv(sink: LineSink, grades: readonly RaterGrade[]): void {
  const raters = [...new Set(grades.map((grade) => grade.rater))].sort();
  const rows = new Map<string, Map<string, number>>();
  for (const grade of grades) {
    const key = `${grade.queryId}\t${grade.docId}`;
    rows.set(key, (rows.get(key) ?? new Map()).set(grade.rater, grade.gain));
  }
  sink.write(csvRow(['query', 'docid', ...raters]));
  for (const [key, byRater] of rows) {
    const [queryId, docId] = key.split('\t') as [string, string];
    sink.write(csvRow([queryId, docId, ...raters.map((rater) => (byRater.has(rater) ? String(byRater.get(rater)) : ''))]));
  }
}

/** Groups in first-seen query order, so one query's lines are contiguous. */
function byQuery<T extends { queryId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.queryId, [...(groups.get(item.queryId) ?? []), item]);
  return groups;
}

/** SVMlight needs integer qids: the query ids themselves when they are all integers, else their 1-based order. */
export function numericQueryIds(queryIds: readonly string[]): Map<string, number> {
  const unique = [...new Set(queryIds)];
  const allIntegers = unique.every((id) => /^[1-9]\d{0,8}$/.test(id));
  return new Map(unique.map((id, index) => [id, allIntegers ? Number(id) : index + 1]));
}

const featureColumns = (features: readonly number[]) => features.map((value, index) => `${index + 1}:${Number.isFinite(value) ? value : 0}`).join(' ');

/** LETOR / SVMlight / RankLib: `label qid:N 1:v 2:v … # docid` (`# docid computed` for vectors computed at export). */
export function writeLetor(sink: LineSink, lines: readonly FeatureLine[], qids: ReadonlyMap<string, number>): void {
  for (const group of byQuery(lines).values()) {
    for (const line of group) sink.write(`${line.gain} qid:${qids.get(line.queryId)} ${featureColumns(line.features)} # ${line.docId}${line.computed ? ' computed' : ''}\n`);
  }
}

/** XGBoost's libsvm with `qid:`; which document a row is comes in the rows file ({@link writeFeatureRowIds}). */
export function writeXgboost(sink: LineSink, lines: readonly FeatureLine[], qids: ReadonlyMap<string, number>): void {
  for (const group of byQuery(lines).values()) for (const line of group) sink.write(`${line.gain} qid:${qids.get(line.queryId)} ${featureColumns(line.features)}\n`);
}

/** LightGBM: libsvm rows, and the `.query` file of group sizes in the same query order. */
export function writeLightgbm(sink: LineSink, groupSink: LineSink, lines: readonly FeatureLine[]): void {
  for (const group of byQuery(lines).values()) {
    for (const line of group) sink.write(`${line.gain} ${featureColumns(line.features)}\n`);
    groupSink.write(`${group.length}\n`);
  }
}

/** `query-id<TAB>doc-id` per row, in row order: maps a trainer's predictions back to documents for formats without ids. */
export function writeFeatureRowIds(sink: LineSink, lines: readonly FeatureLine[]): void {
  for (const group of byQuery(lines).values()) for (const line of group) sink.write(`${line.queryId}\t${line.docId}\n`);
}

/** Pairwise training pairs: every two documents of a query with different gains (`graded`), and each side-by-side document preference (`side-by-side`). */
export function writePairs(sink: LineSink, pairs: readonly LabelledPair[], preferences: readonly PreferenceRecord[] = []): void {
  for (const [queryId, group] of byQuery(pairs)) {
    for (const a of group) {
      for (const b of group) {
        if (a.gain > b.gain) sink.write(`${JSON.stringify({ query: queryId, preferred: a.docId, other: b.docId, preferredGain: a.gain, otherGain: b.gain, origin: 'graded' })}\n`);
      }
    }
  }
  for (const preference of preferences) {
    sink.write(
      `${JSON.stringify({ query: preference.queryId, preferred: preference.preferred, other: preference.other, rater: preference.rater, comparison: preference.comparisonId, strength: preference.strength, origin: 'side-by-side' })}\n`,
    );
  }
}

/** RRE's ratings JSON, doc-keyed shape: one query group per query, named by its id, with its text as `$query`. */
export function writeRre(sink: LineSink, pairs: readonly LabelledPair[], index: string): void {
  const groups = [...byQuery(pairs)].map(([queryId, group]) => ({
    name: queryId,
    queries: [{ template: 'query.json', placeholders: { $query: group[0]!.queryText } }],
    relevant_documents: Object.fromEntries(group.map((pair) => [pair.docId, { gain: pair.gain }])),
  }));
  sink.write(`{\n  "index": ${JSON.stringify(index)},\n  "id_field": "id",\n  "query_groups": [\n`);
  groups.forEach((group, i) => sink.write(`    ${JSON.stringify(group)}${i < groups.length - 1 ? ',' : ''}\n`));
  sink.write('  ]\n}\n');
}

/** OpenSearch Search Relevance judgments to import (`IMPORT_JUDGMENT`), ratings as strings. */
export function writeSrw(sink: LineSink, pairs: readonly LabelledPair[], name: string): void {
  const entries = [...byQuery(pairs).values()].map((group) => ({ query: group[0]!.queryText, ratings: group.map((pair) => ({ docId: pair.docId, rating: String(pair.gain) })) }));
  sink.write(`{\n  "name": ${JSON.stringify(name)},\n  "description": "Exported from Relevance Workbench",\n  "type": "IMPORT_JUDGMENT",\n  "judgmentRatings": [\n`);
  entries.forEach((entry, i) => sink.write(`    ${JSON.stringify(entry)}${i < entries.length - 1 ? ',' : ''}\n`));
  sink.write('  ]\n}\n');
}
