// Reads the text of a file the analysis looks at besides Python sources (configuration, .gitignore, requirements,
// .python-version): a regular file only, and only up to a bound, so that a FIFO, a device or a huge file under such a
// name neither hangs the run nor exhausts its memory.
import { readFileSync, statSync, type Stats } from "node:fs";
import { UserError } from "./errors.js";

export class SpecialFileError extends UserError {}

/** Far above any real configuration file. */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

/** What a stat says a non-regular file is, for messages. */
export function fileKind(st: Stats): string {
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  if (st.isDirectory()) return "a directory";
  return "not a regular file";
}

/** The UTF-8 text of `file`; throws like readFileSync when it is missing, and a SpecialFileError when it is no text file. */
export function readTextFile(file: string): string {
  const st = statSync(file);
  if (!st.isFile()) throw new SpecialFileError(`${file} is ${fileKind(st)}, not a file; import-doctor does not read it`);
  if (st.size > MAX_TEXT_FILE_BYTES) throw new SpecialFileError(`${file} is ${(st.size / 1048576).toFixed(0)} MB, more than a configuration file can be; import-doctor does not read it`);
  return readFileSync(file, "utf8");
}
