import { AppError } from '../runtime/errors';
import type { Store } from '../store/store';
import { BINARY_SCALE, BUILT_IN_SCALES, FIVE_LEVEL_SCALE, TREC_SCALE, type RatingScale } from '../rating/scales';
import type { TaskSpec } from '../rating/tasks-service';

/** Scales judgments can be imported onto: the built-in ones and every rating task's custom scale. */
export function knownScales(store: Pick<Store, 'ratingTasks'>): RatingScale[] {
  const scales = new Map(BUILT_IN_SCALES.map((scale) => [scale.id, scale]));
  for (const task of store.ratingTasks.list()) {
    const scale = (task.spec as TaskSpec).scale;
    if (!scales.has(scale.id)) scales.set(scale.id, scale);
  }
  return [...scales.values()];
}

export function findScale(store: Pick<Store, 'ratingTasks'>, wanted: string): RatingScale {
  const scales = knownScales(store);
  const scale = scales.find((candidate) => candidate.id === wanted || candidate.name.toLowerCase() === wanted.toLowerCase());
  if (!scale) throw new AppError('INVALID_ARGS', `unknown scale "${wanted}" (have: ${scales.map((candidate) => candidate.id).join(', ')})`, { field: 'scale' });
  return scale;
}

/** Without a scale named, the smallest built-in scale holding every level of the file. */
export function guessScale(values: readonly number[]): RatingScale | null {
  return [BINARY_SCALE, TREC_SCALE, FIVE_LEVEL_SCALE].find((scale) => values.every((value) => scale.levels.some((level) => level.value === value))) ?? null;
}

/** `0=1,1=2` → {"0": 1, "1": 2}; keys are levels as the file writes them. */
export function parseLevelMapping(text: string): Record<string, number> {
  const mapping: Record<string, number> = {};
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^(-?\d+(?:\.\d+)?)=(-?\d+)$/.exec(entry);
    if (!match) throw new AppError('INVALID_ARGS', `mapping entry "${entry}" must be FILE_LEVEL=SCALE_VALUE, e.g. 0=1`, { field: 'map' });
    const from = String(Number(match[1]));
    if (from in mapping) throw new AppError('INVALID_ARGS', `mapping maps level ${from} twice`, { field: 'map' });
    mapping[from] = Number(match[2]);
  }
  return mapping;
}
