// What an analysis is asked and what it answers: the types the pipeline, its caches and its callers share (kept
// apart from analyze.ts so that the caches that wrap the pipeline need not import it).
import type { CacheEntry, FactsCache } from "./cache/facts-cache.js";
import type { SourceInput } from "./cache/sources.js";
import type { RawDiagnostic } from "./diagnostic.js";
import type { Discovery } from "./discover/files.js";
import type { GraphRecord } from "./graph/graph-record.js";
import type { RootCause } from "./graph/impact.js";
import type { ModuleGraph } from "./graph/module-graph.js";
import type { Listings } from "./resolve/fs.js";
import type { StoredNameUses } from "./resolve/name-uses.js";
import type { FileAnalysis } from "./checks/types.js";
import type { ParseOutcome } from "./parse/facts.js";

export type ProgressPhase = "parse" | "resolve" | "simulate" | "check";

export interface AnalyzeOptions {
  root: string;
  /**
   * Where the configuration's relative paths (roots, python-env) are resolved from, when `root` is a copy of it (the
   * fix engine's staged copy): those inside it are taken in the copy, those outside it as they are.
   */
  configRoot?: string;
  /** Only diagnostics in these repo-relative paths (files or directories) are reported; empty = all. */
  only: string[];
  pythonVersion: string | null;
  pythonEnv: string | null;
  useConfig: boolean;
  /** `--config FILE`: the settings' file instead of the root's pyproject.toml (absolute). */
  configFile?: string | null;
  select: string[] | null;
  ignore: string[];
  /** `--upgrade DIST==VERSION`: the version of each (normalised) distribution to check the imports against. */
  upgrades?: Record<string, string>;
  /** Also compute which tests and modules each root cause blocks (`check --impact`). */
  impact?: boolean;
  /** Also build the module graph (`import-doctor graph`). */
  graph?: boolean;
  /** Root-relative files the change deletes (pre-commit): diagnostics anywhere that exist because of them are kept too. */
  deleted?: string[];
  /** Keep per-file facts in `<root>/.import-doctor-cache/` and reuse those of unchanged files (default: off). */
  cache?: boolean;
  /** Facts the caller has just parsed, by root-relative path (the result cache parses a changed file to compare
   * it): taken like facts-cache entries, not parsed again (used only with `cache`). */
  parsed?: Map<string, CacheEntry>;
  /** Parser threads (default 1: parse inline); "cores": one per core. */
  threads?: number | "cores";
  /** Compute a fix for each diagnostic that has one (`check --diff/--fix`, and shown in every report). */
  fixes?: boolean;
  /** Progress: files parsed (cached ones included) or resolved of the total; the simulation of circular imports and
   * the checks, when they start (total 0). */
  onProgress?: (done: number, total: number, phase?: ProgressPhase) => void;
  /** What an earlier analysis found on disk, when every read it made still gives the same (the result cache
   * vouches for that): its files and directory listings are taken instead of being read again. */
  seed?: AnalysisSeed;
  /** Files as an editor holds them (unsaved buffers), by root-relative path: their text, and its facts parsed by
   * the caller, stand for the file's on disk (which the facts cache keeps); fixes are made against the text. */
  overlay?: Map<string, { text: string; outcome: ParseOutcome }>;
  /** With `cache`: the facts cache to use, loaded already and kept by the caller between analyses (the language
   * server), instead of one read from disk. */
  factsCache?: FactsCache;
  /** Keep each file's context and import results in the answer (`AnalysisResult.kept`: the language server's
   * hover and go-to-definition read them). */
  keep?: boolean;
}

/** The file-system side of an analysis: which files it analysed and the directory listings it resolved with. */
export interface AnalysisSeed {
  discovery: Discovery;
  listings: Listings;
}

/** Wall milliseconds per phase; read, parse and extract are summed over files (CPU time across threads). */
export interface Timings {
  discover: number;
  read: number;
  parse: number;
  extract: number;
  /** Wall time of the whole read+parse+extract phase, cache included. */
  load: number;
  resolve: number;
  check: number;
  /** Files parsed in this run, and files whose facts came from the cache. */
  parsed: number;
  cached: number;
  /** Worker threads the files were parsed in (0: on the main thread). */
  workers: number;
}

export interface AnalysisResult {
  root: string;
  pythonVersion: string;
  diagnostics: RawDiagnostic[];
  files: number;
  /** The module name (and its sys.path root) each analysed file's diagnostics assume, by repo-relative path. */
  identities: Map<string, { name: string; root: string } | null>;
  /** Files judged as scripts (`python <path>`), alone or beside their module context, by repo-relative path. */
  scripts?: string[];
  /** Modules outside packages and roots that search their own directory last (src/scripts/contexts.ts). */
  ownDirLast?: string[];
  /** With `keep`: every file's context, facts and import results. */
  kept?: FileAnalysis[];
  durationMs: number;
  /** Root causes with the tests and modules they block, by blast radius (only with `impact: true`). */
  impact?: RootCause[];
  /** The eager import graph (only with `graph: true`). */
  graph?: ModuleGraph;
  /**
   * With `fixes: true`: error and warning findings by `code\0path`, counted before a failure that runs first masks
   * the ones after it (a fix that removes a failure reveals the next one; it does not cause it).
   */
  findingCounts?: Map<string, number>;
  /**
   * With `cache: true`: every analysed Python file as it was read (stat, content hash, facts digest), for the
   * result cache; null when some file cannot be vouched for (unreadable).
   */
  sources?: SourceInput[] | null;
  /** With `cache: true`: what the analysis found on disk, for a later analysis of the same unchanged tree. */
  seed?: AnalysisSeed;
  /** With `cache: true`: which module-level names of which files the analysis looked at. */
  nameUses?: StoredNameUses;
  /** With `cache: true`: the import graph as a whole (graph-record.ts). */
  graphRecord?: GraphRecord;
  /** Said once per run, apart from the findings: a lock file that is not used, and why. */
  notices?: string[];
  timings: Timings;
}
