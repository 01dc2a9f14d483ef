// Writes a fix run's net change into the real repository: every path checked against the root, every write atomic.
import { UserError } from "../errors.js";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import type { Change } from "./engine.js";
import { ensureParent, resolveInside, writeAtomic } from "./write.js";

export class FixConflictError extends UserError {}

/** Every repo-relative path a change set writes, moves or deletes. */
export function changedPaths(changes: Change[]): string[] {
  return [...new Set(changes.flatMap((c) => [c.from, c.to].filter((p): p is string => p !== null)))];
}

/**
 * Applies the changes under `root`. Everything is checked first (paths inside the root, files still as the fixes saw
 * them) so a refusal writes nothing; then each file is replaced atomically and moves are renames.
 */
export function commitChanges(root: string, changes: Change[]): void {
  const plan = changes.map((c) => ({ c, from: c.from ? resolveInside(root, c.from) : null, to: c.to ? resolveInside(root, c.to) : null }));
  for (const { c, from, to } of plan) {
    if (from && c.before && (!existsSync(from) || !readFileSync(from).equals(c.before))) throw new FixConflictError(`${c.from} changed while the fixes were computed; nothing was written`);
    if (to && (c.kind === "create" || c.kind === "rename") && existsSync(to)) throw new FixConflictError(`${c.to} appeared while the fixes were computed; nothing was written`);
  }
  for (const { c, from, to } of plan) {
    if (c.kind === "modify") writeAtomic(to!, c.after!);
    else if (c.kind === "create") {
      ensureParent(to!);
      writeAtomic(to!, c.after!);
    } else if (c.kind === "delete") rmSync(from!);
    else {
      ensureParent(to!);
      renameSync(from!, to!);
      if (c.before && !c.before.equals(c.after!)) writeAtomic(to!, c.after!);
    }
  }
}
