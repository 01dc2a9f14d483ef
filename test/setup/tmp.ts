// Every temporary directory a test makes goes under one directory per run, removed when the run ends: tests make
// hundreds (repositories written by makeRepo, copies of fixtures), and a test that fails midway cannot leak any.
// os.tmpdir() reads TMPDIR on each call, and the test processes (and the CLI and python3 they start) inherit it.
import { chmodSync, mkdtempSync, readdirSync, rmSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Makes everything under `dir` writable and listable again (tests make unreadable files and directories). */
function unlock(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (lstatSync(p).isDirectory()) unlock(p);
    }
  } catch {
    // gone already, or not ours to change: rmSync says what is left
  }
}

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(tmpdir(), "import-doctor-tests-"));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.IMPORT_DOCTOR_KEEP_TMP) return;
    unlock(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
