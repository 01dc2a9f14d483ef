// What every rule sees (facts, contexts, resolutions, project data) and what it returns (findings, gated later).
import type { DeclaredDependencies } from "../config/dependencies.js";
import type { Settings } from "../config/settings.js";
import type { FileContext } from "../discover/contexts.js";
import type { Severity } from "../diagnostic.js";
import type { CircularEntry, CircularFinding } from "../graph/simulate.js";
import type { ImportContext, ImportStatement, ModuleFacts, ParseOutcome, Range } from "../parse/facts.js";
import type { PythonEnvironment } from "../resolve/environment.js";
import type { FsView } from "../resolve/fs.js";
import type { ImportResult } from "../resolve/imports.js";
import type { NameUses } from "../resolve/name-uses.js";
import type { Stdlib } from "../resolve/stdlib.js";
import type { DeprecatedCatalogue } from "./deprecations.js";
import type { RemovedNames } from "./removed-names.js";
import type { DistributionVersions } from "./versions.js";
import type { ThirdPartyIndex } from "./third-party.js";

export interface FileAnalysis {
  ctx: FileContext;
  outcome: ParseOutcome;
  facts: ModuleFacts | null;
  results: ImportResult[];
}

export interface CheckContext {
  root: string;
  version: string;
  minor: number;
  files: FileAnalysis[];
  stdlib: Stdlib;
  deps: DeclaredDependencies;
  env: PythonEnvironment | null;
  thirdParty: ThirdPartyIndex;
  deprecated: DeprecatedCatalogue;
  /** Names and modules releases removed or moved (rules/removed-names.json). */
  removed: RemovedNames;
  /** The version of each distribution the code runs against (checks/versions.ts). */
  versions: DistributionVersions;
  /** Whether some first-party file assigns `x.<name> = ...`: the name may then exist on any module, stdlib ones too. */
  mayBeStored(name: string): boolean;
  settings: Settings;
  fs: FsView;
  /** From-imports that, in every simulated order, run while their module is still initializing (IMP007's wording applies). */
  onlyWhileInitializing: Set<ImportStatement>;
  /** From-imports the simulation ran at least once after their module had finished initializing. */
  ranAfterInitialized: Set<ImportStatement>;
  /** Whether a module binds a name depending on the import order (a star import within its cycle): IMP007's simulation judges those. */
  orderDependent(file: string, name: string): boolean;
  /** Whether two files are on the same import cycle. */
  inSameCycle(a: string, b: string): boolean;
  /** Circular-import failures found by simulation, by the failing statement. */
  circular: Map<ImportStatement, (CircularFinding & { entries: CircularEntry[] })[]>;
  /** Facts of an analysed first-party file by absolute path. */
  factsOf(abs: string): ModuleFacts | null;
  /** Files with a module-level definition (def, class, assignment) of `name`: where else a missing name exists. */
  definedIn(name: string): string[];
  /** Hears of every look at a module's names that does not go through the binding index (see name-uses.ts). */
  nameUses: NameUses;
}

/** A raw finding of one rule on one import statement, before guards and context decide its severity. */
export interface Finding {
  range: Range;
  message: string;
  runtimeError: string | null;
  /** The exception class CPython raises, or null when nothing is raised (deprecation warnings). */
  errorClass: "ModuleNotFoundError" | "ImportError" | "AttributeError" | "TypeError" | null;
  name: string | null;
  notes: string[];
  /** Severity when the import runs unconditionally at import time. */
  severity: Severity;
  /** Replaces the file's own context when the failure depends on an entry point (circular imports). */
  contextOverride?: string;
  /** For a failure of code other than the import statement (an attribute read): where it runs, and its lines. */
  site?: { context: ImportContext; lines: [number, number] };
  /** The top-level module was found nowhere: a sys.path edit in the file or its conftest.py files could change that. */
  dependsOnSearchPath?: boolean;
}

export interface RuleMeta {
  code: string;
  name: string;
  summary: string;
  /** Markdown docs: what it does, why it matters, example. */
  docs: string;
}

export interface ImportRule extends RuleMeta {
  detect(result: ImportResult, file: FileAnalysis, cc: CheckContext): Finding[];
}
