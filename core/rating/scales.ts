/**
 * Rating scales: the graded levels a rater picks from, each with a label, a short description, a
 * keyboard key and a colour, plus "skip / can't judge" with a reason. Custom scales are validated.
 */
import { z } from 'zod';
import { AppError } from '../runtime/errors';

/**
 * Keys the rating screen keeps for itself (undo, skip, notes, guidelines, help, previous/next), so no
 * level may use them; letters are compared case-insensitively.
 */
export const RESERVED_KEYS = ['U', 'S', 'N', 'G', '?', '←', '→'] as const;
const RESERVED = new Set(RESERVED_KEYS.map((key) => key.toLowerCase()));

const levelSchema = z.strictObject({
  value: z.number({ error: 'must be a number' }).finite('must be a finite number'),
  label: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  description: z.string().trim().max(300, 'must be at most 300 characters').default(''),
  key: z
    .string()
    .refine((key) => [...key].length === 1 && key.trim() !== '', 'must be a single visible character')
    .refine((key) => !RESERVED.has(key.toLowerCase()), `is reserved (${RESERVED_KEYS.join(' ')} are used by the rating screen)`),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour'),
});

/** Reports the second of two equal values at levels.<i>.<field>. */
function requireDistinct(levels: readonly z.output<typeof levelSchema>[], field: 'value' | 'key' | 'label', context: z.RefinementCtx, normalize: (value: string) => string) {
  const seen = new Map<string, number>();
  levels.forEach((level, i) => {
    const value = normalize(String(level[field]));
    const first = seen.get(value);
    if (first !== undefined) context.addIssue({ code: 'custom', message: `repeats level ${first + 1}'s ${field}`, path: ['levels', i, field] });
    else seen.set(value, i);
  });
}

export const scaleSchema = z
  .strictObject({
    id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens'),
    name: z.string().trim().min(1, 'must not be empty'),
    levels: z.array(levelSchema).min(2, 'a scale needs at least 2 levels').max(10, 'a scale has at most 10 levels'),
  })
  .superRefine((scale, context) => {
    requireDistinct(scale.levels, 'value', context, (value) => value);
    requireDistinct(scale.levels, 'key', context, (key) => key.toLowerCase());
    requireDistinct(scale.levels, 'label', context, (label) => label.toLowerCase());
  })
  // Shown and compared from most to least relevant.
  .transform((scale) => ({ ...scale, levels: [...scale.levels].sort((a, b) => b.value - a.value) }));

export type RatingScale = z.output<typeof scaleSchema>;
export type ScaleLevel = RatingScale['levels'][number];
export type ScaleInput = z.input<typeof scaleSchema>;

/** Validates a scale; the error names the first bad field, e.g. `levels.2.key`. */
export function parseScale(input: unknown): RatingScale {
  const parsed = scaleSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new AppError('INVALID_ARGS', field ? `${field}: ${issue.message}` : issue.message, { field });
}

export const FIVE_LEVEL_SCALE: RatingScale = parseScale({
  id: 'five-level',
  name: '5-level relevance',
  levels: [
    { value: 5, label: 'Highly relevant', description: 'Exactly what the query asks for; the best possible result.', key: '5', color: '#1a7f37' },
    { value: 4, label: 'Relevant', description: 'Answers the query well, with a small gap or detour.', key: '4', color: '#4ac26b' },
    { value: 3, label: 'Marginally relevant', description: 'On topic but only partly useful.', key: '3', color: '#d4a72c' },
    { value: 2, label: 'Irrelevant', description: 'Not what the query asks for.', key: '2', color: '#e16f24' },
    { value: 1, label: 'Highly irrelevant', description: 'Unrelated, broken or offensive for this query.', key: '1', color: '#cf222e' },
  ],
});

export const BINARY_SCALE: RatingScale = parseScale({
  id: 'binary',
  name: 'Binary relevance',
  levels: [
    { value: 1, label: 'Relevant', description: 'Answers the query.', key: '1', color: '#1a7f37' },
    { value: 0, label: 'Not relevant', description: 'Does not answer the query.', key: '0', color: '#cf222e' },
  ],
});

/** The TREC Deep Learning track's 4-point graded scale. */
export const TREC_SCALE: RatingScale = parseScale({
  id: 'trec-0-3',
  name: 'TREC 0–3',
  levels: [
    { value: 3, label: 'Perfectly relevant', description: 'Dedicated to the query; contains the exact answer.', key: '3', color: '#1a7f37' },
    { value: 2, label: 'Highly relevant', description: 'Has some answer, possibly unclear or hidden among other content.', key: '2', color: '#4ac26b' },
    { value: 1, label: 'Related', description: 'On the topic but does not answer the query.', key: '1', color: '#d4a72c' },
    { value: 0, label: 'Irrelevant', description: 'Has nothing to do with the query.', key: '0', color: '#cf222e' },
  ],
});

export const BUILT_IN_SCALES: readonly RatingScale[] = [FIVE_LEVEL_SCALE, BINARY_SCALE, TREC_SCALE];

/** The level a key press picks, or null for any other key. */
export function levelForKey(scale: RatingScale, key: string): ScaleLevel | null {
  return scale.levels.find((level) => level.key.toLowerCase() === key.toLowerCase()) ?? null;
}

export const SKIP_REASONS = ['query-unclear', 'document-unavailable', 'language', 'needs-expertise', 'other'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A rater's answer for one pair: a grade on the task's scale, or a skip with its reason. */
export type RatingInput = { kind: 'grade'; value: number } | { kind: 'skip'; reason: SkipReason; note?: string };

/** Checks an answer against the scale: grades must be one of its levels; "other" skips need a note. */
export function parseRating(scale: RatingScale, input: unknown): RatingInput {
  const values = scale.levels.map((level) => level.value);
  const schema = z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('grade'),
      value: z.number().refine((value) => values.includes(value), `must be one of the scale's values (${values.join(', ')})`),
    }),
    z
      .strictObject({ kind: z.literal('skip'), reason: z.enum(SKIP_REASONS), note: z.string().trim().max(500).optional() })
      .refine((skip) => skip.reason !== 'other' || (skip.note ?? '') !== '', { message: 'say why in a note when the reason is "other"', path: ['note'] }),
  ]);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new AppError('INVALID_ARGS', field ? `${field}: ${issue.message}` : issue.message, { field });
}
