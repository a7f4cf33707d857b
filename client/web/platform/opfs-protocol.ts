/** What the page and the OPFS worker say to each other (kept apart so importing it runs no worker code). */
export type OpfsRequest =
  | { id: number; op: 'open'; file: string }
  /** `parts` are consecutive: the first goes at `offset`, each next one right after it. */
  | { id: number; op: 'write'; file: string; offset: number; parts: Uint8Array[] }
  | { id: number; op: 'flush' | 'close' | 'delete'; file: string }
  | { id: number; op: 'truncate'; file: string; length: number };
/** `flushed`: the answer to a flush (false: declined, see `FileWriter.flush`). */
export type OpfsResponse = { id: number; ok: true; flushed?: boolean } | { id: number; ok: false; error: string };

/** The OPFS folder received files are written to. */
export const OPFS_DIRECTORY = 'incoming';
