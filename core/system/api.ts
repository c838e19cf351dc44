import { z } from 'zod';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { JobSnapshot } from '../runtime/jobs';
import type { InferenceStatus, ModelSummary, SystemService, WorkbenchStatus } from './service';

const noArgs = z.object({}).strict();

export const systemContract = {
  'app.status': method<WorkbenchStatus>('rater')(noArgs),
  'jobs.list': method<JobSnapshot[]>('rater')(noArgs),
  'models.list': method<ModelSummary[]>()(noArgs),
  'models.status': method<InferenceStatus>('rater')(noArgs),
};

export function systemHandlers(system: SystemService): SliceHandlers<typeof systemContract> {
  return {
    'app.status': () => system.status(),
    'jobs.list': () => system.jobs(),
    'models.list': () => system.listModels(),
    'models.status': () => system.inferenceStatus(),
  };
}
