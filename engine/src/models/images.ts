/** One layer of an image's history, newest first (Podman and Docker alike). */
export interface ImageHistoryEntry {
  /** Layer image id (hex, no prefix), or null where the engine says `<missing>`. */
  id: string | null;
  /** Epoch milliseconds. */
  created: number;
  createdBy: string;
  tags: string[];
  size: number;
  comment: string;
}
