// fixtures/repairs: repositories shaped like the seed report's real one, and two with interacting defects. One
// `--fix --unsafe-fixes` gets every test file pytest could not collect collecting again (a real pytest session, with
// third-party modules stubbed), except those broken for an unrelated reason; a second --fix changes nothing.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { probe } from "./helpers/python.js";
import { snapshotTree } from "./faults/harness.js";

const ROOT = path.join(import.meta.dirname, "..");
const BIN = path.join(ROOT, "bin", "import-doctor.js");
const REPAIRS = path.join(ROOT, "fixtures", "repairs");

interface Expect {
  stubs: string[];
  blockedBefore: number;
  unrelated: string[];
  groups: number;
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyOf(dir: string): string {
  const to = mkdtempSync(path.join(tmpdir(), "import-doctor-repair-"));
  cpSync(dir, to, { recursive: true });
  rmSync(path.join(to, ".import-doctor-cache"), { recursive: true, force: true });
  return to;
}

const collectFailures = (root: string, stubs: string[]): string[] => {
  const session = probe({ root, stubs, installed: [], session: true }).session!;
  expect(session.conftestError).toBe(false);
  return [...session.failed].sort();
};

describe.each(readdirSync(REPAIRS).sort())("fixtures/repairs/%s", (name) => {
  const fixture = path.join(REPAIRS, name);
  const want = JSON.parse(readFileSync(path.join(fixture, "repair.json"), "utf8")) as Expect;

  it("--diff --format json reports the fix groups, their verification and the blocked test files; one --fix --unsafe-fixes gets every blocked test file collecting; a second changes nothing", () => {
    const dir = copyOf(fixture);
    // pytest agrees that these test files cannot be collected today.
    const before = collectFailures(dir, want.stubs);
    expect(before).toHaveLength(want.blockedBefore);

    const preview = cli(["check", ".", "--diff", "--unsafe-fixes", "--format", "json", "--no-cache"], dir);
    expect(preview.code).toBe(1);
    const report = JSON.parse(preview.stdout).repair;
    expect(report.applied).toBe(false);
    // The blocked test files the analysis predicts are those pytest fails to collect, before and after.
    expect(report.verification.blockedTestsBefore).toEqual(before);
    expect(report.verification.blockedTestsAfter).toEqual(want.unrelated);
    expect(report.groups.filter((g: { applied: number | null }) => g.applied !== null)).toHaveLength(want.groups);
    for (const g of report.groups) for (const c of g.candidates) expect(["safe", "unsafe", "display-only"]).toContain(c.safety);
    expect(snapshotTree(dir)).toEqual(snapshotTree(fixture));

    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(r.stderr).toContain(`; ${before.length - want.unrelated.length} of ${before.length} blocked test files now collect.\n`);
    expect(collectFailures(dir, want.stubs)).toEqual(want.unrelated);

    const fixed = snapshotTree(dir);
    const again = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(again.stderr).toContain("Fixed 0 diagnostics in 0 files.\n");
    expect(snapshotTree(dir)).toEqual(fixed);
  });
});
