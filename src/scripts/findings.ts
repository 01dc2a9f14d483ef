// What fails when a module that is also a script runs as one: its imports analysed in the script context, minus
// what its module context already reports (the same rule, place and message).
import path from "node:path";
import type { CheckContext, FileAnalysis } from "../checks/types.js";
import type { SimulationResult } from "../graph/simulate.js";
import type { FileContext } from "../discover/contexts.js";
import type { RawFinding } from "../graph/order-effects.js";
import type { ImportStatement } from "../parse/facts.js";
import type { ImportResult } from "../resolve/imports.js";

export interface ScriptFindingInputs {
  byAbs: Map<string, FileAnalysis>;
  /** Every finding of the primary contexts. */
  raw: RawFinding[];
  analyze(ctx: FileContext, stmt: ImportStatement): ImportResult;
  /** Adds the gated findings of one way a file runs (with the circular imports of that run). */
  diagnose(f: FileAnalysis, into: RawFinding[], circular: CheckContext["circular"]): void;
  /** The run simulated from a fresh interpreter. */
  simulate(run: FileAnalysis): SimulationResult;
}

const keyOf = (x: RawFinding): string => `${x.d.path}\0${x.d.code}\0${x.d.line}\0${x.d.column}\0${x.d.message}`;

/**
 * `contexts`: script contexts of modules, analysed here; `imported`: files a script's run imports, analysed already
 * under its sys.path (simulation.ts).
 */
export function scriptFindings(contexts: FileContext[], inputs: ScriptFindingInputs, imported: FileAnalysis[] = []): RawFinding[] {
  if (contexts.length === 0 && imported.length === 0) return [];
  const known = new Set(inputs.raw.map(keyOf));
  const out: RawFinding[] = [];
  const keep = (found: RawFinding[]): void => {
    for (const x of found) {
      if (known.has(keyOf(x))) continue;
      known.add(keyOf(x));
      out.push(x);
    }
  };
  // Every circular import the script runs met, by statement: one in a file a run imports is reported there.
  const metAll: CheckContext["circular"] = new Map();
  for (const ctx of contexts) {
    const f = inputs.byAbs.get(ctx.abs);
    if (!f?.facts) continue;
    const run: FileAnalysis = { ...f, ctx, results: f.facts.imports.map((stmt) => inputs.analyze(ctx, stmt)) };
    const found: RawFinding[] = [];
    // Its own circular imports (a script named like the module it imports imports itself): those of its statements.
    const circular: CheckContext["circular"] = new Map();
    const met = inputs.simulate(run).circular;
    if (met) {
      const entry = [{ ...met, entries: [{ name: "__main__", script: { shown: ctx.script ?? ctx.rel, dir: path.dirname(ctx.abs) } }] }];
      circular.set(met.stmt, entry);
      if (!metAll.has(met.stmt)) metAll.set(met.stmt, entry);
    }
    inputs.diagnose(run, found, circular);
    keep(found);
  }
  // After the script runs above: their simulations add to `imported`.
  for (const run of imported) {
    const found: RawFinding[] = [];
    inputs.diagnose(run, found, metAll);
    keep(found);
  }
  return out;
}
