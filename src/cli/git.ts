// What git knows about the change being checked: deleted and renamed files, and a snapshot of the index (`--staged`).
import { UserError } from "../errors.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export class GitError extends UserError {}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) return { ok: false, out: "", err: r.error.message };
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

/** The repository's top-level directory, or null outside a git work tree. */
export function gitTopLevel(dir: string): string | null {
  const r = git(dir, ["rev-parse", "--show-toplevel"]);
  return r.ok ? r.out.trim() : null;
}

export interface GitChanges {
  /** Root-relative paths of files the change deletes (or renames away from). */
  deleted: string[];
  /** Root-relative paths the change adds, modifies, or renames to. */
  changed: string[];
}

/** Changes against HEAD: staged only (`--cached`), or staged and unstaged together. */
export function gitChanges(root: string, staged: boolean): GitChanges | null {
  const top = gitTopLevel(root);
  if (!top) return null;
  const hasHead = git(root, ["rev-parse", "--verify", "-q", "HEAD"]).ok;
  // Before the first commit everything staged is new: compare the index with the empty tree.
  const base = hasHead ? "HEAD" : "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
  const args = staged || !hasHead ? ["diff", "--cached", "--name-status", "-z", "-M", base] : ["diff", "--name-status", "-z", "-M", base];
  const r = git(root, ["-c", "core.quotepath=off", ...args]);
  if (!r.ok) throw new GitError(`git diff failed: ${r.err.trim()}`);
  const fields = r.out.split("\0");
  const out: GitChanges = { deleted: [], changed: [] };
  const rel = (p: string): string | null => {
    const r2 = path.relative(root, path.join(top, p)).split(path.sep).join("/");
    return r2.startsWith("..") ? null : r2;
  };
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i++]!;
    if (status.startsWith("R") || status.startsWith("C")) {
      const from = rel(fields[i++]!);
      const to = rel(fields[i++]!);
      if (status.startsWith("R") && from) out.deleted.push(from);
      if (to) out.changed.push(to);
    } else {
      const p = rel(fields[i++]!);
      if (!p) continue;
      if (status === "D") out.deleted.push(p);
      else out.changed.push(p);
    }
  }
  return out;
}

/** Writes the index's content to a temporary directory; returns where the root is inside it. */
export function snapshotIndex(root: string): { root: string; dispose(): void } {
  const top = gitTopLevel(root);
  if (!top) throw new GitError(`--staged: ${root} is not inside a git repository`);
  const dir = mkdtempSync(path.join(tmpdir(), "import-doctor-staged-"));
  const r = git(top, ["checkout-index", "--all", "--force", `--prefix=${dir}${path.sep}`]);
  if (!r.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new GitError(`git checkout-index failed: ${r.err.trim()}`);
  }
  return { root: path.join(dir, path.relative(top, root)), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Root-relative paths among `paths` with uncommitted changes (modified, staged or untracked); empty outside git. */
export function dirtyPaths(root: string, paths: string[]): string[] {
  const top = gitTopLevel(root);
  if (!top || paths.length === 0) return [];
  const r = git(root, ["-c", "core.quotepath=off", "status", "--porcelain", "-z", "--untracked-files=all", "--", ...paths]);
  if (!r.ok) throw new GitError(`git status failed: ${r.err.trim()}`);
  const out: string[] = [];
  const fields = r.out.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.length < 4) continue;
    const p = path.relative(root, path.join(top, f.slice(3))).split(path.sep).join("/");
    out.push(p);
    if (f[0] === "R" || f[0] === "C") i++; // the rename's source follows
  }
  return out;
}
