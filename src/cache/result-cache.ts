// Reuse of a whole analysis. A result is stored with every input it read: each file-system read the analysis made
// (directory listings, configuration, the environment's metadata, sources read as text) and, for each Python
// file, its content hash and the digest of its facts. It is served again only when every read would give the same
// result and every Python file has the same facts (an edit that leaves the facts alone, like a comment, keeps it),
// or facts that differ only by lines moved in order, whose findings are then moved with them (line-shift.ts), or
// also by bindings of names the analysis never looked at (name-uses.ts), or also by inert imports added or removed
// (inert-imports.ts).
import { readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { AnalysisResult, AnalysisSeed, AnalyzeOptions } from "../analysis.js";
import type { ImportEdit, InertImports, StoredAnalysis } from "../inert-imports.js";
import type { Parser } from "web-tree-sitter";
import { MAX_FILE_BYTES } from "../parse/limits.js";
import { cacheKey } from "./key.js";
import { rulesDir } from "../rules.js";
import { contentHash, nameHash, outcomeDigest } from "./digest.js";
import { CACHE_DIR_NAME, FactsCache, isRacy, sameStamp, stampOf, type CacheEntry, type FileStamp } from "./facts-cache.js";
import { TOO_LARGE, type SourceInput } from "./sources.js";
import { cacheDirUsable, ensureCacheDir, readCacheFile, writeCacheFile } from "./store.js";
import { importsShift, lineShift, namesShift, shiftResult, type LineMap } from "./line-shift.js";
import { mergeNameUses, unobserved, type StoredNameUses } from "../resolve/name-uses.js";
import type { GraphRecord } from "../graph/graph-record.js";
import { mergeObservations, observationKey, recheck, recordInputs, untracked, type Observation } from "./inputs.js";
import { usePart } from "../code-parts.js";
import { packIdentities, packNameUses, packPairs, packSources, unpackIdentities, unpackNameUses, unpackPairs, unpackSources, type PackedIdentities, type PackedNameUses, type PackedPairs, type PackedSources } from "./packed.js";
import { clockMs } from "../clock.js";

const MAGIC = "import-doctor-results/5";
/** Stored results kept per repository (one per distinct set of options), most recently used first. */
const KEEP = 8;

export { TOO_LARGE, type SourceInput } from "./sources.js";

interface Stored {
  magic: string;
  key: string;
  /** Names this write of the result: a refresh (below) made for another write of it is not applied to this one. */
  generation: string;
  /** Names the analysis the result came from (kept when the result is rewritten): its seed file says it too. */
  seedId: string;
  observations: Observation[];
  sources: SourceInput[];
  /** Which module-level names of which files the analysis looked at. */
  names: StoredNameUses;
  /** Names the import graph as a whole, in a file of its own (`StoredGraph`); absent: an import added is analysed. */
  graphId?: string;
  result: AnalysisResult;
}

/** Environment variables the analysis reads (a test keeps this list in step with the code). */
export const ENV_INPUTS = ["VIRTUAL_ENV", "IMPORT_DOCTOR_PYTHON", "PATH", "PYENV_VERSION", "SETUPTOOLS_USE_DISTUTILS"] as const;

/**
 * The running code (every file beside this one: the CLI, its starter, the parser worker) and its data files, by
 * size and time: a rebuilt tool is another tool even at the same version.
 */
function toolFingerprint(): string {
  const files: string[] = [];
  for (const dir of [path.dirname(fileURLToPath(import.meta.url)), rulesDir()]) {
    try {
      for (const name of readdirSync(dir).sort()) files.push(path.join(dir, name));
    } catch {
      // no rules directory: the loads will fail on their own
    }
  }
  return files
    .map((f) => {
      try {
        const st = statSync(f);
        return `${f} ${st.size} ${st.mtimeMs}`;
      } catch {
        return `${f} absent`;
      }
    })
    .join("\n");
}

/** Everything besides files that decides the result: the tool, the options, the environment variables it reads. */
export function resultKey(root: string, opts: AnalyzeOptions): string {
  const { only, pythonVersion, pythonEnv, useConfig, configFile, select, ignore, impact, graph, deleted, fixes, upgrades } = opts;
  const env = Object.fromEntries(ENV_INPUTS.map((v) => [v, process.env[v] ?? null]));
  return JSON.stringify({ tool: cacheKey(), code: toolFingerprint(), node: process.version, root, env, options: { only, pythonVersion, pythonEnv, useConfig, configFile: configFile ?? null, select, ignore, impact: !!impact, graph: !!graph, deleted: deleted ?? [], fixes: !!fixes, upgrades: upgrades ?? {} } });
}

/**
 * `changed`: files whose bytes changed and whose facts did not, or moved by lines only (`moved` of them), `rebound`
 * of which also bind names differently that the analysis never looked at, `imports` of which also add or remove
 * inert imports.
 */
export type ReuseOutcome = { kind: "reused"; changed: number; moved: number; rebound: number; imports: number } | { kind: "analysed"; why: string; stored: boolean };

/** Whether imports added or removed are inert (inert-imports.ts): the reads and the name lookups made to know, or why not. */
export type CheckImports = (edits: ImportEdit[], seed: AnalysisSeed, stored: StoredAnalysis) => Promise<{ observations: Observation[]; names: StoredNameUses; graph: GraphRecord | null } | string>;

/** The stored form of `Stored`: its largest parts packed (packed.ts). */
type StoredForm = Omit<Stored, "sources" | "names" | "result"> & { sources: PackedSources; names: PackedNameUses; result: Omit<AnalysisResult, "identities"> & { identities: PackedIdentities } };

const toForm = (stored: Stored): StoredForm => ({ ...stored, sources: packSources(stored.sources), names: packNameUses(stored.names), result: { ...stored.result, identities: packIdentities(stored.result.identities) } });

/** The stored result in `data`, unpacked; null when it is not one of this key (throws when it is malformed). */
function fromForm(data: unknown, key: string): Stored | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as Record<string, unknown>;
  if (!(d.magic === MAGIC && d.key === key && typeof d.generation === "string" && typeof d.seedId === "string" && Array.isArray(d.observations) && typeof d.result === "object" && d.result !== null)) return null;
  const form = data as StoredForm;
  return { ...form, sources: unpackSources(form.sources), names: unpackNameUses(form.names), result: { ...form.result, identities: unpackIdentities(form.result.identities) } };
}

/** A graph record with its lists of files packed. */
type GraphForm = Omit<GraphRecord, "edges" | "importedAs"> & { edges: PackedPairs; importedAs: PackedPairs };

/**
 * Files edited since the result was written without changing its facts (a comment, a function body): their new
 * stat and content hash, so that the next run trusts their stat again instead of parsing them. Likewise the reads
 * of the analysis whose stat could not vouch for them (a directory listed just after it changed, as after a clone)
 * and that gave the same again: their new stat. Kept in a small file beside the result rather than rewriting the
 * result (megabytes on a large repository) at each such edit.
 */
interface Refresh {
  magic: string;
  generation: string;
  sources: SourceInput[];
  observations?: Observation[];
}

/** Past this many refreshed files, the result itself is rewritten with them (and the refresh file dropped). */
const MAX_REFRESHED = 256;

const REFRESH_MAGIC = "import-doctor-results-refresh";

function validRefresh(data: unknown, generation: string): data is Refresh {
  if (typeof data !== "object" || data === null) return false;
  const d = data as Record<string, unknown>;
  return d.magic === REFRESH_MAGIC && d.generation === generation && Array.isArray(d.sources) && (d.observations === undefined || (Array.isArray(d.observations) && d.observations.every(validRefreshedObservation)));
}

function validRefreshedObservation(o: unknown): o is Observation & { stat: NonNullable<Observation["stat"]> } {
  if (typeof o !== "object" || o === null) return false;
  const { op, path: p, options, value, stat } = o as Record<string, unknown>;
  if (typeof op !== "string" || typeof p !== "string" || typeof options !== "string" || typeof value !== "string" || typeof stat !== "object" || stat === null) return false;
  const { id, ctimeMs, statAt } = stat as Record<string, unknown>;
  return typeof id === "string" && typeof ctimeMs === "number" && typeof statAt === "number";
}

const SEED_MAGIC = "import-doctor-results-seed";

/**
 * What the stored result's analysis found on disk (its files, the directory listings it resolved with), in a file of
 * its own (read only when a source's facts changed): while every read that analysis made still gives the same, the
 * next analysis takes them instead of walking and listing the tree again.
 */
interface StoredSeed {
  magic: string;
  seedId: string;
  seed: AnalysisSeed;
}

const GRAPH_MAGIC = "import-doctor-results-graph/2";

/**
 * The import graph as a whole as the stored result has it (graph-record.ts), in a file of its own (read only when
 * an import was added): an import added that changes nothing else keeps the stored result (inert-imports.ts).
 */
interface StoredGraph {
  magic: string;
  graphId: string;
  graph: GraphForm;
}

/** A fresh generation name: time and randomness, unique enough among the writes of one file. */
const newGeneration = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** The parser, loaded (with its module) only when some file's content must be parsed again. */
interface ParserApi {
  parser: Parser;
  parseBytes: typeof import("../parse/parser.js").parseBytes;
}
async function loadParser(): Promise<ParserApi> {
  usePart("reparse");
  const { getParser, parseBytes } = await import("../parse/parser.js");
  return { parser: await getParser(), parseBytes };
}

/** A Python file whose size and time (or its racily clean state) say nothing: its content must be looked at. */
interface Suspect extends FileStamp {
  index: number;
  statAt: number;
}

/** First pass, by stat only: "differs" when a file is gone or no longer a file we would parse. */
function statPass(root: string, sources: SourceInput[]): Suspect[] | "differs" {
  const suspects: Suspect[] = [];
  // One time for the pass, taken before any of its stats: a stat's time is never later than it was, so a file that
  // changed just before its stat is still seen as too recent to trust (isRacy).
  const statAt = Date.now();
  // `rel` is a normalised relative path: joined by hand, as path.join would, without normalising it again per file.
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  for (let index = 0; index < sources.length; index++) {
    const s = sources[index]!;
    let st;
    try {
      st = statSync(s.rel.startsWith("/") ? s.rel : prefix + s.rel, { throwIfNoEntry: false });
    } catch {
      return "differs"; // unreadable now (permissions, a parent that is no longer a directory)
    }
    if (!st) return "differs";
    if (s.hash === TOO_LARGE) {
      if (st.size !== s.size) return "differs";
      continue;
    }
    if (sameStamp(st, s) && !isRacy(s)) continue;
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return "differs";
    suspects.push({ index, ...stampOf(st), statAt });
  }
  return suspects;
}

/**
 * Second pass, by content: the same bytes, else (parsed again) the same facts without syntax errors (those would
 * need CPython's verdict), else facts that differ in line numbers alone (compared with the facts cache's entry for
 * the facts the result was computed from), or also in the bindings of names the analysis never looked at
 * (`rebound`). Returns the file's state now (`holds`), with its new facts-cache entry whenever it was parsed
 * (`entry`).
 */
async function contentHolds(root: string, s: SourceInput, at: Suspect, parser: () => Promise<ParserApi>, facts: FactsCache, names: StoredNameUses): Promise<{ holds: false; entry?: CacheEntry } | { holds: true; now: SourceInput; entry?: CacheEntry; shift?: LineMap; rebound?: boolean; imports?: ImportEdit }> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.resolve(root, s.rel));
  } catch {
    return { holds: false };
  }
  const now = { ...s, ...stampOf(at), statAt: at.statAt, hash: contentHash(bytes) };
  if (now.hash === s.hash) return { holds: true, now };
  const api = await parser();
  const outcome = api.parseBytes(api.parser, bytes);
  const digest = outcomeDigest(outcome);
  const entry: CacheEntry = { ...stampOf(now), statAt: now.statAt, hash: now.hash, digest, outcome };
  if (outcome.kind === "ok" && outcome.facts.syntaxErrors.length > 0) return { holds: false, entry };
  if (digest === s.digest) return { holds: true, now, entry };
  const before = facts.peek(s.rel);
  if (before?.digest !== s.digest) return { holds: false, entry };
  const lines = lineShift(before.outcome, outcome);
  if (lines) return { holds: true, now: { ...now, digest }, entry, shift: lines };
  const shift = namesShift(before.outcome, outcome);
  if (shift) return unobserved(names, s.rel, shift.names) ? { holds: true, now: { ...now, digest }, entry, shift: shift.lines, rebound: true } : { holds: false, entry };
  // Holds if the statements are inert too, which the caller asks once for every file.
  const imports = importsShift(before.outcome, outcome);
  if (!imports || !unobserved(names, s.rel, imports.names)) return { holds: false, entry };
  return { holds: true, now: { ...now, digest }, entry, shift: imports.lines, rebound: true, imports: { rel: s.rel, added: imports.added, removed: imports.removed, before: before.outcome, after: outcome } };
}

export class ResultCache {
  private readonly file: string;

  constructor(
    private readonly root: string,
    private readonly key: string,
  ) {
    const dir = path.join(root, CACHE_DIR_NAME);
    this.file = path.join(dir, `results-${nameHash(key)}.bin`);
    this.usable = cacheDirUsable(dir);
  }

  /** A cache directory that is a symbolic link (or not a directory) is never read or written (store.ts). */
  private readonly usable: boolean;

  /** The refreshed sources `read` applied (kept to add to, rather than read again). */
  private refreshed: SourceInput[] = [];
  /** The refreshed observations `read` applied, by their key (likewise). */
  private refreshedObservations = new Map<string, Observation>();

  /** The stored result, with the refreshed sources and reads of its generation applied. */
  private read(): Stored | null {
    let stored: Stored;
    try {
      const bytes = this.usable ? readCacheFile(this.file) : null;
      if (!bytes) return null;
      const data = fromForm(deserialize(bytes), this.key);
      if (!data) return null;
      stored = data;
    } catch {
      return null; // missing, corrupt or foreign: analyse
    }
    const { sources: refreshed, observations: refreshedObservations } = this.readRefresh(stored.generation);
    this.refreshed = refreshed;
    this.refreshedObservations = new Map(refreshedObservations.map((o) => [observationKey(o), o]));
    if (this.refreshedObservations.size > 0) {
      // Only a read that gave what the result was computed from can be refreshed.
      const observations = stored.observations.map((o) => {
        const r = this.refreshedObservations.get(observationKey(o));
        return r && r.value === o.value ? r : o;
      });
      stored = { ...stored, observations };
    }
    if (refreshed.length > 0) {
      const index = new Map(stored.sources.map((s, i) => [s.rel, i]));
      const sources = [...stored.sources];
      for (const s of refreshed) {
        const i = index.get(s.rel);
        // Only a file whose facts are the ones the result was computed from can be refreshed.
        if (i !== undefined && sources[i]!.digest === s.digest) sources[i] = s;
      }
      stored = { ...stored, sources };
    }
    return stored;
  }

  /** The refreshes made for this generation of the result; none when missing, corrupt or another's. */
  private readRefresh(generation: string): { sources: SourceInput[]; observations: Observation[] } {
    try {
      const bytes = readCacheFile(this.refreshFile);
      const data: unknown = bytes ? JSON.parse(bytes.toString("utf8")) : null;
      if (validRefresh(data, generation)) return { sources: data.sources, observations: data.observations ?? [] };
    } catch {
      // missing or corrupt: none
    }
    return { sources: [], observations: [] };
  }

  /**
   * Records files and reads refreshed since the result was written (those of `observations` that differ from
   * `before`, added to the ones already refreshed), beside it (atomically); false when it cannot.
   */
  private writeRefresh(generation: string, sources: SourceInput[], before: Observation[], observations: Observation[]): boolean {
    const refreshedObservations = new Map(this.refreshedObservations);
    observations.forEach((o, i) => {
      if (o !== before[i]) refreshedObservations.set(observationKey(o), o);
    });
    try {
      if (!this.usable) return false;
      const refresh: Refresh = { magic: REFRESH_MAGIC, generation, sources, ...(refreshedObservations.size > 0 ? { observations: [...refreshedObservations.values()] } : {}) };
      writeCacheFile(this.refreshFile, JSON.stringify(refresh));
      return true;
    } catch {
      return false;
    }
  }

  private get refreshFile(): string {
    return this.file.replace(/\.bin$/, ".refresh.json");
  }

  private get graphFile(): string {
    return this.file.replace(/\.bin$/, ".graph.bin");
  }

  /** The import graph named `graphId`; null when missing, corrupt or another result's. */
  private readGraph(graphId: string): GraphRecord | null {
    try {
      const bytes = this.usable ? readCacheFile(this.graphFile) : null;
      if (!bytes) return null;
      const data = deserialize(bytes) as StoredGraph;
      if (data?.magic !== GRAPH_MAGIC || data.graphId !== graphId || typeof data.graph !== "object" || data.graph === null) return null;
      return { ...data.graph, edges: unpackPairs(data.graph.edges, "edges"), importedAs: unpackPairs(data.graph.importedAs, "importedAs") };
    } catch {
      return null;
    }
  }

  /** Writes the import graph under a new name (atomically), which the result then names; null when it cannot. */
  private writeGraph(graph: GraphRecord): string | null {
    try {
      const graphId = newGeneration();
      ensureCacheDir(path.dirname(this.graphFile));
      writeCacheFile(this.graphFile, serialize({ magic: GRAPH_MAGIC, graphId, graph: { ...graph, edges: packPairs(graph.edges), importedAs: packPairs(graph.importedAs) } } satisfies StoredGraph));
      return graphId;
    } catch {
      return null;
    }
  }

  private get seedFile(): string {
    return this.file.replace(/\.bin$/, ".seed.bin");
  }

  /** The seed of the analysis named `seedId`; null when missing, corrupt or another analysis's. */
  readSeed(seedId: string): AnalysisSeed | null {
    try {
      const bytes = this.usable ? readCacheFile(this.seedFile) : null;
      if (!bytes) return null;
      const data = deserialize(bytes) as StoredSeed;
      return data?.magic === SEED_MAGIC && data.seedId === seedId && typeof data.seed === "object" && data.seed !== null ? data.seed : null;
    } catch {
      return null;
    }
  }

  private write(stored: Omit<Stored, "generation">): boolean {
    try {
      const dir = path.dirname(this.file);
      ensureCacheDir(dir);
      writeCacheFile(this.file, serialize(toForm({ ...stored, generation: newGeneration() })));
      // The refreshes of the generation just replaced are in it (or stale): a new generation ignores them anyway.
      rmSync(this.refreshFile, { force: true });
      // Keep the most recently used few.
      const others = readdirSync(dir)
        .filter((n) => /^results-[0-9a-f]+\.bin$/.test(n))
        .map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs }))
        .sort((a, b) => b.t - a.t);
      for (const { n } of others.slice(KEEP)) {
        rmSync(path.join(dir, n), { force: true });
        rmSync(path.join(dir, n.replace(/\.bin$/, ".refresh.json")), { force: true });
        rmSync(path.join(dir, n.replace(/\.bin$/, ".seed.bin")), { force: true });
        rmSync(path.join(dir, n.replace(/\.bin$/, ".graph.bin")), { force: true });
      }
      return true;
    } catch {
      return false; // a read-only tree goes without
    }
  }

  /** Marks the stored result as used now: the ones kept are the most recently used. */
  private touch(): void {
    try {
      const now = new Date();
      utimesSync(this.file, now, now);
    } catch {
      // read-only: it stays as old as it was
    }
  }

  /**
   * The stored result when every input holds, with the findings of files whose lines only moved moved with them
   * (the stored copy is refreshed: new stats, moved findings); else why not, with the facts of every file parsed
   * to know (the analysis that follows takes them instead of parsing those files again). `checkImports` says
   * whether imports added or removed are inert, with the reads it made to know, or why not (without it, they are not).
   */
  async reuse(checkImports?: CheckImports): Promise<{ result: AnalysisResult; sources: SourceInput[]; changed: number; moved: number; rebound: number; imports: number } | { why: string; parsed?: Map<string, CacheEntry>; holding?: Stored }> {
    const stored = this.read();
    if (!stored) return { why: "no stored result" };
    const suspects = statPass(this.root, stored.sources);
    if (suspects === "differs") return { why: "a Python file is gone or changed kind" };
    if (suspects.length === 0) {
      const checked = recheck(stored.observations);
      if ("changed" in checked) return { why: `${checked.changed.op} ${checked.changed.path} differs` };
      // Reads that held without their stat vouching for them: their new stat does, from the next run on.
      if (checked.refreshed > 0) this.writeRefresh(stored.generation, this.refreshed, stored.observations, checked.observations);
      this.touch();
      return { result: stored.result, sources: stored.sources, changed: 0, moved: 0, rebound: 0, imports: 0 };
    }
    // The grammar (some 40 ms) loads only when a file's bytes differ: a file that is only racily clean (edited
    // just before the result was stored) is most often the same bytes. Once loading, it is loaded before
    // returning either way, so that its reads never fall inside the recording of an analysis that follows.
    const grammar: { loading: Promise<ParserApi> | null } = { loading: null };
    const parser = (): Promise<ParserApi> => (grammar.loading ??= loadParser());
    try {
      const checked = recheck(stored.observations);
      if ("changed" in checked) return { why: `${checked.changed.op} ${checked.changed.path} differs` };
      // The analysis that may follow keeps the reads with their new stats.
      const holding: Stored = { ...stored, observations: checked.observations };
      let changed = 0;
      const sources = [...stored.sources];
      const facts = new FactsCache(path.join(this.root, CACHE_DIR_NAME), cacheKey());
      let result = stored.result;
      const parsed = new Map<string, CacheEntry>();
      const shifted: string[] = [];
      const edits: ImportEdit[] = [];
      let rebound = 0;
      for (const at of suspects) {
        const rel = stored.sources[at.index]!.rel;
        const state = await contentHolds(this.root, stored.sources[at.index]!, at, parser, facts, stored.names);
        if (state.entry) parsed.set(rel, state.entry);
        // Every read of the stored analysis holds (above): what it found on disk can be taken again.
        if (!state.holds) return { why: `facts of ${rel} differ`, parsed, holding };
        if (state.entry) changed++;
        if (state.shift) {
          const moved = shiftResult(result, rel, state.shift);
          if (!moved) return { why: `lines of ${rel} moved under a finding that cannot move with them`, parsed, holding };
          result = moved;
          shifted.push(rel);
          if (state.rebound) rebound++;
        }
        if (state.imports) edits.push(state.imports);
        sources[at.index] = state.now;
      }
      let observations = checked.observations;
      let names = stored.names;
      let graphId = stored.graphId;
      if (edits.length > 0) {
        const rels = edits.map((e) => e.rel).join(", ");
        // A fix may be placed by the file's imports (after the last one): only a result without fixes there holds.
        if (stored.result.diagnostics.some((d) => d.fix && edits.some((e) => d.path === e.rel || [d.fix!, ...(d.alternatives ?? [])].some((f) => f.edits.some((x) => x.path === e.rel))))) return { why: `imports of ${rels} changed where a fix edits`, parsed, holding };
        const seed = this.readSeed(stored.seedId);
        const storedGraphId = stored.graphId;
        const analysis: StoredAnalysis = {
          // The graph file is the cache's own, not an input (read while the check's reads are recorded).
          graph: () => (storedGraphId ? untracked(() => this.readGraph(storedGraphId)) : null),
          identities: stored.result.identities,
          scripts: new Set(stored.result.scripts ?? []),
          ownDirLast: new Set(stored.result.ownDirLast ?? []),
          digests: new Map(stored.sources.map((x) => [x.rel, x.digest])),
          changed: new Set(stored.sources.filter((x) => parsed.has(x.rel) && parsed.get(x.rel)!.digest !== x.digest).map((x) => x.rel)),
        };
        const verdict = checkImports && seed ? await checkImports(edits, seed, analysis) : "not checked";
        if (typeof verdict === "string") return { why: `imports of ${rels} changed (${verdict})`, parsed, holding };
        const merged = mergeObservations(observations, verdict.observations);
        if (!merged) return { why: `imports of ${rels} changed (the tree changed meanwhile)`, parsed, holding };
        observations = merged;
        names = mergeNameUses(stored.names, verdict.names);
        // The imports added reach first-party modules: later imports are judged by the graph with them in it.
        if (verdict.graph) graphId = this.writeGraph(verdict.graph) ?? undefined;
      }
      if (shifted.length === 0) {
        // Only stats and hashes are new: they go beside the result, which stays as it is.
        const refreshed = new Map(this.refreshed.map((s) => [s.rel, s]));
        for (const at of suspects) refreshed.set(sources[at.index]!.rel, sources[at.index]!);
        if (refreshed.size <= MAX_REFRESHED && this.writeRefresh(stored.generation, [...refreshed.values()], stored.observations, observations)) {
          this.touch();
          return { result, sources, changed, moved: 0, rebound: 0, imports: 0 };
        }
      }
      // The facts cache holds the moved facts, so that the next edit of the file is compared with them (when it
      // cannot be written, that edit is analysed again: the cache's entry no longer matches the stored digest).
      for (const rel of shifted) facts.put(rel, parsed.get(rel)!);
      const { graphId: _old, ...rest } = stored;
      this.write({ ...rest, observations, names, sources, result, ...(graphId ? { graphId } : {}) });
      return { result, sources, changed, moved: shifted.length, rebound, imports: edits.length };
    } finally {
      await grammar.loading?.catch(() => null);
    }
  }

  store(observations: Observation[], sources: SourceInput[], names: StoredNameUses, result: AnalysisResult): boolean {
    if (!this.usable) return false;
    const { timings: _t, sources: _s, seed, nameUses: _n, graphRecord: graph, ...rest } = result;
    const seedId = newGeneration();
    const graphId = graph ? this.writeGraph(graph) : null;
    const stored: Omit<Stored, "generation"> = { magic: MAGIC, key: this.key, seedId, observations, sources, names, ...(graphId ? { graphId } : {}), result: { ...rest, timings: zeroTimings() } as AnalysisResult };
    if (!this.write(stored)) return false;
    try {
      if (seed) {
        writeCacheFile(this.seedFile, serialize({ magic: SEED_MAGIC, seedId, seed } satisfies StoredSeed));
      } else rmSync(this.seedFile, { force: true });
    } catch {
      // without a seed, the next analysis reads the tree again
    }
    return true;
  }
}

function zeroTimings(): AnalysisResult["timings"] {
  return { discover: 0, read: 0, parse: 0, extract: 0, load: 0, resolve: 0, check: 0, parsed: 0, cached: 0, workers: 0 };
}

type Analyze = (o: AnalyzeOptions) => Promise<AnalysisResult>;

/** Each Python file's content hash, by root-relative path (a file too large to parse has none), built when asked. */
function contentHashes(sources: SourceInput[]): () => Map<string, string> {
  return () => {
    const out = new Map<string, string>();
    for (const s of sources) if (s.hash !== TOO_LARGE && s.hash !== "") out.set(s.rel, s.hash);
    return out;
  };
}

/**
 * `analyze` with its whole result kept in `<root>/.import-doctor-cache/`: served again while its inputs hold,
 * else computed (recording its inputs) and stored. `loadAnalyze` gives the analysis code, loaded only when it
 * runs (a reused result never loads it) and before the recording starts (loading code is not an input). The result
 * comes with how it was had and, when every Python file was vouched for, each one's content hash (by which the text
 * report's code frames are kept: frames-cache.ts).
 */
export async function analyzeReusing(opts: AnalyzeOptions, loadAnalyze: () => Promise<Analyze>, loadInert?: () => Promise<InertImports>): Promise<AnalysisResult & { reuse: ReuseOutcome; contentHashes?: () => Map<string, string> }> {
  const started = clockMs();
  let root: string;
  try {
    root = realpathSync(path.resolve(opts.root));
  } catch {
    const result = await (await loadAnalyze())(opts);
    return { ...result, reuse: { kind: "analysed", why: "root unreadable", stored: false } };
  }
  const cache = new ResultCache(root, resultKey(root, opts));
  const checkImports: CheckImports | undefined = loadInert
    ? async (edits, seed, stored) => {
        const inert = await loadInert(); // loading code is not an input
        let recorded;
        try {
          recorded = await recordInputs(() => inert({ root, pythonVersion: opts.pythonVersion, pythonEnv: opts.pythonEnv, useConfig: opts.useConfig, configFile: opts.configFile, seed }, edits, stored));
        } catch (e) {
          return `the check failed: ${(e as Error).message}`; // the analysis that follows reports what it meets
        }
        const { value, inputs } = recorded;
        if (typeof value === "string") return value;
        return inputs.unsound ? `not recorded: ${inputs.unsound}` : { observations: inputs.observations, ...value };
      }
    : undefined;
  const reused = await cache.reuse(checkImports);
  if ("result" in reused) {
    usePart("served");
    const durationMs = Math.round(clockMs() - started);
    const files = reused.result.files;
    return { ...reused.result, durationMs, timings: { ...zeroTimings(), cached: files }, reuse: { kind: "reused", changed: reused.changed, moved: reused.moved, rebound: reused.rebound, imports: reused.imports }, contentHashes: contentHashes(reused.sources) };
  }
  const analyze = await loadAnalyze();
  // When every read of the stored analysis still holds (only sources changed), what it found on disk is taken
  // again; its reads then vouch for the new result together with the new analysis's own.
  const seed = reused.holding ? cache.readSeed(reused.holding.seedId) : null;
  // Files parsed to compare them: the analysis takes their facts rather than parse them again.
  const { value: result, inputs } = await recordInputs(() => analyze({ ...opts, cache: true, parsed: reused.parsed, ...(seed ? { seed } : {}) }));
  const observations = seed ? mergeObservations(reused.holding!.observations, inputs.observations) : inputs.observations;
  let stored = false;
  let why = seed ? `${reused.why} (files and listings of the stored analysis taken)` : reused.why;
  if (inputs.unsound) why = `${why}; not stored: ${inputs.unsound}`;
  else if (!observations) why = `${why}; not stored: the tree changed during the analysis`;
  else if (!result.sources) why = `${why}; not stored: some files were not parsed`;
  else if (!result.nameUses) why = `${why}; not stored: the names it looked at were not recorded`;
  else stored = cache.store(observations, result.sources, result.nameUses, result);
  const { sources: _s, seed: _seed, nameUses: _n, graphRecord: _g, ...rest } = result;
  return { ...rest, reuse: { kind: "analysed", why, stored }, ...(result.sources ? { contentHashes: contentHashes(result.sources) } : {}) };
}
