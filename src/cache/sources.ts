// What the result cache records of each Python file the analysis read: its stamp, its content hash and the digest
// of its facts. Apart from result-cache.ts so that the analysis, which makes these records, does not import the cache.
import type { FileStamp } from "./facts-cache.js";

/** The hash of a file too large to parse: its outcome depends on its size alone. */
export const TOO_LARGE = "too-large";

/** A Python file the analysis read, as it was then. */
export interface SourceInput extends FileStamp {
  rel: string;
  statAt: number;
  hash: string;
  digest: string;
}
