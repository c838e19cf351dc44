import type { RunLabelSource } from './service';

/**
 * A label source as one word, for URLs and command lines: `qrels`, `task:ID` (a rating task's consensus)
 * or `import:SOURCE` (an imported judgments source). Pure, so the renderer and the CLI share it.
 */
export function labelSourceText(source: RunLabelSource): string {
  if (source.kind === 'task') return `task:${source.task}`;
  if (source.kind === 'import') return `import:${source.source}`;
  return 'qrels';
}

/** The label source a word names, or null when it names none. */
export function parseLabelSourceText(text: string): RunLabelSource | null {
  if (text === 'qrels') return { kind: 'qrels' };
  const task = /^task:([1-9]\d*)$/.exec(text);
  if (task) return { kind: 'task', task: Number(task[1]) };
  const imported = /^import:(\S.*)$/.exec(text);
  return imported ? { kind: 'import', source: imported[1]!.trim() } : null;
}
