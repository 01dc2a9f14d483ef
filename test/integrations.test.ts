// End-to-end for CI and pre-commit: --impact, the markdown/github/sarif/junit formats, `graph`, and git-aware checks.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { generateRepo } from "../bench/synth.js";
import { renderGithub } from "../src/report/github.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");
const SEED = path.join(import.meta.dirname, "..", "fixtures", "seed-report");
// ajv-draft-04 is CommonJS with a default export: load it as such, typed to what the test uses.
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const Ajv = (createRequire(import.meta.url)("ajv-draft-04") as { default: new (opts: object) => { compile(schema: object): Validate } }).default;
const SCHEMA = path.join(import.meta.dirname, "..", "fixtures", "schemas", "sarif-2.1.0-rtm.5.json");

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

describe("check --impact", () => {
  it("prints the root causes by blast radius with the blocked test files", () => {
    const r = cli(["check", SEED, "--impact"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^5 root causes, blocking 19 test files \(1 of them only possible: they block nothing for certain\)\n\n1\. IMP002 src\/player_experience\/api\/app\.py:5:22 /);
    expect(r.stdout).toContain("   runtime: ImportError: cannot import name 'settings' from 'src.player_experience.api.routers'");
    expect(r.stdout).toContain("   blocks: 13 test files\n     tests/test_api_integration.py\n");
    expect(r.stdout).toContain("\n2. IMP003 tests/agent_orchestration/test_capability_system_integration.py:2:6 ");
    expect(r.stdout).toContain("   blocks: 6 test files\n");
    // aioredis is neither declared nor locked, with no environment: only possibly missing, so it comes last.
    expect(r.stdout).toContain("\n5. IMP004 tests/integration/test_phase2a_integration.py:1:8 ");
    expect(r.stdout).toContain("   may block: 1 test file, if it fails (it may not: warning)\n     tests/integration/test_phase2a_integration.py\n");
  });

  it("adds impact to the JSON output, indexing into diagnostics", () => {
    const out = JSON.parse(cli(["check", SEED, "--impact", "--format", "json"]).stdout);
    expect(Object.keys(out)).toEqual(["version", "root", "pythonVersion", "diagnostics", "impact", "summary"]);
    const first = out.impact[0];
    expect(Object.keys(first)).toEqual(["rootCause", "runtimeError", "diagnostics", "certain", "blockedTests", "brokenModules", "mayBlockTests", "mayBreakModules", "notes"]);
    expect(out.diagnostics[first.rootCause].name).toBe("settings");
    expect(first.blockedTests).toHaveLength(13);
    expect(first.brokenModules).toEqual(["src.player_experience.api.app"]);
  });

  it("--format markdown is a pull-request comment with the table", () => {
    const r = cli(["check", SEED, "--format", "markdown"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## import-doctor: 11 import errors, 5 root causes, 19 blocked test files\n\n\| # \| Root cause \| Code \| Where \| Blocked tests \|\n/);
    expect(r.stdout).toContain("| IMP002 | `src/player_experience/api/app.py:5` | 13 |");
    expect(r.stdout).toContain("<details><summary>2. IMP003 tests/agent_orchestration/test_capability_system_integration.py:2: 6 blocked test files</summary>");
  });
});

describe("CI formats", () => {
  it("--format github prints one workflow command per diagnostic, escaped", () => {
    const r = cli(["check", SEED, "--format", "github"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(13);
    expect(lines[0]).toBe(
      "::error file=src/player_experience/api/app.py,line=5,col=22,endLine=5,endColumn=30,title=IMP002::`src.player_experience.api.routers` does not define `settings` and has no submodule `settings`%0AImportError: cannot import name 'settings' from 'src.player_experience.api.routers' (" +
        `${SEED}/src/player_experience/api/routers/__init__.py)`,
    );
    expect(lines.filter((l) => l.startsWith("::warning "))).toHaveLength(2);
    const odd = renderGithub({ root: "/r", pythonVersion: "3.12", files: 1, identities: new Map(), durationMs: 0, timings: { discover: 0, read: 0, parse: 0, extract: 0, load: 0, resolve: 0, check: 0, parsed: 0, cached: 0, workers: 0 }, diagnostics: [
      { code: "IMP001", rule: "unresolved-import", severity: "error", path: "a,b:c.py", line: 1, column: 8, endLine: 1, endColumn: 9, message: "50% done\r\nnext", runtimeError: null, context: "", module: null, name: null, notes: [], fix: null, statementLines: [1, 1] },
    ] });
    expect(odd).toBe("::error file=a%2Cb%3Ac.py,line=1,col=8,endLine=1,endColumn=9,title=IMP001::50%25 done%0D%0Anext\n");
  });

  it("--format sarif validates against the SARIF 2.1.0 schema", () => {
    const r = cli(["check", SEED, "--format", "sarif"]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    // The official schema has a pattern that is not valid with the `u` flag (language codes): compile without it.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, "utf8")));
    expect(validate(sarif), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(["IMP000", "IMP001", "IMP002", "IMP003", "IMP004", "IMP005", "IMP006", "IMP007", "IMP008", "IMP009", "IMP010"]);
    expect(run.results).toHaveLength(13);
    expect(run.results[0]).toMatchObject({ ruleId: "IMP002", ruleIndex: 2, level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: "src/player_experience/api/app.py", uriBaseId: "%SRCROOT%" }, region: { startLine: 5, startColumn: 22 } } }] });
    // Text fixes travel as SARIF fixes (a new file as an insertion); a move has no SARIF form and stays in properties.
    expect(run.results[0].fixes[0].artifactChanges[0].artifactLocation.uri).toBe("src/player_experience/api/app.py");
    const aioredis = run.results.find((x: { ruleId: string }) => x.ruleId === "IMP004");
    expect(aioredis.fixes).toEqual([{ description: { text: "Replace `aioredis` with `redis.asyncio`" }, artifactChanges: [{ artifactLocation: { uri: "tests/integration/test_phase2a_integration.py", uriBaseId: "%SRCROOT%" }, replacements: [{ deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 16 }, insertedContent: { text: "from redis import asyncio as aioredis" } }] }], properties: { safety: "safe" } }]);
    const move = run.results.find((x: { ruleId: string }) => x.ruleId === "IMP003");
    expect(move.fixes).toBeUndefined();
    expect(move.properties.fix.fileOps[0].op).toBe("move");
    // The schema is not a rubber stamp: a broken log fails it.
    delete run.results[0].message;
    expect(validate(sarif)).toBe(false);
  });

  it("--format junit has one test case per root cause, failures listing blocked tests", () => {
    const r = cli(["check", SEED, "--format", "junit"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="import-doctor" tests="5" failures="4" /);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(5);
    expect(r.stdout).toContain("blocks 13 test files:\n  tests/test_api_integration.py\n");
    // Attribute values are escaped: the quotes of the CPython message become &apos;.
    expect(r.stdout).toContain(`message="ImportError: cannot import name &apos;settings&apos; from &apos;src.player_experience.api.routers&apos;`);
    const wellFormed = spawnSync("python3", ["-c", "import sys, xml.dom.minidom as m; m.parseString(sys.stdin.read())"], { input: r.stdout, encoding: "utf8" });
    expect(wellFormed.status, wellFormed.stderr).toBe(0);
  });
});

describe("import-doctor graph", () => {
  const repo = (): string =>
    makeRepo({
      "pyproject.toml": '[project]\nname = "x"\n',
      "app/__init__.py": "",
      "app/core.py": "from app import util\nfrom app.models import User\n",
      "app/util.py": "import json\n",
      "app/models.py": "from app.gone import thing\n",
      "app/cli.py": "from app.core import main\n",
    });

  it("exports eager imports as JSON with broken edges marked", () => {
    const r = cli(["graph", repo()]);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(g.nodes.map((n: { id: string }) => n.id)).toEqual(["app", "app.cli", "app.core", "app.gone", "app.models", "app.util"]);
    expect(g.nodes.find((n: { id: string }) => n.id === "app.gone").kind).toBe("missing");
    expect(g.edges).toContainEqual({ from: "app.models", to: "app.gone", line: 1, broken: true, codes: ["IMP001"] });
    expect(g.edges).toContainEqual({ from: "app.core", to: "app.util", line: 1, broken: false, codes: [] });
  });

  it("renders dot and mermaid, and focuses on a neighbourhood", () => {
    const dir = repo();
    const dot = cli(["graph", dir, "--format", "dot"]).stdout;
    expect(dot).toMatch(/^digraph imports \{\n/);
    expect(dot).toContain('"app.models" -> "app.gone" [color=red, style=dashed, label="IMP001"];');
    const mermaid = cli(["graph", dir, "--format", "mermaid"]).stdout;
    expect(mermaid).toMatch(/^graph LR\n/);
    expect(mermaid).toMatch(/n\d+ -\. "IMP001" \.-> n\d+/);
    const focused = JSON.parse(cli(["graph", dir, "--focus", "app.models", "--depth", "1"]).stdout);
    expect(focused.nodes.map((n: { id: string }) => n.id)).toEqual(["app.core", "app.gone", "app.models"]);
    expect(cli(["graph", dir, "--focus", "nope"]).code).toBe(2);
  });
});

describe("pre-commit: changed files and --staged", () => {
  const setup = (): string => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\n',
      "app/__init__.py": "",
      "app/helpers.py": "def slugify(s):\n    return s\n",
      "app/views.py": "from app.helpers import slugify\n",
      "app/api.py": "import app.helpers\n",
    });
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "init");
    return dir;
  };

  it("staging the rename of an imported module exits 1 and lists its importers", () => {
    const dir = setup();
    git(dir, "mv", "app/helpers.py", "app/text.py");
    // What pre-commit runs: the hook's entry with the staged file names.
    const r = cli(["check", "--staged", "app/text.py"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("app/views.py:1:6: IMP001");
    expect(r.stdout).toContain("app/api.py:1:8: IMP001");
    expect(r.stdout).toContain("  = note: reported because of deleting app/helpers.py\n");
    expect(r.stdout).toContain("Found 2 errors in 2 files.");
  });

  it("a clean staged change exits 0", () => {
    const dir = setup();
    writeFileSync(path.join(dir, "app/views.py"), "from app.helpers import slugify\n\nSLUG = slugify('x')\n");
    git(dir, "add", "app/views.py");
    const r = cli(["check", "--staged", "app/views.py"], dir);
    expect(r.stdout).toContain("All checks passed!");
    expect(r.code).toBe(0);
  });

  it("--staged judges the index, not the working tree", () => {
    const dir = setup();
    // Staged: a broken import. Working tree: fixed again, but not staged.
    writeFileSync(path.join(dir, "app/views.py"), "from app.helpers import slugify, missing\n");
    git(dir, "add", "app/views.py");
    writeFileSync(path.join(dir, "app/views.py"), "from app.helpers import slugify\n");
    const staged = cli(["check", "--staged", "app/views.py"], dir);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain("app/views.py:1:34: IMP002");
    expect(staged.stdout).toContain(`(${dir}/app/helpers.py)`); // paths read as the repository's, not the snapshot's
    expect(cli(["check", "app/views.py"], dir).code).toBe(0);
  });

  it("without --staged, a file deleted in the working tree still reports its importers", () => {
    const dir = setup();
    renameSync(path.join(dir, "app/helpers.py"), path.join(dir, "app/strings.py"));
    const r = cli(["check", "app/strings.py"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("reported because of deleting app/helpers.py");
  });
});

describe("progress bar", () => {
  // A real terminal: util-linux `script` runs the CLI on a pseudo-TTY (bsdutils is essential on Debian).
  const onTty = (args: string[]): string => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
    delete env.CI;
    const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { encoding: "utf8", env, timeout: 120_000 });
    return r.stdout;
  };
  const dir = mkdtempSync(path.join(tmpdir(), "import-doctor-progress-"));
  generateRepo(dir, 4000);

  it("shows files parsed / total on a TTY once a run passes a second, then clears its line", () => {
    const out = onTty(["check", dir, "--no-cache", "--threads", "1"]);
    expect(out).toMatch(/parsing \[[#-]+\] \d+\/\d+ files/);
    expect(out).toContain("\r\u001b[2K");
  });

  it("stays silent in JSON output, on a TTY as well", () => {
    const out = onTty(["check", dir, "--no-cache", "--threads", "1", "--format", "json"]);
    expect(out).not.toContain("parsing [");
    expect(JSON.parse(out.slice(out.indexOf("{"))).diagnostics).toBeDefined();
  });
});
