// End-to-end: the built CLI as a subprocess: exit codes, ruff-style text, the JSON schema, configuration and suppression.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { interpreter } from "./helpers/python.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");
const SEED = path.join(import.meta.dirname, "..", "fixtures", "seed-report");

function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("import-doctor check on fixtures/seed-report", () => {
  it("exits 1 and prints ruff-style diagnostics with code frames and the CPython error", () => {
    const r = cli(["check", SEED]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("src/player_experience/api/app.py:5:22: IMP002 `src.player_experience.api.routers` does not define `settings` and has no submodule `settings`\n");
    expect(r.stdout).toContain("5 | from .routers import settings\n  |                      ^^^^^^^^ IMP002\n");
    expect(r.stdout).toContain("  = runtime: ModuleNotFoundError: No module named 'src.agent_orchestration.performance.response_time_monitor'; 'src.agent_orchestration.performance' is not a package\n");
    expect(r.stdout).toContain("  = context: when pytest collects tests/integration/test_phase2a_integration.py\n");
    expect(r.stdout).toMatch(/Found 11 errors in 7 files \(and 2 warnings\)\.\n\[\*\] 3 fixes available with `--fix` \(2 more with `--fix --unsafe-fixes`\); preview with `--diff`\.\n$/);
    expect(r.stdout).toContain("  = help: Move src/agent_orchestration/performance.py to src/agent_orchestration/performance/__init__.py (safe fix)\n");
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("prints exactly the documented JSON schema", () => {
    const r = cli(["check", SEED, "--format", "json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["version", "root", "pythonVersion", "diagnostics", "summary"]);
    expect(out.version).toBe(1);
    expect(out.root).toBe(SEED);
    expect(out.pythonVersion).toBe("3.11");
    expect(Object.keys(out.summary)).toEqual(["files", "diagnostics", "errors", "durationMs"]);
    expect(out.summary).toMatchObject({ files: 39, diagnostics: 13, errors: 11 });
    for (const d of out.diagnostics) {
      expect(Object.keys(d)).toEqual(["code", "rule", "severity", "path", "line", "column", "endLine", "endColumn", "message", "runtimeError", "context", "module", "name", "notes", "fix", "alternatives"]);
      expect(d.fix === null || ["safe", "unsafe", "display-only"].includes(d.fix.safety)).toBe(true);
      for (const f of [...(d.fix ? [d.fix] : []), ...d.alternatives]) expect(Object.keys(f)).toEqual(["strategy", "safety", "description", "edits", "fileOps"]);
      expect(Array.isArray(d.notes)).toBe(true);
    }
    const settings = out.diagnostics.find((d: { name: string }) => d.name === "settings");
    expect(settings).toMatchObject({ code: "IMP002", rule: "unknown-import-name", severity: "error", path: "src/player_experience/api/app.py", line: 5, column: 22, endLine: 5, endColumn: 30, module: "src.player_experience.api.routers" });
    const aioredis = out.diagnostics.filter((d: { module: string }) => d.module === "aioredis").map((d: { code: string; name: null }) => [d.code, d.name]);
    expect(aioredis).toEqual([["IMP004", null], ["IMP005", null]]);
    expect(out.diagnostics.find((d: { code: string }) => d.code === "IMP004").fix).toEqual({
      strategy: "replacement",
      safety: "safe",
      description: "Replace `aioredis` with `redis.asyncio`",
      edits: [{ path: "tests/integration/test_phase2a_integration.py", range: { line: 1, column: 1, endLine: 1, endColumn: 16 }, newText: "from redis import asyncio as aioredis" }],
      fileOps: [],
    });
  });

  it("filters by --select/--ignore and by PATHS without changing the analysis", () => {
    const sel = JSON.parse(cli(["check", SEED, "--format", "json", "--select", "IMP005"]).stdout);
    expect(sel.diagnostics.map((d: { code: string }) => d.code)).toEqual(["IMP005"]);
    const ign = JSON.parse(cli(["check", SEED, "--format", "json", "--ignore", "IMP003,IMP002,IMP005"]).stdout);
    expect(ign.diagnostics.map((d: { code: string }) => d.code)).toEqual(["IMP004"]);
    const only = cli(["check", path.join(SEED, "src"), "--root", SEED, "--format", "json"]);
    expect(JSON.parse(only.stdout).diagnostics.map((d: { path: string }) => d.path)).toEqual(["src/player_experience/api/app.py", "src/player_experience/api/app.py"]);
  });

  it("honours --python-version and NO_COLOR/FORCE_COLOR", () => {
    expect(JSON.parse(cli(["check", SEED, "--format", "json", "--python-version", "3.13"]).stdout).pythonVersion).toBe("3.13");
    expect(cli(["check", SEED], { env: { NO_COLOR: "", FORCE_COLOR: "1" } }).stdout).toContain("\u001b[31mIMP002");
  });
});

describe("exit codes and bad input", () => {
  it("exits 0 on a clean repository", () => {
    const root = makeRepo({ "pyproject.toml": "[project]\nname = 'ok'\ndependencies = []\n", "pkg/__init__.py": "from .a import A\n", "pkg/a.py": "A = 1\n" });
    const r = cli(["check", root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("All checks passed!");
  });
  it("exits 2 with a one-line message naming an unknown config key", () => {
    const root = makeRepo({ "pyproject.toml": "[tool.import-doctor]\nexlude = ['x']\n" });
    const r = cli(["check", root]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("unknown key 'exlude'");
  });
  it("exits 2 on broken TOML, bad options and missing paths, without a stack trace", () => {
    for (const args of [["check", ".", "--format", "xml"], ["check", "/nonexistent/x"], ["check", ".", "--bogus"], ["frobnicate"]]) {
      const r = cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^import-doctor: error: .+\n$/);
    }
    // Broken TOML: where, and the line with a caret under the column.
    const toml = cli(["check", makeRepo({ "pyproject.toml": "[project]\nname = 'x'\n[tool\n" })]);
    expect(toml.code).toBe(2);
    expect(toml.stderr).toMatch(/^import-doctor: error: \S*pyproject\.toml:3:6: invalid TOML: .+\n  \|\n3 \| \[tool\n  \| {6}\^\n$/);
  });
  it("reports syntax errors and undecodable files as IMP000 and keeps checking the imports that parsed", () => {
    const root = makeRepo({
      "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n",
      "pkg/__init__.py": "",
      "pkg/broken.py": "import pkg.nothing\ndef f(:\n",
      "pkg/binary.py": Uint8Array.from([0x69, 0x6d, 0xff, 0xfe, 0x00]),
    });
    const out = JSON.parse(cli(["check", root, "--format", "json"]).stdout);
    expect(out.diagnostics.map((d: { code: string; path: string }) => `${d.code} ${d.path}`)).toEqual(["IMP000 pkg/binary.py", "IMP001 pkg/broken.py", "IMP000 pkg/broken.py"]);
  });
  it("takes distutils from setuptools when the environment has its shim, as site.py makes it: no error on 3.12", () => {
    const site = ".venv/lib/python3.12/site-packages";
    const root = makeRepo({
      "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n",
      "main.py": "import distutils.core\n",
      // setuptools' own .pth line
      [`${site}/distutils-precedence.pth`]: "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); \n",
      [`${site}/_distutils_hack/__init__.py`]: "",
      [`${site}/setuptools/__init__.py`]: "",
      [`${site}/setuptools/_distutils/__init__.py`]: "",
      [`${site}/setuptools/_distutils/core.py`]: "",
      [`${site}/setuptools-69.0.0.dist-info/top_level.txt`]: "_distutils_hack\npkg_resources\nsetuptools\n",
    });
    const run = (env: Record<string, string> = {}) =>
      JSON.parse(cli(["check", root, "--format", "json", "--python-version", "3.12", "--no-cache"], { env }).stdout).diagnostics.map((d: { code: string; severity: string }) => `${d.code} ${d.severity}`);
    expect(run()).toEqual(["IMP004 warning"]); // deprecated, and setuptools provides it
    expect(run({ SETUPTOOLS_USE_DISTUTILS: "stdlib" })).toEqual(["IMP004 error"]); // the shim is off: removed in 3.12
    rmSync(path.join(root, site, "distutils-precedence.pth"));
    expect(run()).toEqual(["IMP004 error"]);
  });

  it("says when the missing module is an extension built for another Python", () => {
    const root = makeRepo({
      "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n",
      "pkg/__init__.py": "",
      "pkg/fast.cpython-311-x86_64-linux-gnu.so": "",
      "pkg/fast.cp39-win_amd64.pyd": "",
      "main.py": "import pkg.fast\n",
      "other.py": "from pkg import fast\n",
    });
    const on = (version: string) => JSON.parse(cli(["check", root, "--format", "json", "--python-version", version, "--no-cache"]).stdout).diagnostics;
    const why = (minor: string, file: string) => `\`pkg/${file}\` is an extension module built for Python 3.${minor}, which Python 3.12 does not load (the target version is set by \`--python-version\`, \`requires-python\`, \`.python-version\` or the \`python3\` on PATH)`;
    const both = [why("9", "fast.cp39-win_amd64.pyd"), why("11", "fast.cpython-311-x86_64-linux-gnu.so")];
    const found = on("3.12");
    expect(found.map((d: { code: string; path: string }) => `${d.code} ${d.path}`)).toEqual(["IMP001 main.py", "IMP002 other.py"]);
    expect(found[0].notes).toEqual(["pkg is a package at pkg/; it has no module or package 'fast' that Python 3.12 loads", ...both]);
    expect(found[1].notes).toEqual(["pkg is pkg/__init__.py", ...both]);
    expect(on("3.11")).toEqual([]); // the .so is the module 3.11 loads
    // Imported by the package while it initializes: CPython words the same lack as a circular import.
    const cycle = makeRepo({ "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n", "pkg/__init__.py": "from pkg import core\n", "pkg/core.py": "from pkg import fast\n", "pkg/fast.cpython-311-x86_64-linux-gnu.so": "" });
    const [circular, ...others] = JSON.parse(cli(["check", cycle, "--format", "json", "--python-version", "3.12", "--no-cache"]).stdout).diagnostics;
    expect(others).toEqual([]);
    expect(circular.code).toBe("IMP007");
    expect(circular.notes).toContain(why("11", "fast.cpython-311-x86_64-linux-gnu.so"));
  });

  it("honours # noqa, # import-doctor: ignore[...] and per-file-ignores", () => {
    const root = makeRepo({
      "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n[tool.import-doctor.per-file-ignores]\n\"pkg/ignored.py\" = [\"IMP001\"]\n",
      "pkg/__init__.py": "",
      "pkg/a.py": "import pkg.gone  # noqa: IMP001\nimport pkg.gone2  # import-doctor: ignore[IMP001]\nimport pkg.gone3  # noqa\nimport pkg.gone4  # noqa: IMP002\n",
      "pkg/ignored.py": "import pkg.gone\n",
    });
    const out = JSON.parse(cli(["check", root, "--format", "json"]).stdout);
    // Line 4's noqa names another code: the finding stays, and the suppression is reported as unused (IMP010).
    expect(out.diagnostics.map((d: { path: string; line: number; code: string }) => `${d.path}:${d.line} ${d.code}`)).toEqual(["pkg/a.py:4 IMP010", "pkg/a.py:4 IMP001"]);
  });
  it("prints --version and the rule list", () => {
    expect(cli(["--version"]).stdout).toMatch(/^import-doctor \d+\.\d+\.\d+\n$/);
    expect(cli(["rules"]).stdout).toContain("IMP003  module-shadows-package");
  });
});

describe("stdlib shadowing (IMP006) and CPython 3.14's hint", () => {
  const repo = () =>
    makeRepo({
      "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n",
      "tests/json.py": "VALUE = 1\n",
      "tests/test_api.py": "import colorsys\nfrom colorsys import rgb_to_hsv\n",
      "tests/colorsys.py": "VALUE = 1\n",
    });
  it("warns where a first-party file hides a stdlib module, and words IMP002 as 3.14 does", () => {
    const root = repo();
    const out = JSON.parse(cli(["check", root, "--format", "json", "--python-version", "3.14"]).stdout);
    const rows = out.diagnostics.map((d: { code: string; line: number; severity: string }) => `${d.code} ${d.line} ${d.severity}`);
    expect(rows).toEqual(["IMP006 1 warning", "IMP006 2 warning", "IMP002 2 error"]);
    const imp002 = out.diagnostics.find((d: { code: string }) => d.code === "IMP002");
    expect(imp002.runtimeError).toBe(
      `ImportError: cannot import name 'rgb_to_hsv' from 'colorsys' (consider renaming '${root}/tests/colorsys.py' since it has the same name as the standard library module named 'colorsys' and prevents importing that standard library module)`,
    );
    // pytest imported json before collecting: tests/json.py cannot shadow it, and is not reported.
    expect(out.diagnostics.some((d: { message: string }) => d.message.includes("`json`"))).toBe(false);
  });
  it.each(["3.12", "3.13"])("uses the plain form on %s, as that interpreter does", (v) => {
    const root = repo();
    const out = JSON.parse(cli(["check", root, "--format", "json", "--python-version", v]).stdout);
    const imp002 = out.diagnostics.find((d: { code: string }) => d.code === "IMP002");
    expect(imp002.runtimeError).toBe(`ImportError: cannot import name 'rgb_to_hsv' from 'colorsys' (${root}/tests/colorsys.py)`);
    // tests/ is sys.path[0] for the test file, as when it runs as a script: 3.13 adds no hint to an ImportError.
    const python = interpreter(v);
    if (!python) throw new Error(`no CPython ${v} here`);
    const run = spawnSync(python, [path.join(root, "tests", "test_api.py")], { encoding: "utf8" });
    expect(run.stderr.trim().split("\n").at(-1)).toBe(imp002.runtimeError);
  });
});

describe("pathological input", () => {
  it("reports a file too deep to analyse as info and keeps going", () => {
    const deep = `import sys\nx = sys.path + ${Array.from({ length: 100000 }, () => "[1]").join(" + ")}\n`;
    const root = makeRepo({ "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n", "deep.py": deep, "main.py": "import deep.nothing\n" });
    const r = cli(["check", root, "--format", "json"]);
    expect(r.code).toBe(1);
    const codes = JSON.parse(r.stdout).diagnostics.map((d: { code: string; severity: string }) => `${d.code} ${d.severity}`);
    expect(codes).toEqual(["IMP000 info", "IMP003 error"]);
  });
  it("skips a file over 10 MB with an info diagnostic, as the README says", () => {
    const root = makeRepo({ "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n", "huge.py": "x = 1\n".repeat(2_000_000) });
    const r = cli(["check", root, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { code: string; severity: string; message: string }) => `${d.code} ${d.severity} ${d.message}`)).toEqual(["IMP000 info Skipped: the file is 11.4 MB, over the 10 MB limit"]);
  });
});
