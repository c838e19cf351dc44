/**
 * The feature vector learned rankers see, and the text analyzer the features are computed with.
 * docs/ranking.md defines every feature; changing any definition (or the analyzer) requires a new
 * FEATURE_SET_VERSION so that exported feature files stay reproducible.
 */
import type { DocumentRecord } from '../index/document-record';
import { bm25Idf, type CorpusTermStats } from './bm25';

export const FEATURE_SET_VERSION = 'relwb-features-v3';

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
  'bm25_document',
  'query_length',
  'query_idf_sum',
  'query_idf_max',
  'query_idf_mean',
  'title_coverage',
  'text_min_span',
  'text_ordered_bigrams',
  'rm3_score',
  'bm25_rank',
  'dense_rank',
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

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Lowercased, accent-folded ("Café" → "cafe") runs of letters and digits. */
export function tokenize(text: string): string[] {
  // ASCII has nothing to fold, and its letters and digits are exactly [a-z0-9] once lowercased; the Unicode path is ~3× slower.
  const folded = ASCII_ONLY.test(text) ? text.toLowerCase() : text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return folded.split(ASCII_ONLY.test(folded) ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u).filter((token) => token.length > 0);
}

export interface AnalyzeOptions {
  removeStopWords?: boolean;
  stem?: boolean;
}

/** Stems already computed: a corpus has far fewer distinct tokens than tokens, and stemming dominates analysis. */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 1_000_000;

function cachedStem(token: string): string {
  let stem = stemCache.get(token);
  if (stem === undefined) {
    stem = stemEnglish(token);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, stem);
  }
  return stem;
}

/** tokenize, apply the English (Porter2) stemmer, then drop English stop words; both on by default. */
export function analyzeTerms(text: string, { removeStopWords = true, stem = true }: AnalyzeOptions = {}): string[] {
  const tokens = tokenize(text);
  const terms = stem ? tokens.map(cachedStem) : tokens;
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
  /** Every analyzed term in query order, repeats kept (for ordered bigrams). */
  sequence: readonly string[];
  /** tokenize() output joined by spaces: case, accents and punctuation ignored, nothing dropped or stemmed. */
  normalizedText: string;
  /** The board the query is scoped to, if any. */
  board?: string;
}

export function prepareQuery(text: string, board?: string): PreparedQuery {
  const sequence = analyzeTerms(text);
  return { terms: [...new Set(sequence)], sequence, normalizedText: tokenize(text).join(' '), board };
}

export type FeatureField = 'title' | 'text' | 'tags';

/** A document analyzed once; `fields` is also what per-field BM25 scores and corpus statistics are computed from. */
export interface AnalyzedDocument {
  fields: Record<FeatureField, string[]>;
  /** The board's analyzed terms: part of the whole document, not a field of its own. */
  boardTerms: string[];
  normalizedTitle: string;
  board: string;
}

export function analyzeDocument(doc: Pick<DocumentRecord, 'title' | 'text' | 'tags' | 'board'>): AnalyzedDocument {
  return {
    fields: { title: analyzeTerms(doc.title), text: analyzeTerms(doc.text), tags: doc.tags.flatMap((tag) => analyzeTerms(tag)) },
    boardTerms: analyzeTerms(doc.board),
    normalizedTitle: tokenize(doc.title).join(' '),
    board: doc.board,
  };
}

/** The analyzed terms of a whole document (title, text, tags, board), as the BM25 index's search column holds them. */
export function documentTerms(doc: AnalyzedDocument): string[] {
  return [...doc.fields.title, ...doc.fields.text, ...doc.fields.tags, ...doc.boardTerms];
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
  /** BM25 of the query against the whole document (the index's search column, with its corpus statistics). */
  bm25Document: number;
  /** Whole-document corpus statistics (the query-IDF features and the relevance model's background). */
  corpus: CorpusTermStats;
  /** The query's RM3 expansion (buildRelevanceModel), shared by all its candidates. */
  relevanceModel: RelevanceModel;
  /** The document's rank in the bm25 leg and in the variant's dense leg; null when that leg did not return it or does not exist. */
  retrieverRanks: { bm25: number | null; dense: number | null };
}

const MS_PER_DAY = 86_400_000;
const FRESHNESS_DECAY_DAYS = 365;

/** The feature vector in FEATURE_NAMES order; every value is finite. */
export function computeFeatures(input: FeatureInput): Float64Array {
  const { query, doc } = input;
  const coveredTerms = countQueryTermsIn(query.terms, [doc.fields.title, doc.fields.text, doc.fields.tags]);
  const titleCovered = countQueryTermsIn(query.terms, [doc.fields.title]);
  const tokenCount = doc.fields.title.length + doc.fields.text.length + doc.fields.tags.length;
  const idfs = query.terms.map((term) => bm25Idf(input.corpus.docCount, input.corpus.docFreq.get(term) ?? 0));
  const idfSum = idfs.reduce((sum, idf) => sum + idf, 0);
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
    bm25_document: finiteOrZero(input.bm25Document),
    query_length: query.terms.length,
    query_idf_sum: idfSum,
    query_idf_max: idfs.length > 0 ? Math.max(...idfs) : 0,
    query_idf_mean: idfs.length > 0 ? idfSum / idfs.length : 0,
    title_coverage: query.terms.length > 0 ? titleCovered / query.terms.length : 0,
    text_min_span: minimalSpanScore(query.terms, doc.fields.text),
    text_ordered_bigrams: Math.log1p(orderedBigramCount(query.sequence, doc.fields.text)),
    rm3_score: relevanceModelScore(input.relevanceModel, documentTerms(doc), input.corpus),
    bm25_rank: reciprocalRank(input.retrieverRanks.bm25),
    dense_rank: reciprocalRank(input.retrieverRanks.dense),
  };
  return Float64Array.from(FEATURE_NAMES, (name) => values[name]);
}

/** How many of the distinct query terms occur in any of the term lists (one pass, no sets: this runs per candidate). */
function countQueryTermsIn(queryTerms: readonly string[], lists: readonly (readonly string[])[]): number {
  if (queryTerms.length === 0) return 0;
  const found = new Uint8Array(queryTerms.length);
  let count = 0;
  for (const terms of lists) {
    for (const term of terms) {
      const slot = queryTerms.indexOf(term);
      if (slot !== -1 && found[slot] === 0) {
        found[slot] = 1;
        if (++count === queryTerms.length) return count;
      }
    }
  }
  return count;
}

/** exp(-age/365 days); documents dated after `nowMs` count as brand new. */
function freshness(createdAtMs: number | null, nowMs: number): number {
  if (createdAtMs === null || !Number.isFinite(createdAtMs)) return 0;
  const ageDays = Math.max(0, nowMs - createdAtMs) / MS_PER_DAY;
  return Math.exp(-ageDays / FRESHNESS_DECAY_DAYS);
}

const finiteOrZero = (value: number): number => (Number.isFinite(value) ? value : 0);

const reciprocalRank = (rank: number | null): number => (rank !== null && rank >= 1 ? 1 / rank : 0);

/**
 * m / w, where m ≥ 2 is the number of distinct query terms the text contains and w the length (in analyzed
 * terms) of the shortest stretch of text holding every one of them; 0 when fewer than two occur.
 */
export function minimalSpanScore(queryTerms: readonly string[], text: readonly string[]): number {
  // Each text position's query-term slot (-1: none), found once; query terms are few, so indexOf beats a map.
  const slots = new Int32Array(text.length);
  const seen = new Uint8Array(queryTerms.length);
  let present = 0;
  for (let i = 0; i < text.length; i++) {
    const slot = queryTerms.indexOf(text[i]!);
    slots[i] = slot;
    if (slot !== -1 && seen[slot] === 0) {
      seen[slot] = 1;
      present++;
    }
  }
  if (present < 2) return 0;
  // Sliding window over the text: extend right, shrink from the left while every matched term stays inside.
  const inWindow = new Int32Array(queryTerms.length);
  let covered = 0;
  let left = 0;
  let shortest = Infinity;
  for (let right = 0; right < text.length; right++) {
    const slot = slots[right]!;
    if (slot === -1) continue;
    if (inWindow[slot]!++ === 0) covered++;
    while (covered === present) {
      shortest = Math.min(shortest, right - left + 1);
      const leftSlot = slots[left]!;
      if (leftSlot !== -1 && --inWindow[leftSlot]! === 0) covered--;
      left++;
    }
  }
  return present / shortest;
}

/** Positions k where (text[k], text[k+1]) is a pair of different terms adjacent in the query, in query order. */
export function orderedBigramCount(querySequence: readonly string[], text: readonly string[]): number {
  // First term → the terms that follow it in the query; looked up per text position without building strings.
  const followers = new Map<string, Set<string>>();
  for (let i = 0; i + 1 < querySequence.length; i++) {
    const [first, second] = [querySequence[i]!, querySequence[i + 1]!];
    if (first !== second) followers.set(first, (followers.get(first) ?? new Set()).add(second));
  }
  if (followers.size === 0) return 0;
  let count = 0;
  for (let k = 0; k + 1 < text.length; k++) if (followers.get(text[k]!)?.has(text[k + 1]!)) count++;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Pseudo-relevance feedback: RM3 (Abdul-Jaleel et al., 2004; Lavrenko and Croft's RM1 mixed with the
// query), with Dirichlet-smoothed query likelihood for the feedback weights and for scoring.

export const RELEVANCE_MODEL_PARAMETERS = {
  /** Feedback documents: the first this many first-stage candidates. */
  feedbackDocs: 10,
  /** Expansion terms kept from RM1. */
  expansionTerms: 20,
  /** Weight of the original query in RM3. */
  originalQueryWeight: 0.5,
  /** Dirichlet prior μ. */
  mu: 1000,
} as const;

/** P'(w) of the RM3 expansion, over terms the corpus contains; sums to 1 unless empty. */
export type RelevanceModel = ReadonlyMap<string, number>;

const backgroundProbability = (term: string, corpus: CorpusTermStats): number =>
  corpus.totalLength > 0 ? (corpus.collectionFreq.get(term) ?? 0) / corpus.totalLength : 0;

/** RM3 from the feedback documents' whole-document terms (best first); docs/ranking.md gives the formula. */
export function buildRelevanceModel(queryTerms: readonly string[], feedback: readonly (readonly string[])[], corpus: CorpusTermStats): RelevanceModel {
  const { expansionTerms, originalQueryWeight, mu } = RELEVANCE_MODEL_PARAMETERS;
  const known = queryTerms.filter((term) => backgroundProbability(term, corpus) > 0);
  if (known.length === 0) return new Map();
  const docs = feedback.filter((terms) => terms.length > 0).map((terms) => ({ terms, counts: termCounts(terms) }));
  // log P(Q|d), Dirichlet-smoothed; softmax over the feedback set gives P(d|Q) under a uniform prior.
  const logLikelihoods = docs.map(({ terms, counts }) =>
    known.reduce((sum, term) => sum + Math.log(((counts.get(term) ?? 0) + mu * backgroundProbability(term, corpus)) / (terms.length + mu)), 0),
  );
  const best = Math.max(...logLikelihoods);
  const weights = logLikelihoods.map((logLikelihood) => Math.exp(logLikelihood - best));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const rm1 = new Map<string, number>();
  docs.forEach(({ terms, counts }, i) => {
    for (const [term, count] of counts) rm1.set(term, (rm1.get(term) ?? 0) + ((weights[i]! / weightSum) * count) / terms.length);
  });
  const kept = [...rm1]
    .filter(([term]) => backgroundProbability(term, corpus) > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, expansionTerms);
  const keptMass = kept.reduce((sum, [, p]) => sum + p, 0);
  const model = new Map<string, number>();
  for (const term of known) model.set(term, originalQueryWeight / known.length);
  for (const [term, p] of kept) model.set(term, (model.get(term) ?? 0) + (1 - originalQueryWeight) * (p / keptMass));
  // Without feedback the query part alone remains; renormalize so P' always sums to 1.
  const total = [...model.values()].reduce((sum, p) => sum + p, 0);
  for (const [term, p] of model) model.set(term, p / total);
  return model;
}

/**
 * Σ_w P'(w) · ln(1 + tf(w, d) / (μ · P(w|C))) + ln(μ / (|d| + μ)): the Dirichlet query-likelihood of the
 * expanded query, in its rank-equivalent form (Zhai and Lafferty, 2001); 0 for an empty model.
 */
export function relevanceModelScore(model: RelevanceModel, terms: readonly string[], corpus: CorpusTermStats): number {
  if (model.size === 0) return 0;
  const { mu } = RELEVANCE_MODEL_PARAMETERS;
  let score = Math.log(mu / (terms.length + mu));
  const counts = new Map<string, number>();
  for (const term of terms) if (model.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
  for (const [term, count] of counts) score += model.get(term)! * Math.log1p(count / (mu * backgroundProbability(term, corpus)));
  return score;
}

function termCounts(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
