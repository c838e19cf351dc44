import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { labelSource } from '../runs/api';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { JobSnapshot } from '../runtime/jobs';
import type { TrainingReport } from './training-report';
import type { TrainingService } from './training-service';

const labels = labelSource.default({ kind: 'qrels' });

const lambdaMartParams = z
  .object({
    trees: z.number().int().min(1).max(5000),
    learningRate: z.number().gt(0).max(1),
    maxLeaves: z.number().int().min(2).max(1024),
    maxDepth: z.number().int().min(1).max(32),
    minDocsPerLeaf: z.number().int().min(1),
    minHessianPerLeaf: z.number().min(0),
    l2Regularization: z.number().min(0),
    featureFraction: z.number().gt(0).max(1),
    earlyStoppingRounds: z.number().int().min(1),
  })
  .partial()
  .strict();

export const trainingContract = {
  'training.start': method<{ job: JobSnapshot }>()(
    z
      .object({
        dataset: datasetName,
        base: z.string().trim().min(1),
        depth: z.number().int().min(2).max(1000).default(100),
        folds: z.number().int().min(2).max(20).default(5),
        seed: z.number().int().min(0).max(0xffffffff).default(42),
        labels,
        trainer: z.enum(['lambdamart', 'linear']).default('lambdamart'),
        params: lambdaMartParams.default({}),
        save: z.string().trim().min(1).optional(),
      })
      .strict(),
  ),
  'training.report': method<TrainingReport>()(z.object({ job: z.string().min(1) }).strict()),
};

export function trainingHandlers(training: TrainingService): SliceHandlers<typeof trainingContract> {
  return {
    'training.start': (args, caller) => ({ job: training.start(args, caller).job }),
    'training.report': ({ job }) => training.report(job),
  };
}
