import type { ArgsOf } from '../../core/api/contract';

type LabelSource = NonNullable<ArgsOf<'runs.compare'>['labels']>;

// The renderer sees core only through contract types, so the URL words of core/runs/label-source-text.ts
// (the CLI's `--labels`) are spelled here once more; a unit test holds the two to the same words.
export function labelSourceText(source: LabelSource): string {
  return source.kind === 'task' ? `task:${source.task}` : source.kind === 'import' ? `import:${source.source}` : 'qrels';
}

export function parseLabelSourceText(text: string): LabelSource | null {
  if (text === 'qrels') return { kind: 'qrels' };
  if (/^task:[1-9]\d*$/.test(text)) return { kind: 'task', task: Number(text.slice(5)) };
  return text.startsWith('import:') && text.slice(7).trim() !== '' ? { kind: 'import', source: text.slice(7).trim() } : null;
}
