import { AppError } from '../runtime/errors';
import {
  fetchDocuments,
  searchableText,
  searchText,
  searchVector,
  sqlString,
  type DocumentTable,
  type ScoredHit,
  type StoredDocument,
  type VectorColumn,
} from '../index/document-table';
import { encodeTexts, scoreFeatures, scorePairs, type InstalledModel, type SessionOptions } from '../models';
import { reciprocalRankFusion, weightedFusion, type FusedHit, type RankedList } from './fusion';
import { analyzedCorpus } from './analyzed-corpus';
import { bm25FieldScores } from './bm25';
import {
  buildRelevanceModel,
  computeFeatures,
  documentTerms,
  type FeatureField,
  FEATURE_NAMES,
  FEATURE_SET_VERSION,
  prepareQuery,
  RELEVANCE_MODEL_PARAMETERS,
} from './features';
import { findDropOff, similarityThreshold, type SimilarityDropOff } from './similarity-drop-off';
import { retrieverKey, type FilterSpec, type RerankSpec, type VariantSpec } from './variant-schema';

/** What running a variant needs from its surroundings; tests pass their own. */
export interface RankingContext {
  table: DocumentTable;
  datasetName: string;
  vectorColumns: readonly VectorColumn[];
  loadModel: (id: string) => Promise<InstalledModel>;
  /** Device and logging for model inference. */
  inference: SessionOptions;
  /** Reference time for the freshness feature. */
  nowMs: number;
}

export interface StageScore {
  rank: number;
  score: number;
}

/** Why a result is where it is: every stage's score and rank, and the features a learned ranker saw. */
export interface ResultExplanation {
  retrievers: Record<string, (StageScore & { normalized?: number }) | null>;
  fusion: (StageScore & { kind: 'rrf' | 'weighted' }) | null;
  rerank: (StageScore & { kind: RerankSpec['kind']; model: string }) | null;
  features: { version: string; names: readonly string[]; values: number[] } | null;
}

export interface RankedDocument {
  rank: number;
  score: number;
  doc: StoredDocument;
  explanation: ResultExplanation;
}

export interface VariantRun {
  ranked: RankedDocument[];
  /** Where the dense legs' similarity drops off in `ranked`; null for lexical-only variants or when nothing drops off. */
  similarityDropOff: SimilarityDropOff | null;
}

export interface RunOptions {
  /** Compute the feature vector for every result even when no learned ranker needs it. */
  withFeatures?: boolean;
  /** Overrides the variant's final cutoff. */
  k?: number;
}

/** Runs a variant's pipeline (retrievers → fusion → rerank → cutoff) for one query. */
export async function runVariant(ctx: RankingContext, variant: VariantSpec, text: string, options: RunOptions = {}): Promise<VariantRun> {
  if (text.trim() === '') throw new AppError('INVALID_ARGS', 'query text must not be empty', { field: 'text' });
  const where = filtersToSql(variant.filters);
  const cutoff = options.k ?? variant.k;
  // Each retriever must supply at least as many candidates as the caller wants results.
  const depth = Math.max(variant.depth, cutoff);
  // Retrievers are independent, so they run concurrently; LanceDB does the work off the JS thread.
  const retrieved = await Promise.all(
    variant.retrievers.map(async (retriever): Promise<{ key: string; hits: ScoredHit[] }> => {
      const key = retrieverKey(retriever);
      if (retriever.kind === 'bm25') return { key, hits: await searchText(ctx.table, text, { limit: depth, where }) };
      const column = requireVectorColumn(ctx, retriever.model);
      const [vector] = await encodeTexts(await ctx.loadModel(retriever.model), [text], ctx.inference);
      return { key, hits: await searchVector(ctx.table, column.column, vector, { limit: depth, where }) };
    }),
  );
  const rowIds = new Map<string, bigint>();
  const lists: RankedList[] = retrieved.map(({ key, hits }) => {
    for (const hit of hits) rowIds.set(hit.id, hit.rowId);
    return { key, hits: orderHits(hits).map((hit) => ({ id: hit.id, score: hit.score })) };
  });

  const fused: FusedHit[] = fuseLists(variant, lists);
  const fusedRank = new Map(fused.map((hit, index) => [hit.id, index + 1]));
  const needFeatures = variant.rerank?.kind === 'ltr' || options.withFeatures === true;
  const topN = variant.rerank ? Math.min(variant.rerank.topN, fused.length) : 0;
  // Only the documents that are returned, reranked or given features are read from the table.
  // With features, at least the relevance model's feedback documents are read too.
  const featureDocs = needFeatures ? RELEVANCE_MODEL_PARAMETERS.feedbackDocs : 0;
  const neededIds = fused.slice(0, Math.max(topN, featureDocs, Math.min(fused.length, cutoff))).map((hit) => hit.id);
  const docs = await fetchDocuments(ctx.table, neededIds.map((id) => rowIds.get(id)!));
  const features = needFeatures ? await computeFeatureRows(ctx, text, neededIds, docs, lists) : new Map<string, number[]>();

  let ordered: { hit: FusedHit; rerankScore: number | null }[] = fused.map((hit) => ({ hit, rerankScore: null }));
  if (variant.rerank && topN > 0) {
    const head = fused.slice(0, topN);
    const scores = await rerankScores(ctx, variant.rerank, text, head.map((hit) => docs.get(hit.id)!), features);
    const reranked = head
      .map((hit, index) => ({ hit, rerankScore: scores[index] }))
      .sort((a, b) => b.rerankScore - a.rerankScore || fusedRank.get(a.hit.id)! - fusedRank.get(b.hit.id)!);
    // Below the reranked head the fused order stands; those results keep rerank = null in their explanation.
    ordered = [...reranked, ...fused.slice(topN).map((hit) => ({ hit, rerankScore: null }))];
  }

  const ranked = ordered.slice(0, cutoff).map(({ hit, rerankScore }, index): RankedDocument => {
    const retrievers: ResultExplanation['retrievers'] = {};
    for (const list of lists) retrievers[list.key] = hit.contributions[list.key] ?? null;
    const featureValues = features.get(hit.id);
    return {
      rank: index + 1,
      score: rerankScore ?? hit.score,
      doc: docs.get(hit.id)!,
      explanation: {
        retrievers,
        fusion: variant.fusion ? { kind: variant.fusion.kind, score: hit.score, rank: fusedRank.get(hit.id)! } : null,
        rerank:
          rerankScore !== null && variant.rerank
            ? { kind: variant.rerank.kind, model: variant.rerank.model, score: rerankScore, rank: index + 1 }
            : null,
        features: featureValues ? { version: FEATURE_SET_VERSION, names: FEATURE_NAMES, values: featureValues } : null,
      },
    };
  });
  return { ranked, similarityDropOff: denseDropOff(lists, ranked) };
}

function denseDropOff(lists: readonly RankedList[], ranked: readonly RankedDocument[]): SimilarityDropOff | null {
  const thresholds: Record<string, number> = {};
  for (const list of lists) {
    if (!list.key.startsWith('dense:')) continue;
    const threshold = similarityThreshold(list.hits.map((hit) => hit.score));
    if (threshold !== null) thresholds[list.key] = threshold;
  }
  const legScores = ranked.map(({ explanation }) => {
    const dense: Record<string, number> = {};
    for (const [key, stage] of Object.entries(explanation.retrievers)) if (stage && key.startsWith('dense:')) dense[key] = stage.score;
    return { lexicalMatch: explanation.retrievers.bm25 != null, dense };
  });
  return findDropOff(legScores, thresholds, lists.some((list) => list.key === 'bm25'));
}

/** Best first, ties by id: retrievers' own order for equal scores is not guaranteed stable. */
function orderHits(hits: ScoredHit[]): ScoredHit[] {
  return [...hits].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function fuseLists(variant: VariantSpec, lists: RankedList[]): FusedHit[] {
  if (!variant.fusion) {
    const [only] = lists;
    return only.hits.map((hit, index) => ({ id: hit.id, score: hit.score, contributions: { [only.key]: { rank: index + 1, score: hit.score } } }));
  }
  return variant.fusion.kind === 'rrf'
    ? reciprocalRankFusion(lists, variant.fusion.k)
    : weightedFusion(lists, variant.fusion.weights, variant.fusion.normalization);
}

function requireVectorColumn(ctx: RankingContext, model: string): VectorColumn {
  const column = ctx.vectorColumns.find((candidate) => candidate.model === model);
  if (!column) {
    const have = ctx.vectorColumns.map((candidate) => candidate.model).join(', ') || 'none';
    throw new AppError(
      'NOT_FOUND',
      `dataset "${ctx.datasetName}" has no vectors for model "${model}" (it has: ${have}); re-import it with \`--dense-model ${model}\``,
      { field: 'variant' },
    );
  }
  return column;
}

async function rerankScores(
  ctx: RankingContext,
  rerank: RerankSpec,
  text: string,
  head: StoredDocument[],
  features: Map<string, number[]>,
): Promise<number[]> {
  const model = await ctx.loadModel(rerank.model);
  if (rerank.kind === 'cross-encoder') return scorePairs(model, text, head.map(searchableText), ctx.inference);
  const expected = model.manifest.kind === 'ltr' ? model.manifest.features : [];
  if (expected.join(',') !== FEATURE_NAMES.join(',')) {
    throw new AppError(
      'INVALID_ARGS',
      `model "${rerank.model}" expects features [${expected.join(', ')}], but ${FEATURE_SET_VERSION} provides [${FEATURE_NAMES.join(', ')}]`,
      { field: 'rerank.model' },
    );
  }
  return scoreFeatures(model, head.map((doc) => features.get(doc.id)!), ctx.inference);
}

/**
 * Features per candidate (FEATURE_NAMES order): per-field and whole-document BM25 from the dataset's own
 * indexes, the dense cosine when a dense retriever ran, each leg's rank, and the RM3 model built from the
 * first candidates (`ids` is in first-stage order).
 */
async function computeFeatureRows(
  ctx: RankingContext,
  text: string,
  ids: string[],
  docs: Map<string, StoredDocument>,
  lists: RankedList[],
): Promise<Map<string, number[]>> {
  const { stats: corpus, analyze } = await analyzedCorpus(ctx.table);
  const query = prepareQuery(text);
  const analyzed = ids.map((id) => analyze(docs.get(id)!));
  const wholeTerms = analyzed.map(documentTerms);
  // BM25 from the fetched candidates and the cached corpus statistics: the index's own numbers (within its
  // length precision; tests/integration/field-bm25.test.ts) without a LanceDB query per field.
  const fieldScore = (field: FeatureField) => bm25FieldScores(query.terms, analyzed.map((doc) => doc.fields[field]), corpus.fields[field]);
  const [title, body, tags] = (['title', 'text', 'tags'] as const).map(fieldScore);
  const whole = bm25FieldScores(query.terms, wholeTerms, corpus.document);
  const denseList = lists.find((list) => list.key.startsWith('dense:'));
  const denseScores = new Map(denseList?.hits.map((hit) => [hit.id, hit.score]) ?? []);
  const ranksIn = (list: RankedList | undefined) => new Map(list?.hits.map((hit, index) => [hit.id, index + 1]) ?? []);
  const bm25Ranks = ranksIn(lists.find((list) => list.key === 'bm25'));
  const denseRanks = ranksIn(denseList);
  const relevanceModel = buildRelevanceModel(query.terms, wholeTerms.slice(0, RELEVANCE_MODEL_PARAMETERS.feedbackDocs), corpus.document);
  const rows = new Map<string, number[]>();
  ids.forEach((id, i) => {
    const doc = docs.get(id)!;
    const createdAtMs = doc.createdAt ? Date.parse(doc.createdAt) : NaN;
    const values = computeFeatures({
      query,
      doc: analyzed[i]!,
      bm25: { title: title[i]!, text: body[i]!, tags: tags[i]! },
      denseCosine: denseList ? (denseScores.get(id) ?? NaN) : NaN,
      popularityCount: doc.popularity ?? 0,
      createdAtMs: Number.isFinite(createdAtMs) ? createdAtMs : null,
      nowMs: ctx.nowMs,
      bm25Document: whole[i]!,
      corpus: corpus.document,
      relevanceModel,
      retrieverRanks: { bm25: bm25Ranks.get(id) ?? null, dense: denseRanks.get(id) ?? null },
    });
    rows.set(id, Array.from(values));
  });
  return rows;
}

/** Variant filters as a LanceDB (DataFusion SQL) predicate; every filter must hold. */
export function filtersToSql(filters: readonly FilterSpec[]): string | undefined {
  const clauses = filters.map((filter) => {
    if (filter.kind === 'board') return `board IN (${filter.in.map(sqlString).join(', ')})`;
    if (filter.kind === 'tags') {
      const fn = filter.match === 'all' ? 'array_has_all' : 'array_has_any';
      return `${fn}(tags, [${filter.contains.map(sqlString).join(', ')}])`;
    }
    return `${filter.field} = ${sqlString(filter.equals)}`;
  });
  return clauses.length > 0 ? clauses.map((clause) => `(${clause})`).join(' AND ') : undefined;
}
