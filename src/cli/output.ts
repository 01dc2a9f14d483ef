// `--output-file`: the report written whole (beside, then renamed over), never half a report in the file.
import { renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "./args.js";

/** `what` names the option in an error (`--output-file`, `--write-baseline`). */
export function writeWhole(file: string, data: string | Buffer, what = "--output-file"): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
