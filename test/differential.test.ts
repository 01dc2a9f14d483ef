// Differential testing against python3: a fixed-seed sample of generated repositories, the named regressions
// found while building the harness, and proof that the harness catches a deliberately broken checker.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CACHE_DIR_NAME } from "../src/cache/facts-cache.js";
import { describeRepo, repoArb, type GeneratedRepo } from "./differential/generate.js";
import { checkFixes } from "./differential/fix-property.js";
import { checkRepo, formatDisagreements } from "./differential/harness.js";

const REGRESSIONS = path.join(import.meta.dirname, "..", "fixtures", "differential");

function loadRegression(dir: string): GeneratedRepo {
  const files: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel))) {
      if (name === CACHE_DIR_NAME) continue; // left by a run of the CLI on the fixture (git ignores it)
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else if (r !== "differential.json") files[r] = readFileSync(path.join(dir, r), "utf8");
    }
  };
  walk("");
  const meta = JSON.parse(readFileSync(path.join(dir, "differential.json"), "utf8"));
  return { files, stubs: meta.stubs, srcLayout: meta.srcLayout };
}

describe("differential regressions (fixtures/differential)", () => {
  it.each(readdirSync(REGRESSIONS).filter((name) => name !== CACHE_DIR_NAME).sort())("%s agrees with python3", async (name) => {
    const d = await checkRepo(loadRegression(path.join(REGRESSIONS, name)));
    expect(d, formatDisagreements(d)).toEqual([]);
  });
});

describe("generated repositories", () => {
  // `npm run test:differential -- --seeds 1..2000` runs 2,000; this sample keeps npm test within its time (scripts
  // run as processes of their own since 2026-12-07: 150 became 75).
  it("agree with python3 on a fixed-seed sample of 75", async () => {
    const result = await fc.check(fc.asyncProperty(repoArb, async (repo) => (await checkRepo(repo)).length === 0), { seed: 20261125, numRuns: 75 });
    if (result.failed) {
      const repo = result.counterexample![0];
      expect.fail(`${formatDisagreements(await checkRepo(repo))}\n\nrepository:\n${describeRepo(repo)}`);
    }
  }, 600_000);

  it("--fix --unsafe-fixes never breaks what python3 imported, keeps the analysis exact, and is idempotent (45 repositories)", async () => {
    let applied = 0;
    for (const [i, repo] of fc.sample(repoArb, { seed: 20261127, numRuns: 45 }).entries()) {
      const r = await checkFixes(repo);
      if (r.applied) applied++;
      expect(r.problems, `sample ${i}:\n${r.problems.join("\n")}\n\nrepository:\n${describeRepo(repo)}`).toEqual([]);
    }
    expect(applied).toBeGreaterThan(10); // the sample exercises the fixers
  }, 600_000);

  it("reports a deliberately broken checker as disagreeing", async () => {
    // The same regression fixtures, with IMP002 verdicts dropped (a rule switched off) or invented.
    const broken = loadRegression(path.join(REGRESSIONS, "all-lists-undefined-name"));
    const dropped = await checkRepo(broken, (ds) => ds.filter((d) => d.code !== "IMP002"));
    expect(dropped.some((d) => d.kind === "false-negative")).toBe(true);
    const invented = await checkRepo(broken, (ds) => [...ds, { ...ds[0]!, code: "IMP002", severity: "error", path: "alpha/__init__.py", line: 1, runtimeError: "ImportError: cannot import name 'x' from 'alpha'" }]);
    expect(invented.some((d) => d.kind === "false-positive")).toBe(true);
  });
});
