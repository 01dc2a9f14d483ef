// The release flow: `npm version` dates CHANGELOG.md's Unreleased entries, and the CLI, package.json and the SARIF
// driver give one version.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script, without types
import { release } from "../scripts/release-changelog.mjs";

const ROOT = path.join(import.meta.dirname, "..");
const releaseChangelog = release as (changelog: string, version: string, date: string) => string;

describe("release-changelog", () => {
  const log = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- a thing\n\n## [0.1.0] - 2026-11-28\n\nFirst.\n";

  it("gives the Unreleased entries the version and date, and leaves an empty Unreleased above them", () => {
    expect(releaseChangelog(log, "0.2.0", "2026-12-06")).toBe("# Changelog\n\nIntro.\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-06\n\n### Added\n- a thing\n\n## [0.1.0] - 2026-11-28\n\nFirst.\n");
  });

  it("refuses an empty Unreleased section, a version already released, and a changelog without the section", () => {
    const released = releaseChangelog(log, "0.2.0", "2026-12-06");
    expect(() => releaseChangelog(released, "0.3.0", "2026-12-07")).toThrow(/empty/);
    expect(() => releaseChangelog(log, "0.1.0", "2026-12-07")).toThrow(/already/);
    expect(() => releaseChangelog("# Changelog\n", "0.2.0", "2026-12-07")).toThrow(/no "## \[Unreleased\]"/);
  });

});

describe("one version", () => {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const cli = (...args: string[]) => execFileSync(process.execPath, [path.join(ROOT, "bin", "import-doctor.js"), ...args], { encoding: "utf8" });

  it("CHANGELOG.md has an Unreleased section and a dated section for package.json's version", () => {
    const changelog = readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain("## [Unreleased]\n");
    expect(changelog).toMatch(new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"));
  });

  it("--version and the SARIF driver give package.json's version", () => {
    expect(cli("--version")).toBe(`import-doctor ${version}\n`);
    // The seed report has findings: exit 1.
    const sarif = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, "bin", "import-doctor.js"), "check", path.join(ROOT, "fixtures", "seed-report"), "--format", "sarif", "--no-cache"], { encoding: "utf8" }).stdout) as { runs: { tool: { driver: { version: string } } }[] };
    expect(sarif.runs[0]!.tool.driver.version).toBe(version);
  });
});
