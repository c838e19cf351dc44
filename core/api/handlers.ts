import { dashboardHandlers } from '../comparison/dashboard-api';
import type { DashboardService } from '../comparison/dashboard-service';
import { comparisonHandlers } from '../comparison/api';
import type { ComparisonsService } from '../comparison/comparisons-service';
import { datasetsHandlers } from '../datasets/api';
import { judgmentExchangeHandlers } from '../judgment-exchange/api';
import type { JudgmentExportService } from '../judgment-exchange/export-service';
import type { JudgmentImportService } from '../judgment-exchange/import-service';
import type { DatasetsService } from '../datasets/service';
import { variantsHandlers } from '../ranking/api';
import type { VariantsService } from '../ranking/variants-service';
import type { Caller } from '../runtime/caller';
import type { AgreementService } from '../rating/agreement-service';
import { ratingHandlers } from '../rating/api';
import type { QuerySetsService } from '../rating/query-sets-service';
import type { RatersService } from '../rating/raters-service';
import type { TasksService } from '../rating/tasks-service';
import { runsHandlers } from '../runs/api';
import type { RunsService } from '../runs/service';
import { searchHandlers } from '../search/api';
import type { SearchService } from '../search/service';
import { systemHandlers } from '../system/api';
import type { SystemService } from '../system/service';
import { trainingHandlers } from '../training/api';
import type { TrainingService } from '../training/training-service';
import type { MethodName, ParsedArgsOf, ResultOf } from './contract';

export type Handlers = { [M in MethodName]: (args: ParsedArgsOf<M>, caller: Caller) => Promise<ResultOf<M>> | ResultOf<M> };

export interface FeatureServices {
  system: SystemService;
  datasets: DatasetsService;
  search: SearchService;
  variants: VariantsService;
  runs: RunsService;
  raters: RatersService;
  querySets: QuerySetsService;
  tasks: TasksService;
  agreement: AgreementService;
  dashboard: DashboardService;
  comparisons: ComparisonsService;
  judgmentImports: JudgmentImportService;
  judgmentExports: JudgmentExportService;
  training: TrainingService;
}

/** Every feature's one-line adapters from the contract to its service, merged. */
export function createHandlers(services: FeatureServices): Handlers {
  return {
    ...systemHandlers(services.system),
    ...datasetsHandlers(services.datasets),
    ...searchHandlers(services.search),
    ...variantsHandlers(services.variants),
    ...runsHandlers(services.runs),
    ...ratingHandlers(services),
    ...dashboardHandlers(services.dashboard),
    ...comparisonHandlers(services.comparisons),
    ...judgmentExchangeHandlers(services),
    ...trainingHandlers(services.training),
  };
}
