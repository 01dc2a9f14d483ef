// Scenario repositories (fixtures/scenarios): import-doctor's diagnostics are pinned, and python3 must agree with them.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze, type AnalysisResult } from "../src/analyze.js";
import { expectAgreement } from "./helpers/agreement.js";
import { interpreter } from "./helpers/python.js";
import { loadScenarios, type Scenario } from "./helpers/scenario.js";

function run(s: Scenario, pythonVersion = s.pythonVersion): Promise<AnalysisResult> {
  return analyze({ root: s.dir, only: [], pythonVersion, pythonEnv: null, useConfig: true, select: null, ignore: [] });
}

type Row = { path: string; line: number; code: string };
const byPlace = (a: Row, b: Row): number => a.path.localeCompare(b.path) || a.line - b.line || a.code.localeCompare(b.code);

describe.each(loadScenarios())("scenario $name", (s) => {
  it("reports exactly the expected diagnostics", async () => {
    // A file outside the repository is reported by its absolute path: pinned relative to the repository.
    const got = (await run(s)).diagnostics.map((d) => ({ code: d.code, path: d.path.startsWith("/") ? path.relative(s.dir, d.path) : d.path, line: d.line, severity: d.severity }));
    expect(got.sort(byPlace)).toEqual([...s.expected].sort(byPlace));
  });

  it("agrees with python3: every CPython import failure is predicted, every predicted error is real", async () => {
    expectAgreement(s, await run(s));
  });

  // Where CPython's messages differ between versions, the scenario is run by each version's own interpreter too.
  it.each(s.alsoWith ?? [])("agrees with CPython %s, analysed for that version", async (v) => {
    const python = interpreter(v);
    if (!python) throw new Error(`no CPython ${v} on this machine (pyenv)`);
    expectAgreement(s, await run(s, v), python);
  });
});
