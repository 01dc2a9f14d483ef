// Writes a fix run's net change into the real repository as one transaction, as far as the file system allows: every
// path checked against the root, every new file written before any is replaced, each file compared with what the
// analysis read at the moment it is replaced, and what was replaced put back when a later file cannot be.
import { existsSync, linkSync, lstatSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.js";
import type { Change } from "./engine.js";
import { pauseForFaultTests } from "./faults.js";
import { commitJournal, finishJournal, startJournal, type JournalOp } from "./journal.js";
import { ensureParent, resolveInside, scratchName, writeNewFile } from "./write.js";

export class FixConflictError extends UserError {}

/** Every repo-relative path a change set writes, moves or deletes. */
export function changedPaths(changes: Change[]): string[] {
  return [...new Set(changes.flatMap((c) => [c.from, c.to].filter((p): p is string => p !== null)))];
}

/** One path's part of the transaction: what must stand there now (null: nothing) and what will (null: nothing). */
interface Op {
  rel: string;
  abs: string;
  expect: Buffer | null;
  next: Buffer | null;
  mode: number | undefined;
  /** The new content, written beside the target before any target is touched. */
  tmp?: string;
  /** Where the target's current file was moved while it is replaced: restored by a rollback, removed at the end. */
  aside?: string;
  /** The inode of the file this transaction put at the target. */
  ino?: number;
}

/** The ops of a change set: a rename is a creation at its destination and a deletion at its source. */
function opsOf(root: string, changes: Change[]): Op[] {
  const ops: Op[] = [];
  for (const c of changes) {
    const mode = (p: string): number | undefined => {
      try {
        return statSync(p).mode & 0o7777;
      } catch {
        return undefined;
      }
    };
    if (c.kind === "modify") {
      const abs = resolveInside(root, c.to!);
      ops.push({ rel: c.to!, abs, expect: c.before, next: c.after, mode: mode(abs) });
    } else if (c.kind === "create") ops.push({ rel: c.to!, abs: resolveInside(root, c.to!), expect: null, next: c.after, mode: undefined });
    else if (c.kind === "delete") ops.push({ rel: c.from!, abs: resolveInside(root, c.from!), expect: c.before, next: null, mode: undefined });
    else {
      const from = resolveInside(root, c.from!);
      ops.push({ rel: c.to!, abs: resolveInside(root, c.to!), expect: null, next: c.after, mode: mode(from) });
      ops.push({ rel: c.from!, abs: from, expect: c.before, next: null, mode: undefined });
    }
  }
  return ops;
}

/** The bytes at `abs` now (null when nothing is there); a directory or a special file counts as "not what was read". */
function current(abs: string): Buffer | null | "other" {
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    return null;
  }
  if (!st.isFile()) return "other";
  try {
    return readFileSync(abs);
  } catch {
    return "other";
  }
}

const same = (now: Buffer | null | "other", expected: Buffer | null): boolean => (now === null || expected === null ? now === expected : now !== "other" && now.equals(expected));

/** Puts `tmp` at `target` unless something is there: a file saved there meanwhile is never replaced. */
function placeNew(tmp: string, target: string): boolean {
  try {
    linkSync(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "EMLINK") throw e;
    // A file system without hard links: the check and the rename are two steps.
    if (existsSync(target)) return false;
    renameSync(tmp, target);
    return true;
  }
  unlinkSync(tmp);
  return true;
}

const removeQuietly = (p: string | undefined): void => {
  if (!p) return;
  try {
    unlinkSync(p);
  } catch {
    // gone already
  }
};

/** What a write that stopped did: the sentence the user reads. */
function stopped(reason: string, done: Op[], kept: string[], unwritten: string[]): FixConflictError {
  const parts = [reason];
  const restored = done.filter((o) => !kept.includes(o.rel)).map((o) => o.rel);
  if (restored.length > 0) parts.push(`written, then put back as they were: ${restored.join(", ")}`);
  if (kept.length > 0) parts.push(`written and changed again since, so left as they are now (their content before the fix is beside them as .<name>.import-doctor-*.old): ${kept.join(", ")}`);
  if (unwritten.length > 0) parts.push(`not written: ${unwritten.join(", ")}`);
  if (restored.length === 0 && kept.length === 0) parts.push("nothing was written");
  return new FixConflictError(parts.join("; "));
}

/** Undoes the ops already applied, newest first; returns the paths it could not put back (edited since). */
function rollBack(done: Op[]): string[] {
  const kept: string[] = [];
  for (const op of [...done].reverse()) {
    const now = current(op.abs);
    const ours = op.next === null ? now === null : op.ino !== undefined && lstatSafe(op.abs)?.ino === op.ino && same(now, op.next);
    if (!ours) {
      kept.push(op.rel);
      continue;
    }
    if (op.aside) {
      if (op.next === null) {
        if (!placeNew(op.aside, op.abs)) kept.push(op.rel);
      } else renameSync(op.aside, op.abs);
    } else unlinkSync(op.abs);
  }
  return kept;
}

function lstatSafe(p: string): { ino: number } | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

/**
 * Applies the changes under `root`, or throws a FixConflictError that says what was written and what was not.
 * 1. Every path is resolved inside the root and every file compared with what the fixes read: a refusal writes nothing.
 * 2. Every new content is written to a file beside its target (and fsynced), and a journal names them all, so that a
 *    run killed in what follows is rolled back by the next one (journal.ts).
 * 3. Each target in turn is moved aside and compared once more with what the fixes read, then the new file is linked
 *    in place, which fails rather than replace a file saved there meanwhile. The first mismatch stops the write and
 *    puts back what was already replaced, unless it was edited since.
 */
export function commitChanges(root: string, changes: Change[]): void {
  const ops = opsOf(root, changes);
  for (const op of ops) {
    if (!same(current(op.abs), op.expect)) throw new FixConflictError(`${op.rel} changed while the fixes were computed; nothing was written`);
  }
  for (const op of ops) {
    if (op.next !== null) op.tmp = path.join(path.dirname(op.abs), scratchName(op.abs, "new"));
    if (op.expect !== null) op.aside = path.join(path.dirname(op.abs), scratchName(op.abs, "old"));
  }
  const journal = startJournal(root, ops.map((op): JournalOp => ({ path: op.abs, tmp: op.tmp ?? null, aside: op.aside ?? null, after: op.next })));
  pauseForFaultTests(-1, "the new contents, beside their targets");
  const createdDirs: string[] = [];
  try {
    for (const op of ops) {
      if (op.next === null) continue;
      createdDirs.push(...ensureParent(op.abs));
      writeNewFile(op.tmp!, op.next, op.mode);
    }
  } catch (e) {
    for (const op of ops) removeQuietly(op.tmp);
    removeDirs(createdDirs);
    finishJournal(journal);
    const err = e as NodeJS.ErrnoException;
    // The file named is the one being fixed, not its scratch file.
    const which = ops.find((o) => o.tmp === err.path || o.abs === err.path)?.rel ?? (err.path ? path.relative(root, err.path) : "a fixed file");
    throw new FixConflictError(`could not write ${which} (${err.code ?? err.message}); nothing was written`);
  }
  const done: Op[] = [];
  // A signal arriving now waits until the transaction is whole or undone: node runs its handlers between tasks, so
  // `hold` sees it once the write is over, and then lets it do what it does by default.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  let pending: NodeJS.Signals | null = null;
  const hold = (signal: NodeJS.Signals): void => {
    pending ??= signal;
  };
  for (const s of signals) process.on(s, hold);
  let failure: FixConflictError | null = null;
  try {
    for (const [i, op] of ops.entries()) {
      pauseForFaultTests(i, op.rel);
      let reason: string | null = null;
      try {
        reason = apply(op);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        reason = `could not write ${op.rel} (${err.code ?? err.message})`;
      }
      if (reason !== null) {
        const kept = rollBack(done);
        failure = stopped(reason, done, kept, ops.slice(i).map((o) => o.rel).filter((r) => !done.some((d) => d.rel === r)));
        for (const o of ops) if (!kept.includes(o.rel)) removeQuietly(o.aside);
        break;
      }
      done.push(op);
    }
    // A writer that had a file open before it was moved aside writes into the moved-aside file: its edit would be
    // deleted with it. Every moved-aside file must still hold what the fixes read.
    const late = failure === null ? ops.find((o) => o.aside !== undefined && o.expect !== null && !same(current(o.aside), o.expect)) : undefined;
    if (late) {
      const kept = rollBack(done);
      failure = stopped(`${late.rel} was written to while the fixes were written`, done, kept, []);
      for (const o of ops) if (!kept.includes(o.rel)) removeQuietly(o.aside);
    }
    if (failure === null) {
      commitJournal(journal);
      for (const op of ops) removeQuietly(op.aside);
    }
  } finally {
    for (const op of ops) removeQuietly(op.tmp);
    if (failure !== null) removeDirs(createdDirs);
    finishJournal(journal);
    setImmediate(() => {
      for (const s of signals) process.off(s, hold);
      if (pending) process.kill(process.pid, pending);
    });
  }
  if (failure) throw failure;
}

/** Applies one op; returns why it cannot be applied (the target is not what the fixes read), or null. */
function apply(op: Op): string | null {
  if (op.expect !== null) {
    try {
      renameSync(op.abs, op.aside!);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return `${op.rel} was deleted while the fixes were written`;
      throw e;
    }
    if (!same(current(op.aside!), op.expect)) {
      // Someone's edit: back where it was, unless a newer save already stands there (then the moved-aside one stays).
      if (placeNew(op.aside!, op.abs)) op.aside = undefined;
      return `${op.rel} changed while the fixes were written`;
    }
  }
  if (op.next !== null) {
    if (!placeNew(op.tmp!, op.abs)) {
      // A save landed at the target while it was moved aside: it is newer than what was moved aside.
      removeQuietly(op.aside);
      op.aside = undefined;
      return `${op.rel} was saved while the fixes were written`;
    }
    op.tmp = undefined;
    op.ino = lstatSync(op.abs).ino;
  }
  return null;
}

function removeDirs(dirs: string[]): void {
  for (const d of [...dirs].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      // not empty (someone put a file there) or gone
    }
  }
}
