import type { RuntimeContext } from '../context/runtime-context';
import type { DatasetsService } from '../datasets/service';
import { browseDocuments, sqlString } from '../index/document-table';
import { FEATURE_NAMES, FEATURE_SET_VERSION } from '../ranking/features';
import { runVariant, type RankingContext, type ResultExplanation, type VariantRun } from '../ranking/run-variant';
import type { SimilarityDropOff } from '../ranking/similarity-drop-off';
import type { VariantsService } from '../ranking/variants-service';
import type { DatasetLayout, DatasetRow } from '../store/datasets-table';
import type { DocumentRecord } from '../index/document-record';

export interface SearchResult {
  rank: number;
  id: string;
  title: string;
  /** The start of the document's text, for a result line; the UI never renders it as HTML. */
  snippet: string;
  tags: string[];
  board: string;
  /** Path under the media route (`media/<folder>/<file>`), or null for text-only documents. */
  imageUrl: string | null;
  /** The last stage's score; null when browsing without a query. */
  score: number | null;
  /** Every stage's score and rank; null when browsing. */
  explanation: ResultExplanation | null;
}

export interface SearchResponse {
  dataset: string;
  layout: DatasetLayout;
  /** The variant that ranked the results; null when browsing. */
  variant: string | null;
  text: string;
  tookMs: number;
  results: SearchResult[];
  /** Where the dense legs' similarity drops off (the UI draws a divider there); null when it does not. */
  similarityDropOff: SimilarityDropOff | null;
}

const SNIPPET_LENGTH = 280;

/** Path under the media route (`media/<folder>/<file>`) of a document's local image; null for none or a remote one. */
export function mediaUrl(doc: DocumentRecord, mediaFolder: string): string | null {
  const localImage = doc.image && !/^https?:\/\//i.test(doc.image) ? doc.image : null;
  return localImage ? `media/${mediaFolder}/${localImage.split(/[\\/]/).map(encodeURIComponent).join('/')}` : null;
}

/** A whole document as stored: its full text, not a snippet, with its image's media path. */
export interface FullDocument {
  id: string;
  title: string;
  text: string;
  tags: string[];
  board: string;
  imageUrl: string | null;
}

export function toSearchResult(
  doc: DocumentRecord,
  rank: number,
  score: number | null,
  mediaFolder: string,
  explanation: ResultExplanation | null = null,
): SearchResult {
  return {
    rank,
    id: doc.id,
    title: doc.title,
    snippet: doc.text.length > SNIPPET_LENGTH ? `${doc.text.slice(0, SNIPPET_LENGTH).trimEnd()}…` : doc.text,
    tags: doc.tags,
    board: doc.board,
    imageUrl: mediaUrl(doc, mediaFolder),
    score,
    explanation,
  };
}

/** One ranked (query, document) pair with the features the variant computed for it: a learning-to-rank row. */
export interface FeatureRow {
  queryId: string;
  docId: string;
  rank: number;
  score: number;
  features: number[];
}

export interface FeatureRows {
  featureVersion: string;
  featureNames: readonly string[];
  /** Query by query in the order given, each query's rows by rank. */
  rows: FeatureRow[];
}

export interface SearchArgs {
  dataset: string;
  text: string;
  k: number;
  variant: string;
  /** Also compute the ranking features of every result. */
  features?: boolean;
}

/** Rank, search and browse: a variant's pipeline over a dataset's LanceDB table. */
export function createSearchService(ctx: RuntimeContext, { datasets, variants }: { datasets: DatasetsService; variants: VariantsService }) {
  const rankingContext = async (dataset: DatasetRow): Promise<RankingContext> => ({
    table: await ctx.openTable(dataset.lanceTable),
    datasetName: dataset.name,
    vectorColumns: dataset.vectorColumns,
    loadModel: ctx.loadModel,
    inference: ctx.inference,
    nowMs: ctx.now().getTime(),
  });

  const service = {
    /** Runs a variant for one query, every result with its per-stage explanation. */
    async rank({ dataset: name, text, k, variant: variantName, features }: SearchArgs): Promise<VariantRun & { dataset: DatasetRow }> {
      const dataset = datasets.require(name);
      const variant = variants.get(variantName);
      return { dataset, ...(await runVariant(await rankingContext(dataset), variant, text, { k, withFeatures: features })) };
    },

    /**
     * Each query's top `depth` under a variant with every result's features: the rows a ranker is trained
     * on and exported with. Queries run one after another (LanceDB is the bottleneck, not this loop).
     */
    async featureRows({ dataset, variant, queries, depth }: { dataset: string; variant: string; queries: readonly { queryId: string; text: string }[]; depth: number }): Promise<FeatureRows> {
      const rows: FeatureRow[] = [];
      for (const query of queries) {
        const { ranked } = await service.rank({ dataset, text: query.text, k: depth, variant, features: true });
        for (const result of ranked) {
          rows.push({ queryId: query.queryId, docId: result.doc.id, rank: result.rank, score: result.score, features: result.explanation.features!.values });
        }
      }
      return { featureVersion: FEATURE_SET_VERSION, featureNames: FEATURE_NAMES, rows };
    },

    async search(args: SearchArgs): Promise<SearchResponse> {
      const started = performance.now();
      const { dataset, ranked, similarityDropOff } = await service.rank(args);
      return {
        dataset: dataset.name,
        layout: dataset.layout,
        variant: args.variant,
        text: args.text,
        tookMs: performance.now() - started,
        results: ranked.map((result) => toSearchResult(result.doc, result.rank, result.score, dataset.lanceTable, result.explanation)),
        similarityDropOff,
      };
    },

    /** Documents by id, as result cards (no rank meaning: rank is the position in `ids`); unknown ids are left out. */
    async documents(name: string, ids: readonly string[]): Promise<Map<string, SearchResult>> {
      const dataset = datasets.require(name);
      if (ids.length === 0) return new Map();
      const docs = await browseDocuments(await ctx.openTable(dataset.lanceTable), ids.length, 0, `id IN (${ids.map(sqlString).join(', ')})`);
      const byId = new Map(docs.map((doc) => [doc.id, doc]));
      const cards = new Map<string, SearchResult>();
      ids.forEach((id, index) => {
        const doc = byId.get(id);
        if (doc) cards.set(id, toSearchResult(doc, index + 1, null, dataset.lanceTable));
      });
      return cards;
    },

    /** Documents by id with their full text (what an export carries); unknown ids are left out. */
    async fullDocuments(name: string, ids: readonly string[]): Promise<Map<string, FullDocument>> {
      const dataset = datasets.require(name);
      if (ids.length === 0) return new Map();
      const docs = await browseDocuments(await ctx.openTable(dataset.lanceTable), ids.length, 0, `id IN (${ids.map(sqlString).join(', ')})`);
      return new Map(docs.map((doc) => [doc.id, { id: doc.id, title: doc.title, text: doc.text, tags: doc.tags, board: doc.board, imageUrl: mediaUrl(doc, dataset.lanceTable) }]));
    },

    async browse({ dataset: name, limit, offset }: { dataset: string; limit: number; offset: number }): Promise<SearchResponse> {
      const dataset = datasets.require(name);
      const started = performance.now();
      const docs = await browseDocuments(await ctx.openTable(dataset.lanceTable), limit, offset);
      return {
        dataset: name,
        layout: dataset.layout,
        variant: null,
        text: '',
        tookMs: performance.now() - started,
        results: docs.map((doc, index) => toSearchResult(doc, offset + index + 1, null, dataset.lanceTable)),
        similarityDropOff: null,
      };
    },
  };
  return service;
}

export type SearchService = ReturnType<typeof createSearchService>;
