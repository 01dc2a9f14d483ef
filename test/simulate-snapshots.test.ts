// Snapshots of the circular-import simulation (simulate.ts): a simulation that begins from the state an earlier one
// left after importing the same parents must end exactly as one that runs them again. Checked on repositories made
// of large import cycles (package __init__ files that import their package, from-imports of names bound late,
// guarded imports that fail and run again), and on the differential generator's repositories; and those cycles
// against python3.
import { rmSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { analyze, type AnalysisResult, type AnalyzeOptions } from "../src/analyze.js";
import type { ImportStatement } from "../src/parse/facts.js";
import { OutcomeUnion, useSnapshots, type Inherited, type SimulationResult, type StatementOutcome } from "../src/graph/simulate.js";
import { cycleRepoArb } from "./differential/cycles.js";
import { describeRepo, repoArb, type GeneratedRepo } from "./differential/generate.js";
import { checkRepo, formatDisagreements, removeRepo, writeRepo } from "./differential/harness.js";

const options = (root: string): AnalyzeOptions => ({ root, only: [], pythonVersion: "3.11", pythonEnv: null, useConfig: true, select: null, ignore: [], fixes: true, cache: true, impact: true, threads: 1 });

/** Everything an analysis gives that the simulation decides: diagnostics, test impact, the stored graph record and
 * the names looked up (as JSON: runs that began from one snapshot share the objects of its error). */
const outcome = (r: AnalysisResult): string =>
  JSON.stringify({ d: r.diagnostics, impact: r.impact ?? null, graph: r.graphRecord ?? null, uses: r.nameUses ?? null }, (_key, v: unknown) =>
    v instanceof Set || v instanceof Map ? [...v] : ArrayBuffer.isView(v) ? [...(v as Uint8Array)] : v,
  );

async function both(repo: GeneratedRepo): Promise<{ on: string; off: string }> {
  const root = writeRepo(repo);
  try {
    useSnapshots(false);
    const off = outcome(await analyze(options(root)));
    rmSync(`${root}/.import-doctor-cache`, { recursive: true, force: true });
    useSnapshots(true);
    const on = outcome(await analyze(options(root)));
    return { on, off };
  } finally {
    useSnapshots(true);
    removeRepo(root);
  }
}

afterEach(() => useSnapshots(true));

// CYCLES_RUNS / CYCLES_SEED widen the large-cycle samples by hand (`CYCLES_RUNS=2000 npx vitest run test/simulate-snapshots.test.ts`).
describe("circular-import simulation: snapshots", () => {
  it("change nothing an analysis reports or stores, on repositories of large cycles (300)", async () => {
    for (const [i, repo] of fc.sample(cycleRepoArb, { seed: Number(process.env.CYCLES_SEED ?? 20261129), numRuns: Number(process.env.CYCLES_RUNS ?? 300) }).entries()) {
      const { on, off } = await both(repo);
      expect(on === off, `sample ${i}:\n${describeRepo(repo)}`).toBe(true);
    }
  }, 3_600_000);

  it("change nothing on the differential generator's repositories (150)", async () => {
    for (const [i, repo] of fc.sample(repoArb, { seed: 20261130, numRuns: 150 }).entries()) {
      const { on, off } = await both(repo);
      expect(on === off, `sample ${i}:\n${describeRepo(repo)}`).toBe(true);
    }
  }, 300_000);

  it("agree with python3 on repositories of large cycles (60)", async () => {
    const runs = Number(process.env.CYCLES_RUNS ?? 60);
    for (const [i, repo] of fc.sample(cycleRepoArb, { seed: Number(process.env.CYCLES_SEED ?? 20261131), numRuns: runs }).entries()) {
      // A plain missing attribute of a finished module is out of scope (the simulation predicts only reads of a
      // module still initializing): here, `import a.b.c` after a caught failure of a.b left a.b.c in sys.modules
      // and a without its attribute b. Any other disagreement fails.
      const d = (await checkRepo(repo)).filter((x) => !(x.kind === "false-negative" && /^AttributeError: module '[\w.]+' has no attribute '\w+'$/.test(x.cpython)));
      expect(d, `sample ${i}: ${formatDisagreements(d)}\n${describeRepo(repo)}`).toEqual([]);
    }
  }, 3_600_000);
});

describe("OutcomeUnion", () => {
  it("holds what the runs' outcomes, each inherited map overlaid with the run's own, hold put together", () => {
    const stmts = Array.from({ length: 6 }, (_, i) => ({ id: i }) as unknown as ImportStatement);
    const outcomeArb = fc.constantFrom<StatementOutcome>("ok", "own-error", "propagated");
    const layerArb = fc.record({ outcomes: fc.dictionary(fc.constantFrom("0", "1", "2", "3", "4", "5"), outcomeArb), bits: fc.dictionary(fc.constantFrom("0", "1", "2", "3", "4", "5"), fc.constantFrom(1, 2, 3)) });
    const toMaps = (l: { outcomes: Record<string, StatementOutcome>; bits: Record<string, number> }): Inherited => ({
      outcomes: new Map(Object.entries(l.outcomes).map(([k, v]) => [stmts[Number(k)]!, v])),
      targetInitializing: new Map(Object.entries(l.bits).map(([k, v]) => [stmts[Number(k)]!, v])),
    });
    fc.assert(
      fc.property(fc.array(layerArb, { minLength: 1, maxLength: 3 }), fc.array(fc.record({ base: fc.option(fc.nat(2), { nil: null }), own: layerArb }), { maxLength: 8 }), (bases, runs) => {
        const shared = bases.map(toMaps);
        const union = new OutcomeUnion();
        const seen = new Map<ImportStatement, Set<StatementOutcome>>();
        const bits = new Map<ImportStatement, number>();
        for (const run of runs) {
          const own = toMaps(run.own);
          const inherited = run.base === null ? null : shared[run.base % shared.length]!;
          union.add({ failed: false, circular: null, outcomes: own.outcomes as Map<ImportStatement, StatementOutcome>, targetInitializing: own.targetInitializing as Map<ImportStatement, number>, inherited, topOrigin: null, topFile: null } satisfies SimulationResult);
          const effective = new Map([...(inherited?.outcomes ?? []), ...own.outcomes]);
          for (const [stmt, o] of effective) seen.set(stmt, new Set([...(seen.get(stmt) ?? []), o]));
          for (const [stmt, b] of [...(inherited?.targetInitializing ?? []), ...own.targetInitializing]) bits.set(stmt, (bits.get(stmt) ?? 0) | b);
        }
        expect(union.seen).toEqual(seen);
        expect(union.targetStates).toEqual(bits);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
