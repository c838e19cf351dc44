import type { RuntimeContext } from '../context/runtime-context';
import type { DatasetsService } from '../datasets/service';
import { getSession, listModels } from '../models';
import type { DeviceSetting } from '../runtime/config';
import type { JobSnapshot } from '../runtime/jobs';

export interface WorkbenchStatus {
  version: string;
  dataDir: string;
  /** False while the first-start import of the demo datasets is still running. */
  ready: boolean;
  jobs: JobSnapshot[];
}

export interface ModelSummary {
  id: string;
  source: 'bundled' | 'user';
  status: 'ready' | 'error';
  kind: string | null;
  name: string | null;
  dimensions: number | null;
  error: string | null;
}

export interface InferenceStatus {
  device: DeviceSetting;
  /** The execution provider sessions actually run on, e.g. cpu or cuda. */
  provider: string;
  /** Why `auto` fell back to CPU, when it did. */
  fallbackReason: string | null;
}

/** The app as a whole: version and readiness, jobs, installed models and the device they run on. */
export function createSystemService(ctx: RuntimeContext, { datasets }: { datasets: DatasetsService }) {
  return {
    status: (): WorkbenchStatus => ({ version: ctx.config.version, dataDir: ctx.config.dataDir, ready: datasets.ready(), jobs: ctx.jobs.list() }),
    jobs: (): JobSnapshot[] => ctx.jobs.list(),

    /** Every model folder, re-read: a folder dropped into the models directory shows up at once. */
    async listModels(): Promise<ModelSummary[]> {
      ctx.forgetModels();
      return (await listModels(ctx.modelFolders)).map((listing) => ({
        id: listing.id,
        source: listing.source,
        status: listing.status,
        kind: listing.status === 'ready' ? listing.model.manifest.kind : null,
        name: listing.status === 'ready' ? (listing.model.manifest.name ?? null) : null,
        dimensions: listing.status === 'ready' && listing.model.manifest.kind === 'bi-encoder' ? listing.model.manifest.dimensions : null,
        error: listing.status === 'error' ? listing.error : null,
      }));
    },

    /** Which execution provider models run on, found by opening the bundled encoder's session. */
    async inferenceStatus(): Promise<InferenceStatus> {
      const session = await getSession(await ctx.loadModel('glove-100d'), ctx.inference);
      return { device: ctx.config.device, provider: session.provider, fallbackReason: session.fallbackReason ?? null };
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
