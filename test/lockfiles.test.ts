// lockfiles/: PEP 508 markers, each lock format's installed set on the target, staleness, and what the CLI does with
// a lock (an unlocked module is an error that blocks its tests and gets fixed; a locked transitive one is a warning).
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateMarker, targetEnvironment } from "../src/lockfiles/markers.js";
import { findLock, type LockOutcome } from "../src/lockfiles/index.js";
import { readLock, readPipCompile } from "../src/lockfiles/read.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");
const SCENARIO = path.join(import.meta.dirname, "..", "fixtures", "scenarios", "lock-file");
const repos: string[] = [];
afterAll(() => {
  for (const r of repos) rmSync(r, { recursive: true, force: true });
});
const repo = (files: Record<string, string>): string => {
  const r = makeRepo(files);
  repos.push(r);
  return r;
};
const installed = (o: LockOutcome): string[] => (o.kind === "locked" ? [...o.lock.installed.keys()].sort() : [`${o.kind}${o.kind === "ignored" ? `: ${o.why}` : ""}`]);
const none = { pyproject: new Set<string>(), pipfile: new Set<string>(), own: new Set<string>() };

describe("PEP 508 markers on the target", () => {
  const env = targetEnvironment("3.11");
  it.each([
    ['python_version >= "3.11"', true],
    ['python_version < "3.11"', false],
    ["python_full_version < '3.11.3'", null],
    ["python_full_version >= '3.8.1'", true],
    ['python_version == "3.11.*"', true],
    ['sys_platform == "win32"', false],
    ['sys_platform == "linux" and python_version >= "3.8"', true],
    ['sys_platform == "win32" or python_version > "3.10"', true],
    ['(platform_system != "Windows") and implementation_name == "cpython"', true],
    ['"linux" in sys_platform', true],
    ['python_version ~= "3.10"', true],
  ] as const)("%s -> %s", (marker, expected) => {
    expect(evaluateMarker(marker, env)).toBe(expected);
  });
  it("leaves what the target does not fix unknown (an extra), and unknown keeps an entry", () => {
    expect(evaluateMarker('extra == "test"', env)).toBeNull();
    expect(evaluateMarker('extra == "test" and python_version < "3.8"', env)).toBe(false);
    expect(evaluateMarker("not a marker ((", env)).toBeNull();
  });
});

describe("lock formats", () => {
  it("uv.lock: what the project's own packages reach, over edges whose markers hold, extras and dev groups included", () => {
    const lock = readLock("uv.lock", readFileSync(path.join(SCENARIO, "uv.lock"), "utf8"))!;
    const root = repo({ "uv.lock": readFileSync(path.join(SCENARIO, "uv.lock"), "utf8") });
    expect(lock.distributions.get("shop")?.own).toBe(true);
    // async-timeout is locked for python_full_version < 3.11.3: a 3.12 target has none, a 3.11 one may (3.11.0-3.11.2).
    expect(installed(findLock(root, [], "3.12", none))).toEqual(["anyio", "fastapi", "pluggy", "pytest", "redis", "starlette"]);
    expect(installed(findLock(root, [], "3.11", none))).toContain("async-timeout");
  });

  it("poetry.lock: every package but those whose every incoming edge is excluded by its marker", () => {
    const root = repo({
      "poetry.lock": `[[package]]\nname = "requests"\nversion = "2.32.3"\noptional = false\npython-versions = ">=3.8"\n\n[package.dependencies]\nidna = ">=2.5"\ntomli = {version = ">=1", markers = "python_version < \\"3.11\\""}\n\n[[package]]\nname = "idna"\nversion = "3.10"\noptional = false\npython-versions = ">=3.6"\n\n[[package]]\nname = "tomli"\nversion = "2.0.1"\noptional = false\npython-versions = ">=3.7"\n`,
    });
    expect(installed(findLock(root, [], "3.12", none))).toEqual(["idna", "requests"]);
    expect(installed(findLock(root, [], "3.9", none))).toEqual(["idna", "requests", "tomli"]);
  });

  it("pdm.lock and pylock.toml: entries whose own marker holds", () => {
    const pdm = repo({ "pdm.lock": `[metadata]\ngroups = ["default"]\n\n[[package]]\nname = "click"\nversion = "8.1.7"\ndependencies = ["colorama; platform_system == \\"Windows\\""]\n\n[[package]]\nname = "colorama"\nversion = "0.4.6"\nmarker = "platform_system == \\"Windows\\""\n` });
    expect(installed(findLock(pdm, [], "3.12", none))).toEqual(["click"]);
    const pylock = repo({ "pylock.toml": `lock-version = "1.0"\ncreated-by = "uv"\n\n[[packages]]\nname = "attrs"\nversion = "25.1.0"\n\n[[packages]]\nname = "exceptiongroup"\nversion = "1.2.2"\nmarker = "python_full_version < '3.11'"\n` });
    expect(installed(findLock(pylock, [], "3.12", none))).toEqual(["attrs"]);
  });

  it("Pipfile.lock: default and develop, markers evaluated", () => {
    const root = repo({ "Pipfile.lock": JSON.stringify({ _meta: {}, default: { flask: { version: "==3.0.3" }, pywin32: { version: "==306", markers: "sys_platform == 'win32'" } }, develop: { pytest: { version: "==8.3.3" } } }) });
    const o = findLock(root, [], "3.12", none);
    expect(installed(o)).toEqual(["flask", "pytest"]);
    expect(o.kind === "locked" && o.lock.installed.get("flask")).toBe("3.0.3");
  });

  it("pip-compile output is a lock (its `# via` lines say who pulls what in); a hand-written requirements file is not", () => {
    const compiled = "#\n# This file is autogenerated by pip-compile with Python 3.12\n#\nclick==8.1.7\n    # via flask\nflask==3.0.3\n    # via -r requirements.in\nitsdangerous==2.2.0\n    # via\n    #   flask\n";
    const lock = readPipCompile(compiled)!;
    expect([...lock.distributions.keys()]).toEqual(["click", "flask", "itsdangerous"]);
    expect(readPipCompile("flask>=3\nclick\n")).toBeNull();
    const root = repo({ "requirements.txt": compiled });
    const o = findLock(root, ["requirements.txt"], "3.12", { ...none, pyproject: new Set(["flask"]) });
    expect(o.kind === "locked" && o.lock.pulledInBy("itsdangerous")).toBe("flask");
  });

  it("a lock older than the declarations, or unreadable, is not used, and says why", () => {
    const root = repo({ "uv.lock": readFileSync(path.join(SCENARIO, "uv.lock"), "utf8") });
    const o = findLock(root, [], "3.11", { ...none, pyproject: new Set(["fastapi", "httpx"]), own: new Set(["shop"]) });
    expect(o).toEqual({ kind: "ignored", file: "uv.lock", why: "it does not lock `httpx`, declared in pyproject.toml: it is older than the declarations" });
    const broken = repo({ "poetry.lock": "[[package]\nname =" });
    expect(findLock(broken, [], "3.11", none).kind).toBe("ignored");
  });
});

describe("the CLI with a lock file", () => {
  const copy = (): string => {
    const dir = path.join(tmpdir(), `import-doctor-lock-${process.pid}-${repos.length}`);
    cpSync(SCENARIO, dir, { recursive: true });
    repos.push(dir);
    return dir;
  };
  const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  it("--impact: the unlocked module blocks its test for certain; the locked transitive one blocks nothing", () => {
    const dir = copy();
    const r = cli(["check", ".", "--impact", "--format", "json", "--no-cache"], dir);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; path: string; severity: string; runtimeError: string | null; message: string }[]; impact: { rootCause: number; certain: boolean; blockedTests: string[]; mayBlockTests: string[] }[] };
    const causes = out.impact.map((c) => ({ error: out.diagnostics[c.rootCause]!.runtimeError, certain: c.certain, blocked: c.blockedTests }));
    expect(causes).toEqual([{ error: "ModuleNotFoundError: No module named 'aioredis'", certain: true, blocked: ["tests/test_cache.py"] }]);
    const starlette = out.diagnostics.find((d) => d.path === "app/main.py")!;
    expect(starlette).toMatchObject({ code: "IMP005", severity: "warning", runtimeError: null, message: "`starlette` is not declared, but uv.lock installs `starlette` as a dependency of the declared `fastapi`; declare `starlette` if the code imports it" });
  });

  it("--fix rewrites the unlocked deprecated module to its replacement, which the lock provides", () => {
    const dir = copy();
    const r = cli(["check", ".", "--fix", "--no-cache"], dir);
    expect(r.stderr).toContain("Fixed 2 diagnostics in 1 file; 1 of 1 blocked test file now collects.");
    expect(readFileSync(path.join(dir, "tests/test_cache.py"), "utf8")).toBe("from redis import asyncio as aioredis\n\n\ndef test_cache():\n    assert aioredis\n");
  });

  it("a stale lock is said once on stderr, and the declarations decide as before", () => {
    const dir = copy();
    writeFileSync(path.join(dir, "pyproject.toml"), readFileSync(path.join(dir, "pyproject.toml"), "utf8").replace('"redis>=5.0"', '"redis>=5.0", "httpx"'));
    const r = cli(["check", ".", "--no-cache"], dir);
    expect(r.stderr).toBe("import-doctor: warning: uv.lock is not used: it does not lock `httpx`, declared in pyproject.toml: it is older than the declarations; until it is updated, imports are checked against the declarations alone\n");
    expect(r.stdout).toContain("tests/test_cache.py:1:8: IMP005 [warning]");
  });
});
