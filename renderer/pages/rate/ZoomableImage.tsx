import { useState, type MouseEvent } from 'react';

const ZOOM = 2.5;

/** The item's image, as large as the stage allows; a click (or Z) zooms in around the pointer, moving pans. */
export function ZoomableImage({ src, alt, zoomed, onZoomedChange }: { src: string; alt: string; zoomed: boolean; onZoomedChange: (zoomed: boolean) => void }) {
  const [origin, setOrigin] = useState('50% 50%');
  const follow = (event: MouseEvent<HTMLElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    setOrigin(`${(((event.clientX - box.left) / box.width) * 100).toFixed(1)}% ${(((event.clientY - box.top) / box.height) * 100).toFixed(1)}%`);
  };
  return (
    <button
      type="button"
      className={zoomed ? 'rate-image rate-image-zoomed' : 'rate-image'}
      aria-label={zoomed ? 'Zoom out' : 'Zoom in'}
      aria-pressed={zoomed}
      onClick={(event) => {
        follow(event);
        onZoomedChange(!zoomed);
      }}
      onMouseMove={zoomed ? follow : undefined}
    >
      <img src={src} alt={alt} decoding="sync" draggable={false} style={zoomed ? { transform: `scale(${ZOOM})`, transformOrigin: origin } : undefined} />
    </button>
  );
}
