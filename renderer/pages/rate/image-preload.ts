/**
 * Keeps the next items' images loaded and decoded, so moving to an item paints its image from memory.
 * The newest few stay referenced (the browser may drop an unreferenced decoded image).
 */
const KEEP = 32;
const kept = new Map<string, HTMLImageElement>();

export function preloadImage(url: string): void {
  if (kept.has(url)) return;
  const image = new Image();
  image.decoding = 'async';
  image.src = url;
  image.decode().catch(() => undefined); // a broken image shows as such when its item is reached
  kept.set(url, image);
  if (kept.size > KEEP) kept.delete(kept.keys().next().value!);
}
