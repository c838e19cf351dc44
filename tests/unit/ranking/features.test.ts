import { describe, expect, it } from 'vitest';
import {
  FEATURE_NAMES,
  FEATURE_SET_VERSION,
  analyzeDocument,
  analyzeTerms,
  computeFeatures,
  prepareQuery,
  stemEnglish,
  tokenize,
  RELEVANCE_MODEL_PARAMETERS,
  type FeatureInput,
  type FeatureName,
} from '../../../core/ranking/features';
import { collectCorpusTermStats, type CorpusTermStats } from '../../../core/ranking/bm25';

/**
 * The sample vocabulary printed on https://snowballstem.org/algorithms/english/stemmer.html (two runs
 * of consecutive words from its test list, word → stem).
 */
const PUBLISHED_SAMPLE: Record<string, string> = {
  consign: 'consign', consigned: 'consign', consigning: 'consign', consignment: 'consign',
  consist: 'consist', consisted: 'consist', consistency: 'consist', consistent: 'consist',
  consistently: 'consist', consisting: 'consist', consists: 'consist', consolation: 'consol',
  consolations: 'consol', consolatory: 'consolatori', console: 'consol', consoled: 'consol',
  consoles: 'consol', consolidate: 'consolid', consolidated: 'consolid', consolidating: 'consolid',
  consoling: 'consol', consolingly: 'consol', consols: 'consol', consonant: 'conson',
  consort: 'consort', consorted: 'consort', consorting: 'consort', conspicuous: 'conspicu',
  conspicuously: 'conspicu', conspiracy: 'conspiraci', conspirator: 'conspir', conspirators: 'conspir',
  conspire: 'conspir', conspired: 'conspir', conspiring: 'conspir', constable: 'constabl',
  constables: 'constabl', constance: 'constanc', constancy: 'constanc', constant: 'constant',
  knack: 'knack', knackeries: 'knackeri', knacks: 'knack', knag: 'knag',
  knave: 'knave', knaves: 'knave', knavish: 'knavish', kneaded: 'knead',
  kneading: 'knead', knee: 'knee', kneel: 'kneel', kneeled: 'kneel',
  kneeling: 'kneel', kneels: 'kneel', knees: 'knee', knell: 'knell',
  knelt: 'knelt', knew: 'knew', knick: 'knick', knif: 'knif',
  knife: 'knife', knight: 'knight', knightly: 'knight', knights: 'knight',
  knit: 'knit', knits: 'knit', knitted: 'knit', knitting: 'knit',
  knives: 'knive', knob: 'knob', knobs: 'knob', knock: 'knock',
  knocked: 'knock', knocker: 'knocker', knockers: 'knocker', knocking: 'knock',
  knocks: 'knock', knopp: 'knopp', knot: 'knot', knots: 'knot',
};

/** Words that exercise the algorithm's special cases, each named by the rule it tests. */
const SPECIAL_CASES: [rule: string, word: string, stem: string][] = [
  ['exceptional form', 'skies', 'sky'],
  ['exceptional form', 'dying', 'die'],
  ['invariant form', 'news', 'news'],
  ['invariant after step 1a', 'succeeding', 'succeed'],
  ['R1 after "gener"', 'generously', 'generous'],
  ['R1 after "commun"', 'communication', 'communic'],
  ['R1 after "arsen"', 'arsenal', 'arsenal'],
  ['ies after one letter', 'ties', 'tie'],
  ['ies after two letters', 'cries', 'cri'],
  ['s after a vowel-bearing part', 'gaps', 'gap'],
  ['s right after the only vowel', 'gas', 'gas'],
  ['sses', 'caresses', 'caress'],
  ['undoubling', 'hopping', 'hop'],
  ['short word gets e back', 'hoping', 'hope'],
  ['eed in R1', 'agreed', 'agre'],
  ['consonant y', 'sayings', 'say'],
  ['y after consonant', 'happy', 'happi'],
  ['y as second letter', 'by', 'by'],
  ['longest suffix not in R1 blocks shorter ones', 'fluently', 'fluentli'],
  ['step 2 then step 4', 'relational', 'relat'],
  ['ion after t', 'adoption', 'adopt'],
  ['two letters', 'as', 'as'],
];

describe('stemEnglish (Snowball English / Porter2)', () => {
  it('reproduces the published sample vocabulary', () => {
    const stems = Object.fromEntries(Object.keys(PUBLISHED_SAMPLE).map((word) => [word, stemEnglish(word)]));
    expect(stems).toEqual(PUBLISHED_SAMPLE);
  });

  it.each(SPECIAL_CASES)('%s: %s → %s', (_rule, word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });
});

describe('analyzer', () => {
  it('tokenize lowercases, folds accents and splits on anything not a letter or digit', () => {
    expect(tokenize('Café au-lait, 2 CUPS!')).toEqual(['cafe', 'au', 'lait', '2', 'cups']);
    expect(tokenize(' -- ')).toEqual([]);
  });

  it('tokenize gives ASCII text (its fast path) the same tokens as the Unicode rules', () => {
    const unicodeRules = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let sample = 0; sample < 200; sample++) {
      const text = Array.from({ length: 40 }, () => String.fromCharCode(Math.floor(random() * 128))).join('');
      expect(tokenize(text)).toEqual(unicodeRules(text));
    }
    expect(tokenize('Ünïcode ﬁne CAFÉ')).toEqual(unicodeRules('Ünïcode ﬁne CAFÉ'));
  });

  it('analyzeTerms drops English stop words and stems by default', () => {
    expect(analyzeTerms('The running dogs are barking')).toEqual(['run', 'dog', 'bark']);
  });

  it('analyzeTerms drops a term whose stem is a stop word, as the index does', () => {
    expect(analyzeTerms('being above the boundaries')).toEqual(['abov', 'boundari']);
  });

  it('analyzeTerms can keep stop words or skip stemming', () => {
    expect(analyzeTerms('The running dogs', { removeStopWords: false })).toEqual(['the', 'run', 'dog']);
    expect(analyzeTerms('The running dogs', { stem: false })).toEqual(['running', 'dogs']);
  });
});

describe('prepareQuery and analyzeDocument', () => {
  it('keeps distinct query terms in order of first occurrence', () => {
    expect(prepareQuery('Cats and the cat, dogs').terms).toEqual(['cat', 'dog']);
    expect(prepareQuery('Cats and the cat, dogs').sequence).toEqual(['cat', 'cat', 'dog']);
    expect(prepareQuery('The  Matrix!').normalizedText).toBe('the matrix');
  });

  it('analyzes title, text and each tag separately', () => {
    const doc = analyzeDocument({ title: 'Knitting Patterns', text: 'Easy patterns for knitted scarves and hats.', tags: ['Knitting', 'DIY'], board: 'crafts' });
    expect(doc).toEqual({
      fields: { title: ['knit', 'pattern'], text: ['easi', 'pattern', 'knit', 'scarv', 'hat'], tags: ['knit', 'diy'] },
      boardTerms: ['craft'],
      normalizedTitle: 'knitting patterns',
      board: 'crafts',
    });
  });
});

/** Ten documents, 100 terms in all: knit in 2 (10 times), hat in 5, sock in none. */
const TEN_DOCUMENTS: CorpusTermStats = {
  docCount: 10,
  avgFieldLength: 10,
  docFreq: new Map([['knit', 2], ['hat', 5]]),
  totalLength: 100,
  collectionFreq: new Map([['knit', 10], ['hat', 5]]),
};

describe('computeFeatures', () => {
  const DAY_MS = 86_400_000;
  const now = Date.UTC(2025, 0, 1);
  const doc = analyzeDocument({
    title: 'Knitting Patterns',
    text: 'Easy patterns for knitted scarves and hats.',
    tags: ['Knitting', 'DIY'],
    board: 'crafts',
  });
  const input: FeatureInput = {
    query: prepareQuery('knitting hat socks', 'crafts'),
    doc,
    bm25: { title: 1.5, text: 0.25, tags: 2 },
    denseCosine: 0.42,
    popularityCount: 99,
    createdAtMs: now - 365 * DAY_MS,
    nowMs: now,
    bm25Document: 3.75,
    corpus: TEN_DOCUMENTS,
    relevanceModel: new Map([['knit', 1]]),
    retrieverRanks: { bm25: 4, dense: null },
  };
  const named = (vector: Float64Array) =>
    Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, vector[i]])) as Record<FeatureName, number>;

  it('is versioned and ordered', () => {
    expect(FEATURE_SET_VERSION).toBe('relwb-features-v3');
    expect(FEATURE_NAMES).toEqual([
      'bm25_title', 'bm25_text', 'bm25_tags', 'dense_cosine', 'query_coverage',
      'exact_title_match', 'doc_length', 'popularity', 'freshness', 'board_match',
      'bm25_document', 'query_length', 'query_idf_sum', 'query_idf_max', 'query_idf_mean',
      'title_coverage', 'text_min_span', 'text_ordered_bigrams', 'rm3_score', 'bm25_rank', 'dense_rank',
    ]);
  });

  it('computes every feature as defined', () => {
    const vector = computeFeatures(input);
    expect(vector).toBeInstanceOf(Float64Array);
    expect(vector).toHaveLength(FEATURE_NAMES.length);
    const features = named(vector);
    expect(features.bm25_title).toBe(1.5);
    expect(features.bm25_text).toBe(0.25);
    expect(features.bm25_tags).toBe(2);
    expect(features.dense_cosine).toBe(0.42);
    expect(features.query_coverage).toBeCloseTo(2 / 3, 15); // knit, hat found; sock not
    expect(features.exact_title_match).toBe(0);
    expect(features.doc_length).toBeCloseTo(Math.log(10), 15); // 2 + 5 + 2 analyzed terms
    expect(features.popularity).toBeCloseTo(Math.log(100), 15);
    expect(features.freshness).toBeCloseTo(Math.exp(-1), 15); // one year old
    expect(features.board_match).toBe(1);
    expect(features.bm25_document).toBe(3.75);
    expect(features.query_length).toBe(3); // knit, hat, sock
    // idf = ln(1 + (N − df + 0.5) / (df + 0.5)), N = 10: knit ln 4.4, hat ln 2, sock (df 0) ln 22.
    expect(features.query_idf_sum).toBeCloseTo(Math.log(4.4 * 2 * 22), 12);
    expect(features.query_idf_max).toBeCloseTo(Math.log(22), 12);
    expect(features.query_idf_mean).toBeCloseTo(Math.log(4.4 * 2 * 22) / 3, 12);
    expect(features.title_coverage).toBeCloseTo(1 / 3, 15); // knit only
    expect(features.text_min_span).toBeCloseTo(2 / 3, 15); // "knit scarv hat"
    expect(features.text_ordered_bigrams).toBe(0); // neither "knit hat" nor "hat sock" in the text
    // P'(knit) = 1, P(knit|C) = 0.1, μ = 1000; knit occurs 3 times among the 10 terms (with the board's "craft").
    expect(RELEVANCE_MODEL_PARAMETERS.mu).toBe(1000);
    expect(features.rm3_score).toBeCloseTo(Math.log(1000 / 1010) + Math.log(1 + 3 / 100), 12);
    expect(features.bm25_rank).toBe(0.25);
    expect(features.dense_rank).toBe(0);
  });

  it('counts ordered bigrams of the query in the text on a log scale', () => {
    const features = named(computeFeatures({ ...input, query: prepareQuery('easy patterns, pattern knitting') }));
    // Query bigrams "easi pattern", "pattern knit" (the repeated "pattern pattern" is not one): both occur once.
    expect(features.text_ordered_bigrams).toBeCloseTo(Math.log(3), 15);
  });

  it('keeps every value finite for an empty query, empty document and empty corpus', () => {
    const empty = analyzeDocument({ title: '', text: '', tags: [], board: '' });
    const vector = computeFeatures({
      ...input,
      query: prepareQuery(''),
      doc: empty,
      bm25Document: Number.NaN,
      corpus: collectCorpusTermStats([]),
      relevanceModel: new Map(),
      retrieverRanks: { bm25: null, dense: null },
    });
    expect(Array.from(vector).every(Number.isFinite)).toBe(true);
    const features = named(vector);
    for (const name of ['bm25_document', 'query_length', 'query_idf_sum', 'query_idf_max', 'query_idf_mean', 'title_coverage', 'text_min_span', 'rm3_score', 'bm25_rank'] as const) {
      expect(features[name]).toBe(0);
    }
  });

  it('matches the title exactly after normalization only', () => {
    const match = (query: string) => named(computeFeatures({ ...input, query: prepareQuery(query) })).exact_title_match;
    expect(match('knitting PATTERNS!')).toBe(1);
    expect(match('knitted patterns')).toBe(0); // same stems, different words
    expect(match('patterns')).toBe(0);
    expect(match('')).toBe(0);
  });

  it('falls back to 0 for a missing dense score, unknown date or popularity, and an empty query', () => {
    const features = named(
      computeFeatures({ ...input, query: prepareQuery(''), denseCosine: Number.NaN, popularityCount: Number.NaN, createdAtMs: null }),
    );
    expect(features.dense_cosine).toBe(0);
    expect(features.popularity).toBe(0);
    expect(features.freshness).toBe(0);
    expect(features.query_coverage).toBe(0);
    expect(features.board_match).toBe(0);
  });

  it('treats documents dated in the future as brand new', () => {
    expect(named(computeFeatures({ ...input, createdAtMs: now + DAY_MS })).freshness).toBe(1);
  });

  it('matches the board only when the query names the same one', () => {
    expect(named(computeFeatures({ ...input, query: prepareQuery('knitting', 'recipes') })).board_match).toBe(0);
    expect(named(computeFeatures({ ...input, query: prepareQuery('knitting') })).board_match).toBe(0);
  });
});
