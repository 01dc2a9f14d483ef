// The install routes a user takes, each into a temporary prefix and run from outside the checkout, with the checkout
// hidden: a tarball installed globally, a tarball as a project dependency run with npx, and git installs. Each must
// print what the checkout's own build prints on a copy of fixtures/seed-report. Slow (npm ci, npm pack, installs):
// `npm run test:install`, run by .ci/run after `npm test`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKOUT, freshSeedReport, run, runHiding, runOk, snapshotCheckout, type Run } from "./snapshot.js";

const pkg = JSON.parse(readFileSync(path.join(CHECKOUT, "package.json"), "utf8")) as { version: string };

let tmp: string;
let snapshot: string;
let tarball: string;
let seed: string;
let reference: { text: Run; json: Run };

/** The installed CLI's text and JSON reports on a fresh copy of the seed report, with both checkouts hidden. */
function reports(cmd: string, args: string[], cwd: string): { text: Run; json: Run } {
  const hidden = [CHECKOUT, snapshot];
  const text = runHiding(hidden, cmd, [...args, "check", freshSeedReport(seed)], cwd);
  const json = runHiding(hidden, cmd, [...args, "check", freshSeedReport(seed), "--format", "json"], cwd);
  return { text, json };
}

/** The JSON report without what differs between any two runs. */
const stable = (r: Run): unknown => {
  const report = JSON.parse(r.stdout) as { summary: { durationMs?: number } };
  delete report.summary.durationMs;
  return report;
};

function expectSameAsCheckout(got: { text: Run; json: Run }): void {
  expect(got.text.stderr).toBe("");
  expect(got.text.status).toBe(1);
  expect(got.text.stdout).toBe(reference.text.stdout);
  expect(got.json.status).toBe(1);
  expect(stable(got.json)).toStrictEqual(stable(reference.json));
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "import-doctor-install-"));
  seed = path.join(tmp, "work", "seed-report");
  mkdirSync(path.dirname(seed), { recursive: true });
  snapshot = path.join(tmp, "import-doctor");
  snapshotCheckout(snapshot);
  // A fresh clone builds through `prepare` on npm ci, and again through `prepack` when packed.
  runOk("npm", ["ci", "--no-audit", "--no-fund"], snapshot);
  const packed = runOk("npm", ["pack", "--pack-destination", tmp], snapshot);
  // Only the tarball's name on stdout: pre-commit and scripts read it as that (.npmrc keeps scripts' banners off it).
  expect(packed.stdout.trim()).toBe(`import-doctor-${pkg.version}.tgz`);
  tarball = path.join(tmp, packed.stdout.trim());
  const cli = path.join(snapshot, "bin", "import-doctor.js");
  reference = { text: run(process.execPath, [cli, "check", freshSeedReport(seed)], tmp), json: run(process.execPath, [cli, "check", freshSeedReport(seed), "--format", "json"], tmp) };
  expect(reference.text.status).toBe(1);
  expect(reference.text.stdout).toContain("IMP003");
}, 600_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("the package", () => {
  it("holds the built CLI, the parser worker, the grammar, rules/, bin/, README and LICENSE, and nothing else", () => {
    const listing = JSON.parse(runOk("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], snapshot).stdout) as { size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }[];
    const [info] = listing;
    const files = info!.files.map((f) => f.path).sort();
    console.log(`npm pack: ${info!.entryCount} files, ${(info!.size / 1024).toFixed(0)} KiB packed, ${(info!.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
    for (const f of ["dist/cli.cjs", "dist/start.cjs", "dist/parse-worker.js", "dist/tree-sitter-python.wasm", "dist/web-tree-sitter.wasm", "bin/import-doctor.js", "rules/stdlib.json", "README.md", "LICENSE", "package.json"]) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => !/^(dist|bin|rules)\//.test(f) && !["README.md", "LICENSE", "package.json"].includes(f))).toEqual([]);
    expect(info!.entryCount).toBeLessThan(30);
    expect(info!.size).toBeLessThan(700 * 1024);
  });

  it("needs nothing from npm at run time: no dependencies, and no install script that a user must allow", () => {
    const manifest = JSON.parse(readFileSync(path.join(snapshot, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    const scripts = manifest.scripts as Record<string, string>;
    for (const s of ["preinstall", "install", "postinstall"]) expect(scripts[s]).toBeUndefined();
  });
});

describe("install routes, run from outside the checkout with the checkout hidden", () => {
  it("npm pack, then npm install -g --prefix: same report as the checkout, and --version", () => {
    const prefix = path.join(tmp, "global");
    runOk("npm", ["install", "-g", "--prefix", prefix, tarball, "--no-audit", "--no-fund"], tmp);
    const bin = path.join(prefix, "bin", "import-doctor");
    expectSameAsCheckout(reports(bin, [], tmp));
    const version = runHiding([CHECKOUT, snapshot], bin, ["--version"], tmp);
    expect(version.stdout).toBe(`import-doctor ${pkg.version}\n`);
  });

  it("the tarball as a project dependency, run with npx", () => {
    const project = path.join(tmp, "project-tarball");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "a-python-project", private: true }));
    runOk("npm", ["install", "--save-dev", tarball, "--no-audit", "--no-fund"], project);
    expectSameAsCheckout(reports("npx", ["--no-install", "import-doctor"], project));
  });

  it("git+file:// as a project dependency (npm builds it in its clone), run with npx", () => {
    const project = path.join(tmp, "project-git");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "a-python-project", private: true }));
    runOk("npm", ["install", "--save-dev", `git+file://${snapshot}`, "--no-audit", "--no-fund"], project);
    expectSameAsCheckout(reports("npx", ["--no-install", "import-doctor"], project));
  });

  it("git+file:// installed globally with --install-links (the build tools are brought into npm's clone)", () => {
    const prefix = path.join(tmp, "global-git");
    runOk("npm", ["install", "-g", "--install-links", "--prefix", prefix, `git+file://${snapshot}`, "--no-audit", "--no-fund"], tmp);
    expectSameAsCheckout(reports(path.join(prefix, "bin", "import-doctor"), [], tmp));
  });
});
