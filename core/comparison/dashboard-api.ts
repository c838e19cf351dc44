import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { labelSource } from '../runs/api';
import type { TaskSummary } from '../rating/tasks-service';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import {
  DEFAULT_COVERAGE_THRESHOLD,
  DEFAULT_DASHBOARD_K,
  DEFAULT_RUN_DEPTH,
  type Dashboard,
  type DashboardFiles,
  type DashboardService,
} from './dashboard-service';

const id = z.number().int().positive();

const dashboardArgs = z
  .object({
    dataset: datasetName,
    querySet: id,
    runs: z.array(id).default([]),
    variants: z.array(z.string().trim().min(1)).default([]),
    labels: labelSource.default({ kind: 'qrels' }),
    k: z.number().int().min(1).max(100).default(DEFAULT_DASHBOARD_K),
    depth: z.number().int().min(1).max(1000).default(DEFAULT_RUN_DEPTH),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    coverageThreshold: z.number().min(0).max(1).default(DEFAULT_COVERAGE_THRESHOLD),
    stratumWeighting: z.enum(['queries', 'traffic']).default('queries'),
  })
  .strict()
  .refine((args) => args.depth >= args.k, { message: 'depth must be at least k', path: ['depth'] });

export const dashboardContract = {
  'dashboard.build': method<Dashboard>()(dashboardArgs),
  'dashboard.files': method<DashboardFiles>()(dashboardArgs),
  'dashboard.report': method<{ fileName: string; mimeType: string; text: string }>()(z.object({ format: z.enum(['html', 'json']), comparison: dashboardArgs }).strict()),
  'dashboard.rateGap': method<{ task: TaskSummary; gapPairs: number; queries: number }>()(
    z.object({ comparison: dashboardArgs, name: z.string().trim().min(1).max(80).optional() }).strict(),
  ),
};

export function dashboardHandlers(dashboard: DashboardService): SliceHandlers<typeof dashboardContract> {
  return {
    'dashboard.build': (args, caller) => dashboard.build(args, caller),
    'dashboard.files': (args, caller) => dashboard.files(args, caller),
    'dashboard.report': ({ format, comparison }, caller) => dashboard.report(comparison, format, caller),
    'dashboard.rateGap': ({ comparison, name }, caller) => dashboard.rateGap({ ...comparison, name }, caller),
  };
}
