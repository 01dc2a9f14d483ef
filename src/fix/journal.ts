// The journal of a fix's write in progress (commit.ts): the files it is about to put in place and move aside, so
// that the next run rolls back a write that was killed halfway (kill -9, a crash, a power cut) instead of leaving a
// half-fixed tree and scratch files behind.
import { lstatSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import path from "node:path";
import { contentHash } from "../cache/digest.js";
import { processAlive } from "../process-alive.js";
import { writeAtomic } from "./write.js";

export interface JournalOp {
  path: string;
  /** The new content's scratch file beside the target, or null for a deletion. */
  tmp: string | null;
  /** Where the target's current file is moved while it is replaced, or null for a creation. */
  aside: string | null;
  after: Buffer | null;
}

interface Stored {
  pid: number;
  /** Every file is in place: what is left to do is removing the moved-aside files. */
  committed?: boolean;
  ops: { path: string; tmp: string | null; aside: string | null; after: string | null }[];
}

const PREFIX = ".import-doctor-fix-";
const SUFFIX = ".journal";

const digest = contentHash;
const writeDurably = (file: string, text: string): void => writeAtomic(file, Buffer.from(text, "utf8"));

/** Writes the journal of a write about to start in `root`; null when it cannot be written (the write then fails too). */
export function startJournal(root: string, ops: JournalOp[]): string | null {
  const file = path.join(root, `${PREFIX}${process.pid}${SUFFIX}`);
  const stored: Stored = { pid: process.pid, ops: ops.map((o) => ({ path: o.path, tmp: o.tmp, aside: o.aside, after: o.after ? digest(o.after) : null })) };
  try {
    writeDurably(file, JSON.stringify(stored));
    return file;
  } catch {
    return null;
  }
}

/** Every file is in place: from now on the write is finished, not rolled back, by a run that finds it interrupted. */
export function commitJournal(file: string | null): void {
  if (file === null) return;
  try {
    const stored = JSON.parse(readFileSync(file, "utf8")) as Stored;
    writeDurably(file, JSON.stringify({ ...stored, committed: true }));
  } catch {
    // unreadable now: the next run ignores it
  }
}

/** The write is whole or undone: its journal goes. */
export function finishJournal(file: string | null): void {
  if (file === null) return;
  try {
    unlinkSync(file);
  } catch {
    // gone already
  }
}

const exists = (p: string): boolean => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

/** The sha256 of the regular file at `p`, or null when nothing (or no regular file) is there. */
function contentDigest(p: string): string | null {
  try {
    if (!lstatSync(p).isFile()) return null;
    return digest(readFileSync(p));
  } catch {
    return null;
  }
}

/** Journal files of `root` whose process is gone: writes that were killed halfway. */
export function interruptedJournals(root: string, names: string[]): string[] {
  return names
    .filter((n) => n.startsWith(PREFIX) && n.endsWith(SUFFIX))
    .filter((n) => {
      const pid = Number(n.slice(PREFIX.length, -SUFFIX.length));
      return Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
    })
    .map((n) => path.join(root, n));
}

/**
 * The scratch files of journals being written when their process was killed (`writeAtomic`'s temporary file, beside
 * the journal): they hold nothing to roll back, and go.
 */
export function removeJournalScratch(root: string, names: string[]): void {
  for (const n of names) {
    const m = /^\.(\.import-doctor-fix-(\d+)\.journal)\.import-doctor-\d+-[a-z0-9]+\.tmp$/.exec(n);
    if (!m || m[1] !== `${PREFIX}${m[2]}${SUFFIX}` || Number(m[2]) === process.pid || processAlive(Number(m[2]))) continue;
    try {
      unlinkSync(path.join(root, n));
    } catch {
      // gone already
    }
  }
}

/**
 * Rolls back the write a journal describes, newest op first: a target that holds what the write put there gets its
 * moved-aside file back (or, for a creation, is removed); a target edited since is left as it is. Returns the
 * repo-relative paths put back, and those left as they are.
 */
export function rollBackJournal(root: string, file: string): { restored: string[]; kept: string[] } {
  const restored: string[] = [];
  const kept: string[] = [];
  let stored: Stored;
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Stored;
  } catch {
    finishJournal(file);
    return { restored, kept };
  }
  const inside = (p: string | null): p is string => p !== null && path.resolve(p).startsWith(path.resolve(root) + path.sep);
  if (stored.committed) {
    for (const op of stored.ops) for (const p of [op.aside, op.tmp]) if (inside(p) && exists(p)) unlinkSync(p);
    finishJournal(file);
    return { restored, kept };
  }
  for (const op of [...stored.ops].reverse()) {
    if (!inside(op.path)) continue;
    const rel = path.relative(root, op.path);
    const now = contentDigest(op.path);
    const ours = op.after === null ? !exists(op.path) : now === op.after;
    if (inside(op.aside) && exists(op.aside)) {
      if (ours || !exists(op.path)) {
        renameSync(op.aside, op.path);
        restored.push(rel);
      } else {
        unlinkSync(op.aside);
        kept.push(rel);
      }
    } else if (op.aside === null && op.after !== null && ours) {
      unlinkSync(op.path);
      restored.push(rel);
    }
    if (inside(op.tmp) && exists(op.tmp)) unlinkSync(op.tmp);
  }
  finishJournal(file);
  return { restored, kept };
}
