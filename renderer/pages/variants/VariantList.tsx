import type { VariantSummary } from '../../../core/api/contract';

interface VariantListProps {
  variants: VariantSummary[] | undefined;
  selected: string | null;
  onOpen: (variant: VariantSummary) => void;
  onDelete: (name: string) => void;
}

/** Built-in and saved variants; opening a built-in starts a copy. */
export function VariantList({ variants, selected, onOpen, onDelete }: VariantListProps) {
  return (
    <>
      {variants === undefined && <p className="muted">Loading…</p>}
      <ul className="variant-list" aria-label="Variants">
        {variants?.map((variant) => (
          <li key={variant.name} className={variant.name === selected ? 'selected' : undefined} data-testid="variant-item">
            <div className="variant-head">
              <button type="button" className="link-button variant-name" onClick={() => onOpen(variant)} aria-current={variant.name === selected ? 'true' : undefined}>
                {variant.name}
              </button>
              <span className={variant.builtIn ? 'badge' : 'badge badge-saved'}>{variant.builtIn ? 'built-in' : 'saved'}</span>
              {!variant.builtIn && (
                <button type="button" className="small-button push-right" onClick={() => onDelete(variant.name)} aria-label={`Delete ${variant.name}`}>
                  Delete
                </button>
              )}
            </div>
            {variant.description && <p className="muted">{variant.description}</p>}
            {variant.problem && (
              <p className="variant-problem" role="alert" data-testid="variant-problem">
                Cannot run: {variant.problem}
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
