import type { ArgsOf, ResultOf } from '../../../core/api/contract';

export type QuerySetSummary = ResultOf<'querySets.list'>[number];
export type SamplePreview = ResultOf<'querySets.previewSample'>;
export type SampleSource = ArgsOf<'querySets.previewSample'>['source'];

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
export const fixed3 = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

const METHOD_NAMES: Record<string, string> = { uniform: 'uniform', top: 'top-N', pps: 'PPS', stratified: 'stratified' };

/** One line saying how a set was made, from the origin it recorded. */
export function describeOrigin(origin: unknown): string {
  if (typeof origin !== 'object' || origin === null) return 'unknown';
  const record = origin as Record<string, unknown>;
  switch (record.kind) {
    case 'dataset':
      return "dataset's queries";
    case 'list':
      return 'pasted list';
    case 'file':
      return `file ${String(record.path)}`;
    case 'copy':
      return `copy of set ${String(record.of)}`;
    case 'sample': {
      const strata = record.strata as { by?: string; allocation?: { used?: string } } | null;
      const log = record.log as { kind?: string } | undefined;
      const how = strata ? `stratified by ${strata.by}, ${strata.allocation?.used ?? ''}` : METHOD_NAMES[String(record.method)];
      return `sample of ${log?.kind === 'bundled' ? 'the bundled log' : 'a log file'}: ${how}, seed ${String(record.seed)}`;
    }
    default:
      return String(record.kind);
  }
}
