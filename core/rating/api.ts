import { z } from 'zod';
import { datasetName } from '../datasets/api';
import { method, type SliceHandlers } from '../runtime/contract-kit';
import type { JudgmentRow } from '../store/judgments-table';
import type { RaterRow } from '../store/raters-table';
import type { AgreementService, ConsensusLabel, TaskAgreement, TaskConsensus, TaskProgress } from './agreement-service';
import type { QuerySetsService } from './query-sets-service';
import { querySetsContract, querySetsHandlers } from './query-sets-api';
import type { CallerProfile, IssuedToken, RatersService } from './raters-service';
import { FIVE_LEVEL_SCALE } from './scales';
import type { RatingItem, RatingQueue, TaskSummary, TasksService } from './tasks-service';

const id = z.number().int().positive();
const pairIndex = z.number().int().min(0);

export const ratingContract = {
  ...querySetsContract,
  'raters.list': method<RaterRow[]>()(z.object({}).strict()),
  'raters.me': method<CallerProfile>('rater')(z.object({}).strict()),
  'raters.create': method<IssuedToken>()(z.object({ name: z.string().trim().min(1), role: z.enum(['lead', 'rater']).default('rater') }).strict()),
  'raters.rotateToken': method<IssuedToken>()(z.object({ id }).strict()),

  'tasks.list': method<TaskSummary[]>('rater')(z.object({}).strict()),
  'tasks.create': method<TaskSummary>()(
    z
      .object({
        name: z.string().trim().min(1).max(80),
        dataset: datasetName,
        querySet: id,
        variants: z.array(z.string().trim().min(1)).min(1),
        depth: z.number().int().min(1).max(100).default(10),
        scale: z.union([z.string(), z.record(z.string(), z.unknown())]).default(FIVE_LEVEL_SCALE.id),
        overlap: z.number().int().min(1).max(10).default(1),
        guidelines: z.string().max(100_000).default(''),
        blind: z.boolean().default(true),
        reuse: z.boolean().default(true),
        consensus: z.enum(['median', 'mean', 'majority', 'adjudicated-wins']).default('median'),
        raters: z.array(id).default([]),
        gold: z.array(z.object({ queryId: z.string().min(1), docId: z.string().min(1), grade: z.number().int() }).strict()).default([]),
        seed: z.number().int().min(0).max(0xffffffff).optional(),
      })
      .strict(),
  ),
  'tasks.queue': method<RatingQueue>('rater')(z.object({ task: id }).strict()),
  'tasks.items': method<RatingItem[]>('rater')(z.object({ task: id, pairs: z.array(pairIndex).min(1).max(50) }).strict()),
  'tasks.label': method<JudgmentRow>('rater')(
    z
      .object({
        task: id,
        pairIndex,
        grade: z.number().int().optional(),
        skip: z.string().trim().min(1).max(200).optional(),
        note: z.string().max(2000).optional(),
      })
      .strict(),
  ),
  'tasks.unlabel': method<{ removed: boolean }>('rater')(z.object({ task: id, pairIndex }).strict()),

  'tasks.progress': method<TaskProgress>()(z.object({ task: id }).strict()),
  'tasks.agreement': method<TaskAgreement>()(z.object({ task: id, mostDisagreed: z.number().int().min(1).max(500).default(20) }).strict()),
  'tasks.consensus': method<TaskConsensus>()(z.object({ task: id }).strict()),
  'tasks.adjudicate': method<ConsensusLabel>()(z.object({ task: id, pairIndex, grade: z.number().int(), note: z.string().max(2000).optional() }).strict()),
};

export function ratingHandlers({
  raters,
  querySets,
  tasks,
  agreement,
}: {
  raters: RatersService;
  querySets: QuerySetsService;
  tasks: TasksService;
  agreement: AgreementService;
}): SliceHandlers<typeof ratingContract> {
  return {
    ...querySetsHandlers(querySets),
    'raters.list': () => raters.list(),
    'raters.me': (_args, caller) => raters.me(caller),
    'raters.create': (args, caller) => raters.create(args, caller),
    'raters.rotateToken': ({ id: rater }) => raters.rotateToken(rater),
    'tasks.list': () => tasks.list(),
    'tasks.create': (args, caller) => tasks.create(args, caller),
    'tasks.queue': ({ task }, caller) => tasks.queue(task, caller),
    'tasks.items': ({ task, pairs }, caller) => tasks.items(task, pairs, caller),
    'tasks.label': (args, caller) => tasks.label(args, caller),
    'tasks.unlabel': (args, caller) => tasks.unlabel(args, caller),
    'tasks.progress': ({ task }) => agreement.progress(task),
    'tasks.agreement': ({ task, mostDisagreed }) => agreement.agreement(task, { mostDisagreed }),
    'tasks.consensus': ({ task }) => agreement.consensus(task),
    'tasks.adjudicate': (args, caller) => agreement.adjudicate(args, caller),
  };
}
