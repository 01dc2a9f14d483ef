// Writes that never half-write a file (temporary file + rename) and never leave the root (symlinks resolved and checked).
import { UserError } from "../errors.js";
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";

export class OutsideRootError extends UserError {}

function inside(p: string, root: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The real path a repo-relative path refers to: symlinks (of the file or any parent) resolved, and checked to stay under
 * the root. A path that does not exist yet is judged by its deepest existing ancestor.
 */
export function resolveInside(root: string, rel: string): string {
  const realRoot = realpathSync(root);
  const abs = path.resolve(realRoot, rel);
  if (!inside(abs, realRoot)) throw new OutsideRootError(`${rel} is outside the root ${realRoot}`);
  let existing = abs;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    // A dangling symlink exists for lstat but not for existsSync: never write through it.
    try {
      lstatSync(existing);
      throw new OutsideRootError(`${rel} is a dangling symlink`);
    } catch (e) {
      if (e instanceof OutsideRootError) throw e;
    }
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  const real = path.join(realpathSync(existing), ...rest);
  if (!inside(real, realRoot)) throw new OutsideRootError(`${rel} resolves to ${real}, outside the root ${realRoot}`);
  return real;
}

/** Creates the missing parent directories of `file`; returns the ones it created (outermost first), for undo. */
export function ensureParent(file: string): string[] {
  const created: string[] = [];
  let dir = path.dirname(file);
  while (!existsSync(dir)) {
    created.unshift(dir);
    dir = path.dirname(dir);
  }
  for (const d of created) mkdirSync(d);
  return created;
}

/**
 * The name of a scratch file beside `file` (`.<name>.import-doctor-<pid>-<random>.<kind>`): a fix's new content
 * ("new"), the file it replaces, moved aside ("old"), or a staged copy's temporary file ("tmp").
 */
export function scratchName(file: string, kind: "new" | "old" | "tmp"): string {
  return `.${path.basename(file)}.import-doctor-${process.pid}-${Math.random().toString(36).slice(2, 8)}.${kind}`;
}

/** Creates `file` (it must not exist) with `bytes`, on disk before it returns (fsynced); `mode` or the default. */
export function writeNewFile(file: string, bytes: Uint8Array, mode: number | undefined): void {
  const fd = openSync(file, "wx", mode ?? 0o666);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `file` with `bytes` atomically: a reader (or a crash) sees the old content or the new, never a mix. The
 * file keeps its mode; a new file gets the default mode.
 */
export function writeAtomic(file: string, bytes: Uint8Array): void {
  let mode: number | undefined;
  try {
    mode = statSync(file).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const tmp = path.join(path.dirname(file), scratchName(file, "tmp"));
  try {
    writeNewFile(tmp, bytes, mode);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
