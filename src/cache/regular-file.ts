// Reads a file only when it is a regular one: never through a final symbolic link, never waiting on a FIFO. On its own
// (node:fs only), since the code cache's starter (cli/start.ts) uses it and must stay small.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/**
 * The bytes of the regular file at `file`, or null when it is missing, is not a regular file (a symbolic link, a FIFO,
 * a device), is over `max` bytes, or cannot be read. Opened without following a final symbolic link and without
 * blocking, so that a FIFO is seen for what it is rather than waited on.
 */
export function readRegularFile(file: string, max: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > max) return null;
    const out = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, out, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === st.size ? out : out.subarray(0, off);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
