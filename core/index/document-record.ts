/** One searchable item, whatever format it was imported from. */
export interface DocumentRecord {
  id: string;
  title: string;
  text: string;
  tags: string[];
  /** Board or category the item was pinned to; empty when the format has none. */
  board: string;
  /** Path of the item's image relative to the dataset's media folder, or null for text-only items. */
  image: string | null;
}
