// Temporary directories of a run (a fix's staged copy, the git index's snapshot): removed when the run ends, by
// exit or by a signal, and those left by a run killed outright (kill -9) removed by the next run that makes one.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError } from "./errors.js";
import { processAlive } from "./process-alive.js";

export class ScratchDirError extends UserError {}

export interface ScratchDir {
  dir: string;
  dispose(): void;
}

const live = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

const removeAll = (): void => {
  for (const d of live) rmSync(d, { recursive: true, force: true });
  live.clear();
};

/** Removes the directories, then lets the signal do what it does by default (end the process). */
function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  for (const s of SIGNALS) process.off(s, onSignal);
  process.kill(process.pid, signal);
}

function track(dir: string): void {
  if (live.size === 0) {
    process.on("exit", removeAll);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  live.add(dir);
}

function untrack(dir: string): void {
  live.delete(dir);
  if (live.size === 0) {
    process.off("exit", removeAll);
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}

/** Directories `import-doctor-<kind>-<pid>-*` of runs that are gone (and, of older versions' unnamed ones, a day old). */
function sweep(parent: string, kind: string): void {
  const prefix = `import-doctor-${kind}-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)-/.exec(name.slice(prefix.length))?.[1];
    const full = path.join(parent, name);
    try {
      const stale = pid !== undefined ? Number(pid) !== process.pid && !processAlive(Number(pid)) : Date.now() - statSync(full).mtimeMs > DAY_MS;
      if (stale) rmSync(full, { recursive: true, force: true });
    } catch {
      // another run's, removed meanwhile, or not ours to remove
    }
  }
}

/** A new directory under the system's temporary directory, named `import-doctor-<kind>-<pid>-…`. */
export function makeScratchDir(kind: string): ScratchDir {
  const parent = os.tmpdir();
  sweep(parent, kind);
  let dir: string;
  try {
    dir = mkdtempSync(path.join(parent, `import-doctor-${kind}-${process.pid}-`));
  } catch (e) {
    throw new ScratchDirError(`cannot make a temporary directory in ${parent} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); set TMPDIR to a directory you can write to`);
  }
  track(dir);
  return {
    dir,
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      untrack(dir);
    },
  };
}
