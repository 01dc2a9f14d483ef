// fixtures/seed-report reproduces the CI post-mortem: the three defects are found, and pytest confirms each one.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/analyze.js";
import { expectAgreement } from "./helpers/agreement.js";
import { probe } from "./helpers/python.js";

const dir = path.join(import.meta.dirname, "..", "fixtures", "seed-report");

describe("fixtures/seed-report", () => {
  it("finds the missing router names, both shadowed packages and aioredis", async () => {
    const { diagnostics } = await analyze({ root: dir, only: [], pythonVersion: null, pythonEnv: null, useConfig: true, select: null, ignore: [] });
    const summary = diagnostics.map((d) => `${d.code} ${d.path}:${d.line} ${d.name ?? d.module}`);
    expect(summary.filter((s) => s.startsWith("IMP002"))).toEqual([
      "IMP002 src/player_experience/api/app.py:5 settings",
      "IMP002 src/player_experience/api/app.py:6 conversation",
    ]);
    const imp003 = diagnostics.filter((d) => d.code === "IMP003");
    expect(imp003.filter((d) => d.runtimeError!.includes("'src.agent_orchestration.performance' is not a package"))).toHaveLength(6);
    expect(imp003.filter((d) => d.runtimeError!.includes("'src.agent_orchestration.therapeutic_safety' is not a package"))).toHaveLength(3);
    expect(summary.filter((s) => s.includes("aioredis"))).toEqual([
      "IMP004 tests/integration/test_phase2a_integration.py:1 aioredis",
      "IMP005 tests/integration/test_phase2a_integration.py:1 aioredis",
    ]);
    expect(diagnostics.find((d) => d.code === "IMP002")!.runtimeError).toBe(
      `ImportError: cannot import name 'settings' from 'src.player_experience.api.routers' (${dir}/src/player_experience/api/routers/__init__.py)`,
    );
  });

  it("agrees with pytest: each test file that fails to collect fails for a predicted reason", async () => {
    const result = await analyze({ root: dir, only: [], pythonVersion: null, pythonEnv: null, useConfig: true, select: null, ignore: [] });
    const failures = expectAgreement({ dir, stubs: ["fastapi", "pydantic", "redis", "neo4j"] }, result);
    // 13 API tests, 6 agent-orchestration tests and 1 integration test fail to collect; test_healthy.py does not.
    const failedTests = failures.filter((f) => f.file.startsWith("tests/")).map((f) => f.file);
    expect(failedTests).toHaveLength(20);
    expect(failedTests).not.toContain("tests/test_healthy.py");
  });

  it("--impact: each root cause blocks exactly the test files one real pytest session fails to collect", async () => {
    const result = await analyze({ root: dir, only: [], pythonVersion: null, pythonEnv: null, useConfig: true, select: null, ignore: [], impact: true });
    const impact = result.impact!;
    const cause = (i: number): string => {
      const d = result.diagnostics[impact[i]!.rootCause]!;
      return `${d.code} ${d.name ?? d.module}`;
    };
    // The three root causes of the post-mortem, by blast radius, then the causes every test reaches something else first.
    // aioredis is neither declared nor locked, and no environment says it is missing: a possible cause, listed last,
    // whose test file it "may block" (issue 27: only certain failures count as blocking).
    expect(impact.map((c, i) => [cause(i), c.certain ? c.blockedTests.length : `may block ${c.mayBlockTests.length}`])).toEqual([
      ["IMP002 settings", 13],
      ["IMP003 src.agent_orchestration.performance.response_time_monitor", 6],
      ["IMP002 conversation", 0],
      ["IMP003 src.agent_orchestration.therapeutic_safety.validator", 0],
      ["IMP004 aioredis", "may block 1"],
    ]);
    // The six importers of performance.* are one cause with six symptoms; IMP004 and IMP005 on aioredis are one.
    expect(impact[1]!.diagnostics).toHaveLength(6);
    expect(impact[4]!.diagnostics.map((i) => result.diagnostics[i]!.code)).toEqual(["IMP004", "IMP005"]);
    expect(impact[0]!.brokenModules).toEqual(["src.player_experience.api.app"]);

    const session = probe({ root: dir, stubs: ["fastapi", "pydantic", "redis", "neo4j"], installed: [], session: true }).session!;
    expect(session.conftestError).toBe(false);
    const predicted = impact.flatMap((c) => [...c.blockedTests, ...c.mayBlockTests]).sort();
    expect(predicted).toEqual([...session.failed].sort());
    expect(predicted).toHaveLength(20);
  });
});

