import { z } from 'zod';
import { AppError } from '../runtime/errors';

/** Names a CSV column, or a JSONL key where dot paths (`meta.board`) reach into nested objects. */
export const sourceKey = z
  .string({ error: 'must name a source column or key' })
  .trim()
  .min(1, 'must name a source column or key');

/** Which source column or key fills each document field; unmapped fields stay empty. */
export const fieldMappingSchema = z
  .strictObject({
    id: sourceKey,
    title: sourceKey.optional(),
    text: sourceKey.optional(),
    tags: sourceKey.optional(),
    board: sourceKey.optional(),
    image: sourceKey.optional(),
    popularity: sourceKey.optional(),
    createdAt: sourceKey.optional(),
    vector: sourceKey.optional(),
    /** Splits tags written as one string: always so in CSV, and allowed in JSONL next to arrays. */
    tagSeparator: z.string().min(1, 'must not be empty').default(','),
  })
  .refine((mapping) => mapping.title !== undefined || mapping.text !== undefined, {
    message: 'map at least one of title or text',
    path: ['text'],
  });

export type FieldMapping = z.output<typeof fieldMappingSchema>;
export type FieldMappingInput = z.input<typeof fieldMappingSchema>;

const MAPPED_FIELDS = Object.keys(fieldMappingSchema.shape);

/** Validates any mapping-shaped argument; errors name the offending key as `mapping.<key>`. */
export function validateMapping<T>(schema: z.ZodType<T, unknown>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = ['mapping', ...issue.path].join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}` : issue.message;
  throw new AppError('INVALID_ARGS', `${field}: ${message}`, { field });
}

export function parseFieldMapping(value: unknown): FieldMapping {
  return validateMapping(fieldMappingSchema, value);
}

/**
 * Parses the CLI form `id=doc_id,title=name,text=body,vector=emb`. Keys and columns are trimmed, so a
 * column name cannot contain "," or start or end with spaces, and tagSeparator cannot be "," (the default anyway).
 */
export function parseFieldMappingSpec(spec: string): FieldMapping {
  const entries = new Map<string, string>();
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    if (equals < 0) {
      throw new AppError('INVALID_ARGS', `mapping: "${part.trim()}" is not field=column (fields: ${MAPPED_FIELDS.join(', ')})`, { field: 'mapping' });
    }
    const field = part.slice(0, equals).trim();
    if (entries.has(field)) throw new AppError('INVALID_ARGS', `mapping: "${field}" is mapped twice`, { field: 'mapping' });
    entries.set(field, part.slice(equals + 1).trim());
  }
  return parseFieldMapping(Object.fromEntries(entries));
}
