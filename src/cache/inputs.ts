// Records every file-system read an analysis makes, so that a stored result can be reused exactly when all of them
// would read the same again. Reads are seen where they happen, in node:fs itself, so no reader can be forgotten;
// a call this module does not model makes the recording unusable rather than incomplete.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha1 } from "./digest.js";
import { CACHE_DIR_NAME, isRacy } from "./facts-cache.js";

/** One read and what it returned, in a form that can be compared with a later replay. */
export interface Observation {
  op: "exists" | "stat" | "lstat" | "read" | "list" | "realpath";
  path: string;
  /** The call's options that change its result (`withFileTypes`, an encoding). */
  options: string;
  value: string;
  /**
   * What was listed or read as stat saw it just before (device, inode, change and modification times, and a file's
   * size) and when: while these stay put, a directory gained, lost or renamed no entry and a file's bytes are the
   * same, so the listing or read holds without being done again (unless the change time was too close to that stat
   * to tell: see `isRacy`). For an `exists` that found no entry at all, the stat is of the directory it would be
   * in: while that stays put, no entry of that name appeared.
   */
  stat?: { id: string; ctimeMs: number; statAt: number };
}

type AnyFn = (...args: unknown[]) => unknown;

const original = new Map<string, AnyFn>();
// Data properties only: reading fs's accessors (`promises`, `ReadStream`...) would load node's streams and promises.
for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(fs))) if (typeof d.value === "function" && /^[a-z]/.test(name)) original.set(name, d.value as AnyFn);
const originalRealpathNative = fs.realpathSync.native as AnyFn;

class Recording {
  readonly observations = new Map<string, Observation>();
  /** Why the recording cannot vouch for a result (an unmodelled call, a file that changed during the run), if so. */
  unsound: string | null = null;
  paused = 0;
}

let current: Recording | null = null;
/** Depth of wrapped calls in progress: node:fs calls its own exports now and then; only the outermost call counts. */
let depth = 0;

const digest = (data: string | Uint8Array): string => sha1().update(data).digest("base64url");

function optionsKey(op: Observation["op"], options: unknown): string {
  if (op === "list") return typeof options === "object" && options !== null && (options as { withFileTypes?: boolean }).withFileTypes ? "types" : "";
  if (op === "read") return typeof options === "string" ? options : typeof options === "object" && options !== null ? String((options as { encoding?: unknown }).encoding ?? "") : "";
  if (op === "stat" || op === "lstat") return typeof options === "object" && options !== null && (options as { throwIfNoEntry?: boolean }).throwIfNoEntry === false ? "nothrow" : "";
  return "";
}

function errorValue(e: unknown): string {
  return `error ${(e as NodeJS.ErrnoException).code ?? "?"}`;
}

function statValue(st: fs.Stats | undefined): string {
  if (st === undefined) return "absent";
  // A directory's own times change with its entries; what a reader learns from it is only that it is one.
  if (st.isDirectory()) return "dir";
  if (st.isFile()) return `file ${st.size} ${st.mtimeMs}`;
  return st.isSymbolicLink() ? "link" : "other";
}

/** A listing entry as a name, with its kind when the listing has kinds. */
function entryText(e: unknown): string {
  if (!(e instanceof fs.Dirent)) return String(e);
  return `${e.name}\0${e.isDirectory() ? "d" : e.isFile() ? "f" : e.isSymbolicLink() ? "l" : "o"}`;
}

function listValue(entries: unknown[]): string {
  // The cache's own directory comes and goes with the cache; no analysis reads it as part of the repository.
  const items = entries.filter((e) => (e instanceof fs.Dirent ? e.name : String(e)) !== CACHE_DIR_NAME).map(entryText);
  return digest(items.sort().join("\n"));
}

/** What `op` on `p` gives now, by the original functions. */
export function observe(op: Observation["op"], p: string, options: string): string {
  try {
    switch (op) {
      case "exists":
        return String(original.get("existsSync")!(p));
      case "stat":
      case "lstat":
        return statValue(original.get(`${op}Sync`)!(p, options === "nothrow" ? { throwIfNoEntry: false } : undefined) as fs.Stats | undefined);
      case "read":
        return digest(original.get("readFileSync")!(p, options === "" ? undefined : options) as string | Buffer);
      case "list":
        return listValue(original.get("readdirSync")!(p, options === "types" ? { withFileTypes: true } : undefined) as unknown[]);
      case "realpath":
        return original.get("realpathSync")!(p) as string;
    }
  } catch (e) {
    return errorValue(e);
  }
}

/** A stat's identity of a file or directory, and when it was taken (`at`: for a directory's, shared within a check). */
type Identity = { id: string; ctimeMs: number; at?: number };

/**
 * What `op` is about to list or read, as stat sees it: a directory for a listing, a file for a read; null when it is
 * not that now. For an `exists`: the directory the entry would be in, when there is no entry of that name at all
 * (lstat finds none: a dangling symbolic link is an entry whose target may appear, not vouched for). `dirs`: the
 * directories stat'ed so far in this check (a directory is often both listed and looked in).
 */
function identity(op: Observation["op"], p: string, dirs?: Map<string, Identity | null>): Identity | null {
  try {
    if (op === "exists") {
      // The directory first: an entry made after this lstat changes what that stat saw.
      const dir = dirIdentity(path.dirname(p), dirs);
      return dir && original.get("lstatSync")!(p, { throwIfNoEntry: false }) === undefined ? dir : null;
    }
    if (op === "list") return dirIdentity(p, dirs);
    const st = original.get("statSync")!(p, { throwIfNoEntry: false }) as fs.Stats | undefined;
    if (!st || op !== "read" || !st.isFile()) return null;
    return { id: `${st.dev}:${st.ino}:${st.ctimeMs}:${st.mtimeMs}:${st.size}`, ctimeMs: st.ctimeMs };
  } catch {
    return null;
  }
}

/** A directory as stat sees it (null when it is not one now), taken from `dirs` when it is there. */
function dirIdentity(dir: string, dirs?: Map<string, Identity | null>): Identity | null {
  // A listing's path may end in a separator (fdir's do), an entry's directory does not: the same directory.
  const key = dir.length > 1 && dir.endsWith(path.sep) ? dir.slice(0, -1) : dir;
  const known = dirs?.get(key);
  if (known !== undefined) return known;
  let found: Identity | null = null;
  const at = Date.now();
  try {
    const st = original.get("statSync")!(dir, { throwIfNoEntry: false }) as fs.Stats | undefined;
    if (st?.isDirectory()) found = { id: `${st.dev}:${st.ino}:${st.ctimeMs}:${st.mtimeMs}:`, ctimeMs: st.ctimeMs, at };
  } catch {
    // not a directory that can be looked at
  }
  dirs?.set(key, found);
  return found;
}

/** What identifies a read: the same call on the same path (a later one must give the same result). */
const keyOf = (op: Observation["op"], options: string, p: string): string => `${op}\0${options}\0${p}`;

/** What identifies an observation's read (two observations of the same read must give the same value). */
export const observationKey = (o: Observation): string => keyOf(o.op, o.options, o.path);

function note(op: Observation["op"], p: unknown, options: unknown, value: string, stat?: Observation["stat"]): void {
  const rec = current;
  if (!rec || rec.paused > 0) return;
  if (typeof p !== "string") {
    rec.unsound ??= `${op} of a non-path argument`;
    return;
  }
  const opts = optionsKey(op, options);
  const key = keyOf(op, opts, p);
  const seen = rec.observations.get(key);
  if (seen && seen.value !== value) rec.unsound ??= `${p} changed during the analysis`;
  if (!seen) rec.observations.set(key, stat ? { op, path: p, options: opts, value, stat } : { op, path: p, options: opts, value });
}

const MODELLED: Record<string, { op: Observation["op"]; value: (result: unknown) => string }> = {
  existsSync: { op: "exists", value: (r) => String(r) },
  statSync: { op: "stat", value: (r) => statValue(r as fs.Stats | undefined) },
  lstatSync: { op: "lstat", value: (r) => statValue(r as fs.Stats | undefined) },
  readFileSync: { op: "read", value: (r) => digest(r as string | Uint8Array) },
  readdirSync: { op: "list", value: (r) => listValue(r as unknown[]) },
  realpathSync: { op: "realpath", value: (r) => String(r) },
};

function wrap(name: string, fn: AnyFn): AnyFn {
  const model = MODELLED[name];
  return function (this: unknown, ...args: unknown[]): unknown {
    if (!current || current.paused > 0 || depth > 0) return fn.apply(this, args);
    depth++;
    try {
      if (!model) {
        current.unsound ??= `fs.${name} is not modelled`;
        return fn.apply(this, args);
      }
      // What is listed or read is looked at first: a change after this stat changes what the next stat sees.
      const statAt = Date.now();
      const st = (model.op === "list" || model.op === "read" || model.op === "exists") && typeof args[0] === "string" ? identity(model.op, args[0]) : null;
      const stat = st ? { id: st.id, ctimeMs: st.ctimeMs, statAt } : undefined;
      let result: unknown;
      try {
        result = fn.apply(this, args);
      } catch (e) {
        note(model.op, args[0], args[1], errorValue(e));
        throw e;
      }
      note(model.op, args[0], args[1], model.value(result), stat);
      return result;
    } finally {
      depth--;
    }
  };
}

/** The directory of the running code (the bundle's files sit together in dist/). */
const OWN_DIR = path.dirname(fileURLToPath(import.meta.url)) + path.sep;

/** Whether a path argument (a string or a file: URL) names a file of the running code. */
function isOwnCode(p: unknown): boolean {
  try {
    const file = p instanceof URL ? fileURLToPath(p) : typeof p === "string" ? (p.startsWith("file:") ? fileURLToPath(p) : path.resolve(p)) : null;
    return file !== null && file.startsWith(OWN_DIR) && /\.[cm]?js$/.test(file);
  } catch {
    return false;
  }
}

let installed = false;

/** Routes node:fs (and the ESM bindings of it) through the recorder; idempotent. */
function install(): void {
  if (installed) return;
  installed = true;
  const target = fs as unknown as Record<string, unknown>;
  for (const [name, fn] of original) target[name] = wrap(name, fn);
  const realpath = target.realpathSync as AnyFn & { native?: AnyFn };
  realpath.native = wrap("realpathSync", originalRealpathNative);
  // Promise-based reads are not modelled: an analysis that uses them cannot be vouched for. Except node's own
  // module loader reading a file of this tool's code (a dynamic import that runs during an analysis): the code is
  // not an input of the analysis (the stored result is keyed by the tool's files).
  const promises = fs.promises as unknown as Record<string, unknown>;
  for (const [name, v] of Object.entries(promises)) {
    if (typeof v !== "function") continue;
    const fn = v as AnyFn;
    promises[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (current && current.paused === 0 && depth === 0 && !isOwnCode(args[0])) current.unsound ??= `fs.promises.${name} is not modelled`;
      return fn.apply(this, args);
    };
  }
  syncBuiltinESMExports();
}

export interface RecordedInputs {
  observations: Observation[];
  unsound: string | null;
}

/**
 * Leaves out what another observation implies: a stat that found a directory where that directory's listing is
 * recorded too (a listing that still reads the same, by its stat or by its entries, is of a directory).
 */
function pruned(observations: Observation[]): Observation[] {
  const listed = new Set(observations.filter((o) => o.op === "list" && !o.value.startsWith("error ")).map((o) => o.path));
  return observations.filter((o) => !(o.op === "stat" && o.value === "dir" && listed.has(o.path)));
}

/**
 * The reads of an analysis that took what an earlier one found on disk (whose reads all held, just checked) with
 * its own: both sets vouch for its result. Null when a read gave another result this time (the tree changed
 * meanwhile): then nothing vouches for it.
 */
export function mergeObservations(earlier: Observation[], now: Observation[]): Observation[] | null {
  const merged = new Map(earlier.map((o) => [keyOf(o.op, o.options, o.path), o]));
  for (const o of now) {
    const key = keyOf(o.op, o.options, o.path);
    const before = merged.get(key);
    if (before && before.value !== o.value) return null;
    merged.set(key, o); // the later stat of what was listed or read is the one to keep
  }
  return pruned([...merged.values()]);
}

/** Runs `fn`, recording every file-system read it makes (except inside `untracked`). Not reentrant. */
export async function recordInputs<T>(fn: () => Promise<T>): Promise<{ value: T; inputs: RecordedInputs }> {
  if (current) throw new Error("recordInputs is not reentrant");
  install();
  const rec = new Recording();
  current = rec;
  try {
    const value = await fn();
    return { value, inputs: { observations: pruned([...rec.observations.values()]), unsound: rec.unsound } };
  } finally {
    current = null;
  }
}

/** Runs `fn` unrecorded: for reads whose results are accounted for otherwise (source files by content hash, the cache itself). */
export function untracked<T>(fn: () => T): T {
  const rec = current;
  if (!rec) return fn();
  rec.paused++;
  try {
    return fn();
  } finally {
    rec.paused--;
  }
}

/** The async form of `untracked`. */
export async function untrackedAsync<T>(fn: () => Promise<T>): Promise<T> {
  const rec = current;
  if (!rec) return fn();
  rec.paused++;
  try {
    return await fn();
  } finally {
    rec.paused--;
  }
}

/**
 * Every observation checked again: the first that no longer holds, or all of them, each one whose stat could not
 * vouch for it (too close to its change, another inode, none) but whose listing or read gives the same result
 * again given the stat taken just before that (`refreshed` of them): later checks can trust that stat instead.
 */
export function recheck(observations: Observation[]): { changed: Observation } | { observations: Observation[]; refreshed: number } {
  let out: Observation[] | null = null;
  let refreshed = 0;
  /** Directories stat'ed in this check; taken as they were for the rest of it (it is one look at the tree). */
  const dirs = new Map<string, Identity | null>();
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    const statAt = Date.now();
    // An entry found missing: the stat of its directory, taken without looking for the entry again.
    const missing = o.op === "exists" && o.value === "false";
    const now = o.op === "list" || o.op === "read" ? identity(o.op, o.path, dirs) : missing && o.stat ? dirIdentity(path.dirname(o.path), dirs) : null;
    // The same directory or file, unchanged since a stat taken well after its last change: it lists or reads the same
    // (a directory, no entry in it appeared).
    if (o.stat && now && !isRacy({ mtimeMs: o.stat.ctimeMs, statAt: o.stat.statAt }) && now.id === o.stat.id) continue;
    if (observe(o.op, o.path, o.options) !== o.value) return { changed: o };
    // Found missing again: whether it is missing as no entry at all (then its directory can vouch) is asked now.
    const fresh = missing ? identity("exists", o.path, dirs) : now;
    if (!fresh) continue;
    const at = Math.min(fresh.at ?? statAt, statAt); // a directory's stat may have been taken earlier in this check
    if (isRacy({ mtimeMs: fresh.ctimeMs, statAt: at })) continue;
    (out ??= observations.slice())[i] = { ...o, stat: { id: fresh.id, ctimeMs: fresh.ctimeMs, statAt: at } };
    refreshed++;
  }
  return { observations: out ?? observations, refreshed };
}

/** The first observation that no longer holds, or null when every read would give the same result again. */
export function firstChanged(observations: Observation[]): Observation | null {
  const checked = recheck(observations);
  return "changed" in checked ? checked.changed : null;
}
