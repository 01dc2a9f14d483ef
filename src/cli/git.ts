// What git knows about the change being checked: deleted and renamed files, a snapshot of the index (`--staged`), and
// which files have uncommitted changes (`--fix`). git runs nothing of the repository's own: a repository is input.
import { UserError } from "../errors.js";
import { spawnSync } from "node:child_process";
import { lstatSync } from "node:fs";
import path from "node:path";
import { makeScratchDir } from "../scratch-dir.js";

export class GitError extends UserError {}

/**
 * The environment git runs in: no system-wide configuration, no prompt, no optional locks (a status must not write
 * the index), no external diff. GIT_DIR, GIT_INDEX_FILE and the like stay: a hook (pre-commit) passes them.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
  delete env.GIT_EXTERNAL_DIFF;
  return env;
}

function spawnGit(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) return { ok: false, out: "", err: r.error.message };
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

/** disarm's options, by directory: the configuration is read once a run. */
const disarmed = new Map<string, string[]>();

/**
 * `-c` options that turn off what a repository's configuration can make git run: the file-system monitor hook, hooks,
 * and every clean, smudge and process filter it defines (found with `git config`, which runs nothing).
 */
function disarm(cwd: string): string[] {
  const known = disarmed.get(cwd);
  if (known) return known;
  const out = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"];
  disarmed.set(cwd, out);
  const r = spawnGit(cwd, ["config", "-z", "--get-regexp", "^filter\\."]);
  if (!r.ok) return out;
  const drivers = new Set<string>();
  for (const entry of r.out.split("\0")) {
    const key = entry.split("\n", 1)[0]!;
    const m = /^filter\.(.+)\.[^.]+$/i.exec(key);
    if (m) drivers.add(m[1]!);
  }
  for (const d of drivers) out.push("-c", `filter.${d}.clean=`, "-c", `filter.${d}.smudge=`, "-c", `filter.${d}.process=`, "-c", `filter.${d}.required=false`);
  return out;
}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  return spawnGit(cwd, [...disarm(cwd), ...args]);
}

/** Whether `dir` or a directory above it holds a `.git` (a directory, or a file naming one): git should answer there. */
function underGit(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      lstatSync(path.join(d, ".git"));
      return true;
    } catch {
      // none here
    }
    if (path.dirname(d) === d) return process.env.GIT_DIR !== undefined;
  }
}

/** The repository's top-level directory, null outside a git work tree, or why git could not tell. */
function repository(dir: string): { top: string } | null | { broken: string } {
  const r = git(dir, ["rev-parse", "--show-toplevel"]);
  if (r.ok) return { top: r.out.trim() };
  return underGit(dir) ? { broken: r.err.trim().split("\n")[0] || "git failed" } : null;
}

/** The repository's top-level directory, or null outside a git work tree (or where git cannot tell). */
export function gitTopLevel(dir: string): string | null {
  const repo = repository(dir);
  return repo && "top" in repo ? repo.top : null;
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
  const args = ["diff", "--no-ext-diff", "--no-textconv", ...(staged || !hasHead ? ["--cached"] : []), "--name-status", "-z", "-M", base];
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
  const scratch = makeScratchDir("staged");
  const r = git(top, ["checkout-index", "--all", "--force", `--prefix=${scratch.dir}${path.sep}`]);
  if (!r.ok) {
    scratch.dispose();
    throw new GitError(`git checkout-index failed: ${r.err.trim()}`);
  }
  return { root: path.join(scratch.dir, path.relative(top, root)), dispose: scratch.dispose };
}

/**
 * Root-relative paths among `paths` with uncommitted changes (modified, staged or untracked); empty outside git. When
 * git cannot tell (a repository it refuses or cannot read), a GitError: the files may be dirty.
 */
export function dirtyPaths(root: string, paths: string[]): string[] {
  const repo = repository(root);
  if (repo && "broken" in repo) throw new GitError(`--fix cannot tell whether the files it would change have uncommitted changes (git: ${repo.broken}); nothing was written. Pass --allow-dirty to fix anyway`);
  if (!repo || paths.length === 0) return [];
  const top = repo.top;
  const r = git(root, ["-c", "core.quotepath=off", "status", "--porcelain", "-z", "--untracked-files=all", "--", ...paths]);
  if (!r.ok) throw new GitError(`--fix cannot tell whether the files it would change have uncommitted changes (git status: ${r.err.trim().split("\n")[0]}); nothing was written. Pass --allow-dirty to fix anyway`);
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
