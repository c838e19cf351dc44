import type { SerializedError } from '../../../core/api/contract';

/**
 * Where a problem with the new-task form shows: a dotted path of the form's fields (`depth`, `gold`,
 * `scale.levels.2.key`), or null when it belongs to no field and shows by the submit button.
 */
export interface FormProblem {
  field: string | null;
  message: string;
}

/** Fields of a custom scale as parseScale names them (relative to the scale itself). */
const SCALE_FIELD = /^(id|name|levels(\.|$))/;

/** The form's fields, by the name `tasks.create` gives them; a problem elsewhere shows by the submit button. */
const FORM_FIELDS = new Set(['name', 'dataset', 'querySet', 'variants', 'depth', 'scale', 'overlap', 'guidelines', 'consensus', 'raters', 'gold', 'seed']);
/** Services that name a field in the singular. */
const FIELD_ALIASES: Record<string, string> = { variant: 'variants' };

/**
 * Places an error of `tasks.create` (or of the form's own checks) next to its field. The contract's
 * argument check prefixes its messages with the method and names fields from the top (`depth`), while
 * parseScale names fields inside the scale (`levels.1.key`, `name`): those go under `scale.` when the
 * form sent a custom scale. The field's name is cut from the message, since it shows next to the field.
 */
export function locateProblem(error: SerializedError, sentCustomScale: boolean): FormProblem {
  const { field, message, code } = error;
  const fromContract = message.startsWith('tasks.create: ');
  const text = fromContract ? message.slice('tasks.create: '.length) : message;
  const bare = field && text.startsWith(`${field}: `) ? text.slice(field.length + 2) : text;
  if (!field) return { field: null, message: text };
  if (sentCustomScale && !fromContract && code === 'INVALID_ARGS' && SCALE_FIELD.test(field)) return { field: `scale.${field}`, message: bare };
  const [top = '', ...rest] = field.split('.');
  const formField = FIELD_ALIASES[top] ?? top;
  if (!FORM_FIELDS.has(formField)) return { field: null, message: text };
  // Inside a list field (`gold.3.grade`) the path says which entry: keep it in the message.
  return { field: [formField, ...rest].join('.'), message: rest.length > 0 ? text : bare };
}

/** The problem to show at `field`: one at exactly that path, or (with `within`) anywhere inside it. */
export function problemAt(problem: FormProblem | null, field: string, within = false): string | null {
  if (!problem?.field) return null;
  return problem.field === field || (within && problem.field.startsWith(`${field}.`)) ? problem.message : null;
}

export interface GoldItem {
  queryId: string;
  docId: string;
  grade: number;
}

/** Pasted gold lines `queryId<TAB>docId<TAB>grade`; blank lines are skipped, a bad line is named by number. */
export function parseGoldLines(text: string): { items: GoldItem[] } | { error: string } {
  const items: GoldItem[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const parts = line.split('\t').map((part) => part.trim());
    const [queryId, docId, grade] = parts;
    if (parts.length !== 3 || !queryId || !docId || !grade) return { error: `line ${index + 1}: expected queryId<TAB>docId<TAB>grade` };
    if (!/^-?\d+$/.test(grade)) return { error: `line ${index + 1}: grade "${grade}" is not a whole number` };
    items.push({ queryId, docId, grade: Number(grade) });
  }
  return { items };
}

/** A scale id from its name: lowercase letters, digits and hyphens, as the backend requires. */
export function scaleIdFrom(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
