// Where a command runs: the repository root and the root-relative paths it is about.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "./args.js";

const MARKERS = ["pyproject.toml", "setup.py", "setup.cfg", ".git"];

/** The nearest ancestor of `start` (inclusive) that looks like a project root; `start` itself if none. */
export function findRoot(start: string): string {
  const abs = path.resolve(start);
  let dir = existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs);
  const first = dir;
  for (;;) {
    if (MARKERS.some((m) => existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return first;
    dir = parent;
  }
}

/** The root and the root-relative paths the command is about. */
export function locate(args: { paths: string[]; root: string | null }): { root: string; only: string[] } {
  for (const p of args.paths) if (!existsSync(p)) throw new UsageError(`path not found: ${p}`);
  if (args.root && !(existsSync(args.root) && statSync(args.root).isDirectory())) throw new UsageError(`--root ${args.root}: not a directory`);
  const root = path.resolve(args.root ?? findRoot(args.paths[0] ?? "."));
  const only = args.paths
    .map((p) => path.relative(root, path.resolve(p)).split(path.sep).join("/"))
    .filter((p) => p !== "");
  for (const p of only) if (p.startsWith("..")) throw new UsageError(`path ${p} is outside the root ${root}`);
  return { root, only };
}
