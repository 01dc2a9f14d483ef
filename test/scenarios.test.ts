// Scenario repositories (fixtures/scenarios): import-doctor's diagnostics are pinned, and python3 must agree with them.
import { describe, expect, it } from "vitest";
import { analyze, type AnalysisResult } from "../src/analyze.js";
import { expectAgreement } from "./helpers/agreement.js";
import { loadScenarios, type Scenario } from "./helpers/scenario.js";

function run(s: Scenario): Promise<AnalysisResult> {
  return analyze({ root: s.dir, only: [], pythonVersion: s.pythonVersion, pythonEnv: null, useConfig: true, select: null, ignore: [] });
}

type Row = { path: string; line: number; code: string };
const byPlace = (a: Row, b: Row): number => a.path.localeCompare(b.path) || a.line - b.line || a.code.localeCompare(b.code);

describe.each(loadScenarios())("scenario $name", (s) => {
  it("reports exactly the expected diagnostics", async () => {
    const got = (await run(s)).diagnostics.map((d) => ({ code: d.code, path: d.path, line: d.line, severity: d.severity }));
    expect(got.sort(byPlace)).toEqual([...s.expected].sort(byPlace));
  });

  it("agrees with python3: every CPython import failure is predicted, every predicted error is real", async () => {
    expectAgreement(s, await run(s));
  });
});
