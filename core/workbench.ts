import { createDashboardService } from './comparison/dashboard-service';
import { createComparisonsService } from './comparison/comparisons-service';
import { createHandlers, type FeatureServices, type Handlers } from './api/handlers';
import { openRuntimeContext, type RuntimeContext } from './context/runtime-context';
import { createDatasetsService } from './datasets/service';
import { createJudgmentExportService } from './judgment-exchange/export-service';
import { createJudgmentImportService } from './judgment-exchange/import-service';
import { createVariantsService } from './ranking/variants-service';
import { createAgreementService } from './rating/agreement-service';
import { createQuerySetsService } from './rating/query-sets-service';
import { createRatersService } from './rating/raters-service';
import { createTasksService } from './rating/tasks-service';
import { createRunsService } from './runs/service';
import { DEFAULT_DEVICE, type WorkbenchConfig } from './runtime/config';
import type { EventListener } from './runtime/events';
import { appVersion } from './runtime/version';
import { createSearchService } from './search/service';
import { createSystemService } from './system/service';
import { createTrainingService } from './training/training-service';

export type WorkbenchOptions = Pick<WorkbenchConfig, 'dataDir'> & Partial<WorkbenchConfig>;

export interface Workbench extends FeatureServices {
  ctx: RuntimeContext;
  handlers: Handlers;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/**
 * The composition root: builds the runtime context once and creates every feature service on it. A new
 * feature is a new folder with its service, contract slice and handlers, wired in here by one line.
 */
export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const ctx = await openRuntimeContext({ version: appVersion(), device: DEFAULT_DEVICE, ...options });
  const datasets = await createDatasetsService(ctx);
  const variants = createVariantsService(ctx);
  const search = createSearchService(ctx, { datasets, variants });
  const system = createSystemService(ctx, { datasets });
  const raters = createRatersService(ctx);
  const querySets = createQuerySetsService(ctx, { datasets });
  const tasks = createTasksService(ctx, { datasets, variants, search, querySets, raters });
  const agreement = createAgreementService(ctx, { search });
  // Runs sit below rating: a task's consensus reaches evaluation through this one injected function.
  const runs = createRunsService(ctx, { datasets, variants, search, taskLabels: agreement.consensusQrels });
  const dashboard = createDashboardService(ctx, { datasets, variants, runs, querySets, tasks, agreement });
  const comparisons = createComparisonsService(ctx, { datasets, variants, search, runs, querySets, raters, tasks, agreement });
  const judgmentImports = createJudgmentImportService(ctx, { datasets, search });
  const judgmentExports = createJudgmentExportService(ctx, { datasets, search });
  const training = createTrainingService(ctx, { datasets, variants, search, runs });
  const services: FeatureServices = {
    system,
    datasets,
    search,
    variants,
    runs,
    raters,
    querySets,
    tasks,
    agreement,
    comparisons,
    dashboard,
    judgmentImports,
    judgmentExports,
    training,
  };
  return {
    ...services,
    ctx,
    handlers: createHandlers(services),
    subscribe: ctx.events.subscribe,
    async close() {
      await datasets.settled();
      await ctx.close();
    },
  };
}
