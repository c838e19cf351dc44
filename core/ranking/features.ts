/**
 * The feature vector learned rankers see, and the text analyzer the features are computed with.
 * docs/ranking.md defines every feature; changing any definition (or the analyzer) requires a new
 * FEATURE_SET_VERSION so that exported feature files stay reproducible.
 */
import type { DocumentRecord } from '../index/document-record';

export const FEATURE_SET_VERSION = 'relwb-features-v2';

/** Column order of the vector computeFeatures returns (and of an LTR model's input). */
export const FEATURE_NAMES = [
  'bm25_title',
  'bm25_text',
  'bm25_tags',
  'dense_cosine',
  'query_coverage',
  'exact_title_match',
  'doc_length',
  'popularity',
  'freshness',
  'board_match',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

// ---------------------------------------------------------------------------------------------
// Analyzer. It mirrors the BM25 index's analyzer (core/index/document-table.ts: LanceDB/tantivy
// with English stop words and the Snowball English stemmer) so per-field BM25 features count the
// same terms the index matched.

/**
 * The index's English stop list (LanceDB ≥ 0.37: NLTK's English list; entries with an apostrophe are left
 * out because tokens never contain one). The index drops a term when its *stem* is on the list, so
 * "being" (→ "be") goes while "above" (→ "abov") stays; analyzeTerms does the same.
 */
const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against ain all am an and any are aren as at be because been before being below ' +
    'between both but by can couldn d did didn do does doesn doing don down during each few for from further ' +
    'had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it ' +
    'its itself just ll m ma me mightn more most mustn my myself needn no nor not now o of off on once only or ' +
    'other our ours ourselves out over own re s same shan she should shouldn so some such t than that the ' +
    'their theirs them themselves then there these they this those through to too under until up ve very was ' +
    'wasn we were weren what when where which while who whom why will with won wouldn y you your yours ' +
    'yourself yourselves'
  ).split(' '),
);

/** Lowercased, accent-folded ("Café" → "cafe") runs of letters and digits. */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

export interface AnalyzeOptions {
  removeStopWords?: boolean;
  stem?: boolean;
}

/** tokenize, apply the English (Porter2) stemmer, then drop English stop words; both on by default. */
export function analyzeTerms(text: string, { removeStopWords = true, stem = true }: AnalyzeOptions = {}): string[] {
  const tokens = tokenize(text);
  const terms = stem ? tokens.map(stemEnglish) : tokens;
  return removeStopWords ? terms.filter((term) => !ENGLISH_STOP_WORDS.has(term)) : terms;
}

// ---------------------------------------------------------------------------------------------
// The Snowball English ("Porter2") stemmer, as specified at
// https://snowballstem.org/algorithms/english/stemmer.html. A lighter stemmer would disagree with
// the index on many words and skew the BM25 features. Inputs are tokenize() output, so the
// apostrophe handling of the specification (its step 0) never applies and is left out.

/** Whole words the specification stems specially (or keeps) before any step. */
const SPECIAL_WORDS: ReadonlyMap<string, string> = new Map([
  ['skis', 'ski'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['idly', 'idl'],
  ['gently', 'gentl'],
  ['ugly', 'ugli'],
  ['early', 'earli'],
  ['only', 'onli'],
  ['singly', 'singl'],
  ['sky', 'sky'],
  ['news', 'news'],
  ['howe', 'howe'],
  ['atlas', 'atlas'],
  ['cosmos', 'cosmos'],
  ['bias', 'bias'],
  ['andes', 'andes'],
]);

/** Words left as they are once step 1a has run. */
const INVARIANT_AFTER_STEP_1A: ReadonlySet<string> = new Set([
  'inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed',
]);

/** Prefixes after which R1 starts, whatever the usual rule says (so "generous" ≠ "general"). */
const R1_PREFIXES = ['gener', 'commun', 'arsen'];

const DOUBLE_CONSONANTS: ReadonlySet<string> = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const VALID_LI_ENDING = /[cdeghkmnrt]$/;

interface Regions {
  r1: number;
  r2: number;
}

/** The longest matching suffix wins; if it fails its region or condition, the step does nothing. */
interface SuffixRule {
  suffix: string;
  replacement: string;
  region: keyof Regions;
  condition?: (stem: string, regions: Regions) => boolean;
}

const byLongestSuffix = (a: SuffixRule, b: SuffixRule) => b.suffix.length - a.suffix.length;

const inR1 = (suffix: string, replacement: string, condition?: SuffixRule['condition']): SuffixRule =>
  ({ suffix, replacement, region: 'r1', condition });
const removeInR2 = (suffix: string, condition?: SuffixRule['condition']): SuffixRule =>
  ({ suffix, replacement: '', region: 'r2', condition });

const STEP_2_RULES: readonly SuffixRule[] = [
  inR1('tional', 'tion'),
  inR1('enci', 'ence'),
  inR1('anci', 'ance'),
  inR1('abli', 'able'),
  inR1('entli', 'ent'),
  inR1('izer', 'ize'),
  inR1('ization', 'ize'),
  inR1('ational', 'ate'),
  inR1('ation', 'ate'),
  inR1('ator', 'ate'),
  inR1('alism', 'al'),
  inR1('aliti', 'al'),
  inR1('alli', 'al'),
  inR1('fulness', 'ful'),
  inR1('ousli', 'ous'),
  inR1('ousness', 'ous'),
  inR1('iveness', 'ive'),
  inR1('iviti', 'ive'),
  inR1('biliti', 'ble'),
  inR1('bli', 'ble'),
  inR1('ogi', 'og', (stem) => stem.endsWith('l')),
  inR1('fulli', 'ful'),
  inR1('lessli', 'less'),
  inR1('li', '', (stem) => VALID_LI_ENDING.test(stem)),
].sort(byLongestSuffix);

const STEP_3_RULES: readonly SuffixRule[] = [
  inR1('tional', 'tion'),
  inR1('ational', 'ate'),
  inR1('alize', 'al'),
  inR1('icate', 'ic'),
  inR1('iciti', 'ic'),
  inR1('ical', 'ic'),
  inR1('ful', ''),
  inR1('ness', ''),
  inR1('ative', '', (stem, { r2 }) => stem.length >= r2),
].sort(byLongestSuffix);

const STEP_4_RULES: readonly SuffixRule[] = [
  ...['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize'].map(
    (suffix) => removeInR2(suffix),
  ),
  removeInR2('ion', (stem) => stem.endsWith('s') || stem.endsWith('t')),
].sort(byLongestSuffix);

/** Vowels are a, e, i, o, u, y; a "Y" (a y marked as consonant) is not. */
function isVowel(char: string | undefined): boolean {
  return char !== undefined && 'aeiouy'.includes(char);
}

function containsVowel(word: string, end: number): boolean {
  for (let i = 0; i < end; i++) if (isVowel(word[i])) return true;
  return false;
}

/** Marks a y that starts the word or follows a vowel as "Y", a consonant for the rest of the algorithm. */
function markConsonantY(word: string): string {
  let marked = '';
  for (let i = 0; i < word.length; i++) {
    marked += word[i] === 'y' && (i === 0 || isVowel(marked[i - 1])) ? 'Y' : word[i];
  }
  return marked;
}

/** Start of the region after the first non-vowel that follows a vowel, searching from `from`. */
function regionAfter(word: string, from: number): number {
  for (let i = from; i < word.length - 1; i++) {
    if (isVowel(word[i]) && !isVowel(word[i + 1])) return i + 2;
  }
  return word.length;
}

function findRegions(word: string): Regions {
  const prefix = R1_PREFIXES.find((p) => word.startsWith(p));
  const r1 = prefix ? prefix.length : regionAfter(word, 0);
  return { r1, r2: regionAfter(word, r1) };
}

/** Non-vowel, vowel, non-vowel other than w, x or Y; or, as the whole word, vowel then non-vowel. */
function endsWithShortSyllable(word: string): boolean {
  const n = word.length;
  if (n === 2) return isVowel(word[0]) && !isVowel(word[1]);
  return n > 2 && !isVowel(word[n - 3]) && isVowel(word[n - 2]) && !isVowel(word[n - 1]) && !'wxY'.includes(word[n - 1]!);
}

function applySuffixRules(word: string, rules: readonly SuffixRule[], regions: Regions): string {
  const rule = rules.find((r) => word.endsWith(r.suffix));
  if (!rule) return word;
  const stem = word.slice(0, word.length - rule.suffix.length);
  if (stem.length < regions[rule.region]) return word;
  if (rule.condition && !rule.condition(stem, regions)) return word;
  return stem + rule.replacement;
}

function step1a(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ied') || word.endsWith('ies')) return word.slice(0, -3) + (word.length > 4 ? 'i' : 'ie');
  if (word.endsWith('us') || word.endsWith('ss')) return word;
  // The s goes only when a vowel occurs before the letter preceding it: "gaps" → "gap", "gas" stays.
  if (word.endsWith('s') && containsVowel(word, word.length - 2)) return word.slice(0, -1);
  return word;
}

const STEP_1B_SUFFIXES = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'];

function step1b(word: string, { r1 }: Regions): string {
  const suffix = STEP_1B_SUFFIXES.find((s) => word.endsWith(s));
  if (!suffix) return word;
  const stem = word.slice(0, word.length - suffix.length);
  if (suffix === 'eed' || suffix === 'eedly') return stem.length >= r1 ? `${stem}ee` : word;
  if (!containsVowel(stem, stem.length)) return word;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (DOUBLE_CONSONANTS.has(stem.slice(-2))) return stem.slice(0, -1);
  // A "short word" (R1 empty and ending in a short syllable) gets its e back: "hoping" → "hope".
  if (stem.length === r1 && endsWithShortSyllable(stem)) return `${stem}e`;
  return stem;
}

function step1c(word: string): string {
  const n = word.length;
  const endsInY = word[n - 1] === 'y' || word[n - 1] === 'Y';
  return endsInY && n > 2 && !isVowel(word[n - 2]) ? `${word.slice(0, -1)}i` : word;
}

function step5(word: string, { r1, r2 }: Regions): string {
  const stem = word.slice(0, -1);
  if (word.endsWith('e') && (stem.length >= r2 || (stem.length >= r1 && !endsWithShortSyllable(stem)))) return stem;
  if (word.endsWith('ll') && stem.length >= r2) return stem;
  return word;
}

/** Stems one lowercase token with the Snowball English (Porter2) algorithm. */
export function stemEnglish(token: string): string {
  const special = SPECIAL_WORDS.get(token);
  if (special !== undefined) return special;
  if (token.length < 3) return token;
  let word = markConsonantY(token);
  const regions = findRegions(word);
  word = step1a(word);
  if (INVARIANT_AFTER_STEP_1A.has(word)) return word;
  word = step1c(step1b(word, regions));
  word = applySuffixRules(word, STEP_2_RULES, regions);
  word = applySuffixRules(word, STEP_3_RULES, regions);
  word = applySuffixRules(word, STEP_4_RULES, regions);
  return step5(word, regions).replaceAll('Y', 'y');
}

// ---------------------------------------------------------------------------------------------
// Features.

/** A query analyzed once and reused for every candidate. */
export interface PreparedQuery {
  /** Distinct analyzed terms in order of first occurrence; a repeated query word counts once. */
  terms: readonly string[];
  /** tokenize() output joined by spaces: case, accents and punctuation ignored, nothing dropped or stemmed. */
  normalizedText: string;
  /** The board the query is scoped to, if any. */
  board?: string;
}

export function prepareQuery(text: string, board?: string): PreparedQuery {
  return { terms: [...new Set(analyzeTerms(text))], normalizedText: tokenize(text).join(' '), board };
}

export type FeatureField = 'title' | 'text' | 'tags';

/** A document analyzed once; `fields` is also what per-field BM25 scores and corpus statistics are computed from. */
export interface AnalyzedDocument {
  fields: Record<FeatureField, string[]>;
  normalizedTitle: string;
  board: string;
}

export function analyzeDocument(doc: Pick<DocumentRecord, 'title' | 'text' | 'tags' | 'board'>): AnalyzedDocument {
  return {
    fields: { title: analyzeTerms(doc.title), text: analyzeTerms(doc.text), tags: doc.tags.flatMap((tag) => analyzeTerms(tag)) },
    normalizedTitle: tokenize(doc.title).join(' '),
    board: doc.board,
  };
}

export interface FeatureInput {
  query: PreparedQuery;
  doc: AnalyzedDocument;
  /** BM25 of the query terms against each field alone (core/ranking/bm25.ts), with that field's corpus statistics. */
  bm25: Record<FeatureField, number>;
  /** Cosine similarity of query and document vectors; NaN when the variant has no dense retriever. */
  denseCosine: number;
  /** How often the document was engaged with (e.g. pin saves); 0 when unknown. */
  popularityCount: number;
  /** Creation time in ms since the epoch, or null when unknown. */
  createdAtMs: number | null;
  /** The reference time freshness is measured from; fixed per export so features reproduce. */
  nowMs: number;
}

const MS_PER_DAY = 86_400_000;
const FRESHNESS_DECAY_DAYS = 365;

/** The feature vector in FEATURE_NAMES order; every value is finite. */
export function computeFeatures(input: FeatureInput): Float64Array {
  const { query, doc } = input;
  const docTerms = new Set([...doc.fields.title, ...doc.fields.text, ...doc.fields.tags]);
  const coveredTerms = query.terms.filter((term) => docTerms.has(term)).length;
  const tokenCount = doc.fields.title.length + doc.fields.text.length + doc.fields.tags.length;
  const values: Record<FeatureName, number> = {
    bm25_title: input.bm25.title,
    bm25_text: input.bm25.text,
    bm25_tags: input.bm25.tags,
    dense_cosine: Number.isFinite(input.denseCosine) ? input.denseCosine : 0,
    query_coverage: query.terms.length > 0 ? coveredTerms / query.terms.length : 0,
    exact_title_match: query.normalizedText !== '' && query.normalizedText === doc.normalizedTitle ? 1 : 0,
    doc_length: Math.log1p(tokenCount),
    popularity: Math.log1p(Number.isFinite(input.popularityCount) ? Math.max(0, input.popularityCount) : 0),
    freshness: freshness(input.createdAtMs, input.nowMs),
    board_match: query.board && query.board === doc.board ? 1 : 0,
  };
  return Float64Array.from(FEATURE_NAMES, (name) => values[name]);
}

/** exp(-age/365 days); documents dated after `nowMs` count as brand new. */
function freshness(createdAtMs: number | null, nowMs: number): number {
  if (createdAtMs === null || !Number.isFinite(createdAtMs)) return 0;
  const ageDays = Math.max(0, nowMs - createdAtMs) / MS_PER_DAY;
  return Math.exp(-ageDays / FRESHNESS_DECAY_DAYS);
}
