// Scripts in the circular-import simulation. A script's process has its directory first on sys.path, for every module
// it imports: `src/util/models.py`'s `import requests` finds `scripts/requests.py` when `python scripts/x.py` runs.
// So the files a script's run reaches are simulated as that sys.path makes them: only those with an import whose
// top-level name the script's directory holds differ from their own analysis, and only those are analysed again.
import path from "node:path";
import type { FileAnalysis } from "../checks/types.js";
import { moduleNameFrom, type FileContext } from "../discover/contexts.js";
import type { ScriptSimulation } from "../graph/circular.js";
import type { SimFile, SimulationSource } from "../graph/simulate.js";
import type { ImportStatement, ModuleFacts } from "../parse/facts.js";
import type { FsView } from "../resolve/fs.js";
import type { ImportResult } from "../resolve/imports.js";

export interface ScriptSimulationInputs {
  files: FileAnalysis[];
  byAbs: Map<string, FileAnalysis>;
  fs: FsView;
  analyze(ctx: FileContext, stmt: ImportStatement): ImportResult;
  simFile(abs: string, facts: ModuleFacts, results: ImportResult[]): SimFile;
}

export interface ScriptSources extends ScriptSimulation {
  /** The files the simulations of scripts analysed again under a script's sys.path, as they ran there. */
  runs: FileAnalysis[];
  /** The source for a module's script run: its own body as the run's results have it. */
  sourceForRun(run: FileAnalysis, base: SimulationSource): SimulationSource;
}

/** Top-level module names a directory provides (`x.py`, `x/`, `x.cpython-311-x86_64-linux-gnu.so`, …). */
function namesIn(fs: FsView, dir: string): Set<string> {
  const out = new Set<string>();
  for (const [name, kind] of fs.list(dir)) out.add(kind === "dir" ? name : name.split(".")[0]!);
  return out;
}

export function scriptSimulation(inputs: ScriptSimulationInputs): ScriptSources {
  const { files, byAbs, fs } = inputs;
  const imported = new Set<string>();
  for (const f of files) for (const s of f.facts?.imports ?? []) if (s.level === 0 && !s.future) imported.add(s.module.split(".")[0]!);
  const names = new Map<string, Set<string>>();
  const namesOf = (dir: string): Set<string> => names.get(dir) ?? names.set(dir, namesIn(fs, dir)).get(dir)!;
  /** Whether the directory first on a script's sys.path holds a name some first-party import asks for. */
  const shadows = (dir: string): boolean => [...namesOf(dir)].some((n) => imported.has(n));

  // Each directory's files as its scripts' sys.path makes them (null: as their own analysis has them).
  const runs: FileAnalysis[] = [];
  const derived = new Map<string, Map<string, SimFile | null>>();
  const derivedFile = (ctx: FileContext, abs: string): SimFile | null => {
    const dir = path.dirname(ctx.abs);
    const byFile = derived.get(dir) ?? derived.set(dir, new Map()).get(dir)!;
    if (byFile.has(abs)) return byFile.get(abs)!;
    let sim: SimFile | null = null;
    const f = byAbs.get(abs);
    const here = namesOf(dir);
    const sameSearch = f?.ctx.script !== undefined && path.dirname(f.ctx.abs) === dir;
    if (f?.facts && !sameSearch && f.facts.imports.some((s) => s.level === 0 && here.has(s.module.split(".")[0]!))) {
      // A file of the script's directory is imported by its name there (`requests`, not `scripts.requests`).
      const there = moduleNameFrom(dir, abs);
      const seen: FileContext = { ...f.ctx, identities: there ? [there] : f.ctx.identities, search: ctx.search, describe: ctx.describe };
      const results = f.facts.imports.map((s) => inputs.analyze(seen, s));
      sim = inputs.simFile(abs, f.facts, results);
      runs.push({ ...f, ctx: seen, results });
    }
    byFile.set(abs, sim);
    return sim;
  };
  const sources = new Map<string, SimulationSource>();
  const sourceFor = (ctx: FileContext, base: SimulationSource): SimulationSource => {
    const dir = path.dirname(ctx.abs);
    let src = sources.get(dir);
    if (!src) sources.set(dir, (src = { ...base, file: (abs) => derivedFile(ctx, abs) ?? base.file(abs) }));
    return src;
  };
  return {
    runs,
    entries: files.filter((f) => f.ctx.script !== undefined && f.facts && shadows(path.dirname(f.ctx.abs))).map((f) => f.ctx.abs),
    sourceFor,
    sourceForRun: (run, base) => {
      const own = inputs.simFile(run.ctx.abs, run.facts!, run.results);
      const src = sourceFor(run.ctx, base);
      return { ...src, file: (abs) => (abs === run.ctx.abs ? own : src.file(abs)) };
    },
  };
}
