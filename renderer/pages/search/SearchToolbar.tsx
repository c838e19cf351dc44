import type { RefObject } from 'react';
import type { DatasetSummary, VariantSummary } from '../../../core/api/contract';

interface SearchToolbarProps {
  inputRef: RefObject<HTMLInputElement | null>;
  text: string;
  onText: (text: string) => void;
  datasets: DatasetSummary[];
  dataset: string;
  onDataset: (name: string) => void;
  variants: VariantSummary[] | undefined;
  variant: string;
  onVariant: (name: string) => void;
}

/** The search box and the dataset and ranker pickers. */
export function SearchToolbar({ inputRef, text, onText, datasets, dataset, onDataset, variants, variant, onVariant }: SearchToolbarProps) {
  const builtIn = variants?.filter((candidate) => candidate.builtIn) ?? [];
  const saved = variants?.filter((candidate) => !candidate.builtIn) ?? [];
  const description = variants?.find((candidate) => candidate.name === variant)?.description;
  return (
    <div className="toolbar">
      <form className="searchbox" role="search" onSubmit={(event) => event.preventDefault()}>
        <input
          ref={inputRef}
          type="search"
          aria-label="Search"
          placeholder={dataset ? `Search ${dataset}…` : 'Search'}
          value={text}
          onChange={(event) => onText(event.target.value)}
          autoFocus
        />
      </form>
      <label className="picker">
        <span>Dataset</span>
        <select aria-label="Dataset" value={dataset} disabled={datasets.length === 0} onChange={(event) => onDataset(event.target.value)}>
          {datasets.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name} ({candidate.docCount.toLocaleString()})
            </option>
          ))}
        </select>
      </label>
      <label className="picker" title={description}>
        <span>Ranker</span>
        <select aria-label="Variant" value={variant} onChange={(event) => onVariant(event.target.value)}>
          {variants === undefined && <option value={variant}>{variant}</option>}
          <VariantGroup label="Built in" variants={builtIn} />
          <VariantGroup label="Saved" variants={saved} />
        </select>
      </label>
    </div>
  );
}

function VariantGroup({ label, variants }: { label: string; variants: VariantSummary[] }) {
  if (variants.length === 0) return null;
  return (
    <optgroup label={label}>
      {variants.map((candidate) => (
        <option key={candidate.name} value={candidate.name} title={candidate.description}>
          {candidate.name}
        </option>
      ))}
    </optgroup>
  );
}
