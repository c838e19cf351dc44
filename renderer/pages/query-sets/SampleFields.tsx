import type { SampleSource } from './sample-format';

export interface SampleDraft {
  logKind: 'bundled' | 'file';
  logPath: string;
  method: 'uniform' | 'top' | 'pps' | 'stratified';
  size: string;
  seed: string;
  by: 'tier' | 'segment' | 'tier-and-segment';
  /** Percent of traffic, as typed. */
  headPercent: string;
  torsoPercent: string;
  allocation: 'proportional' | 'neyman';
}

export const DEFAULT_SAMPLE_DRAFT: SampleDraft = {
  logKind: 'bundled',
  logPath: '',
  method: 'stratified',
  size: '50',
  seed: '1',
  by: 'tier',
  headPercent: '50',
  torsoPercent: '30',
  allocation: 'neyman',
};

const wholeNumber = (text: string): number | null => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);
const share = (text: string): number | null => {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value / 100 : null;
};

/** The API's sample source for a draft, or null while a field cannot be sent yet. */
export function sampleSourceOf(draft: SampleDraft): SampleSource | null {
  const size = wholeNumber(draft.size);
  const seed = wholeNumber(draft.seed);
  if (size === null || size < 1 || seed === null) return null;
  if (draft.logKind === 'file' && draft.logPath.trim() === '') return null;
  const log = draft.logKind === 'file' ? { kind: 'file' as const, path: draft.logPath.trim() } : { kind: 'bundled' as const };
  const base = { kind: 'sample' as const, log, method: draft.method, size, seed };
  if (draft.method !== 'stratified') return base;
  if (draft.by === 'segment') return { ...base, strata: { by: draft.by, allocation: draft.allocation } };
  const head = share(draft.headPercent);
  const torso = share(draft.torsoPercent);
  if (head === null || torso === null) return null;
  return { ...base, strata: { by: draft.by, allocation: draft.allocation, tierThresholds: { head, torso } } };
}

/** Log, method, size, seed and, for a stratified sample, strata, tier thresholds and allocation. */
export function SampleFields({ draft, onChange }: { draft: SampleDraft; onChange: (draft: SampleDraft) => void }) {
  const set = <K extends keyof SampleDraft>(key: K, value: SampleDraft[K]) => onChange({ ...draft, [key]: value });
  const tiers = draft.method === 'stratified' && draft.by !== 'segment';
  const torsoEnd = Number(draft.headPercent) + Number(draft.torsoPercent);
  return (
    <div className="sample-fields">
      <label>
        Query log
        <select value={draft.logKind} onChange={(event) => set('logKind', event.target.value as SampleDraft['logKind'])}>
          <option value="bundled">The dataset's bundled log (demo datasets)</option>
          <option value="file">A log file (.tsv, .csv, .jsonl: query, count, segment)</option>
        </select>
      </label>
      {draft.logKind === 'file' && (
        <label>
          Log file on this computer
          <input value={draft.logPath} onChange={(event) => set('logPath', event.target.value)} placeholder="/path/to/query-log.tsv" spellCheck={false} />
        </label>
      )}
      <div className="field-row">
        <label>
          Method
          <select value={draft.method} onChange={(event) => set('method', event.target.value as SampleDraft['method'])}>
            <option value="stratified">Stratified</option>
            <option value="uniform">Uniform</option>
            <option value="pps">Proportional to count (PPS)</option>
            <option value="top">Top by count</option>
          </select>
        </label>
        <label>
          Size
          <input inputMode="numeric" value={draft.size} onChange={(event) => set('size', event.target.value)} />
        </label>
        <label>
          Seed
          <input inputMode="numeric" value={draft.seed} onChange={(event) => set('seed', event.target.value)} />
        </label>
      </div>
      {draft.method === 'stratified' && (
        <div className="field-row">
          <label>
            Strata
            <select value={draft.by} onChange={(event) => set('by', event.target.value as SampleDraft['by'])}>
              <option value="tier">Traffic tier</option>
              <option value="segment">Segment</option>
              <option value="tier-and-segment">Tier × segment</option>
            </select>
          </label>
          <label>
            Allocation
            <select value={draft.allocation} onChange={(event) => set('allocation', event.target.value as SampleDraft['allocation'])}>
              <option value="neyman">Neyman (by size × SD)</option>
              <option value="proportional">Proportional (by size)</option>
            </select>
          </label>
        </div>
      )}
      {tiers && (
        <fieldset className="tier-thresholds">
          <legend>Traffic tiers (share of total count, most frequent queries first)</legend>
          <label>
            Head: first
            <input inputMode="decimal" value={draft.headPercent} onChange={(event) => set('headPercent', event.target.value)} aria-label="Head share of traffic (%)" />%
          </label>
          <label>
            Torso: next
            <input inputMode="decimal" value={draft.torsoPercent} onChange={(event) => set('torsoPercent', event.target.value)} aria-label="Torso share of traffic (%)" />%
          </label>
          <span className="hint">{Number.isFinite(torsoEnd) ? `Tail: the queries after ${torsoEnd}% of traffic.` : ''}</span>
        </fieldset>
      )}
    </div>
  );
}
