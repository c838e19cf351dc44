import type { RatingItem } from '../../../core/api/contract';
import { mediaUrl } from '../../api/client';
import { SaveStatus } from './SaveStatus';
import type { LabelState, Scale } from './rating-state';
import { ZoomableImage } from './ZoomableImage';

/** One (query, document) pair, image first: the picture as large as the stage allows, its details beside it. */
export function RatingItemView({ item, state, draftNote, scale, zoomed, onZoomedChange, onRetry, place }: {
  item: RatingItem;
  state: LabelState | undefined;
  draftNote: string | undefined;
  scale: Scale;
  zoomed: boolean;
  onZoomedChange: (zoomed: boolean) => void;
  onRetry: () => void;
  /** "12 of 40". */
  place: string;
}) {
  const { document } = item;
  const note = state?.value?.note ?? draftNote;
  const details = (
    <>
      <SaveStatus state={state} scale={scale} onRetry={onRetry} />
      {note && (
        <p className="rate-note" data-testid="rate-note">
          <strong>Note:</strong> {note}
        </p>
      )}
      <p className="rate-place muted">{place}</p>
    </>
  );
  if (!document.imageUrl) {
    return (
      <article className="rate-stage rate-stage-text" data-testid="rating-item" data-pair-index={item.pairIndex}>
        <div className="rate-text-card">
          <h2 className="rate-doc-title">{document.title || document.id}</h2>
          {document.snippet && <p className="rate-doc-text">{document.snippet}</p>}
          {document.tags.length > 0 && <TagList tags={document.tags} />}
        </div>
        <aside className="rate-side">{details}</aside>
      </article>
    );
  }
  return (
    <article className="rate-stage" data-testid="rating-item" data-pair-index={item.pairIndex}>
      <figure className="rate-figure">
        <ZoomableImage src={mediaUrl(document.imageUrl)} alt={document.title} zoomed={zoomed} onZoomedChange={onZoomedChange} />
      </figure>
      <aside className="rate-side">
        <h2 className="rate-doc-title">{document.title || document.id}</h2>
        {document.board && <p className="rate-board">{document.board}</p>}
        {document.snippet && <p className="rate-doc-text">{document.snippet}</p>}
        {document.tags.length > 0 && <TagList tags={document.tags} />}
        {details}
      </aside>
    </article>
  );
}

function TagList({ tags }: { tags: string[] }) {
  return (
    <ul className="pin-tags rate-tags" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>{tag}</li>
      ))}
    </ul>
  );
}
