// Fixes end to end: the exact diff of each fixer, --fix to a fixpoint, idempotence, CPython on the result, and safety.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/analyze.js";
import { renderDiff } from "../src/fix/diff.js";
import type { Change } from "../src/fix/engine.js";
import { addDependencyEdit } from "../src/fix/pyproject.js";
import { applyTextEdits } from "../src/fix/source.js";
import { expectAgreement } from "./helpers/agreement.js";
import { probe } from "./helpers/python.js";
import { makeRepo } from "./helpers/tmp.js";

const ROOT = path.join(import.meta.dirname, "..");
const BIN = path.join(ROOT, "bin", "import-doctor.js");
const FIXES = path.join(ROOT, "fixtures", "fixes");

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under dir (cache excluded) with a hash of its bytes and its mode. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === ".import-doctor-cache" || e.name === ".git") continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), `${createHash("sha1").update(readFileSync(p)).digest("hex")} ${statSync(p).mode.toString(8)}`);
    }
  };
  walk(dir);
  return out;
}

function copyOf(dir: string): string {
  const to = mkdtempSync(path.join(tmpdir(), "import-doctor-fix-"));
  cpSync(dir, to, { recursive: true });
  return to;
}

function changed(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

const STUBS = ["fastapi", "pydantic", "redis", "neo4j"];

describe.each(["deprecated-module", "module-shadows-package", "unknown-import-name", "did-you-mean"])("fixer fixture %s", (name) => {
  const before = path.join(FIXES, name, "before");
  const after = path.join(FIXES, name, "after");
  const expectedDiff = readFileSync(path.join(FIXES, name, "expected.diff"), "utf8");

  it("--diff --unsafe-fixes prints exactly the expected diff, writes nothing and exits 1", () => {
    const dir = copyOf(before);
    const was = snapshot(dir);
    const r = cli(["check", ".", "--diff", "--unsafe-fixes"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(expectedDiff);
    // The last line sums up; lines before it list the causes that have other candidates (for --choose).
    expect(r.stderr).toMatch(/(^|\n)Would fix \d+ diagnostics?, changing \d+ files?\.\n$/);
    expect(r.stderr.split("\n").slice(0, -2).every((l) => /^(import-doctor: \S+ at \S+ has \d+ candidate repairs:|  \d+\. .+|  pick another with --choose \S+( --unsafe-fixes)?)$/.test(l))).toBe(true);
    expect(changed(was, snapshot(dir))).toEqual([]);
  });

  it("--fix --unsafe-fixes produces the after/ tree, which git apply of the diff reproduces; a second --fix changes nothing", () => {
    const dir = copyOf(before);
    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(r.stderr).toMatch(/^Fixed \d+ diagnostics? in \d+ files?\.\n$/);
    expect(changed(snapshot(after), snapshot(dir))).toEqual([]);
    const patched = copyOf(before);
    const apply = spawnSync("git", ["apply", path.join(FIXES, name, "expected.diff")], { cwd: patched, encoding: "utf8" });
    expect(apply.stderr).toBe("");
    expect(changed(snapshot(after), snapshot(patched))).toEqual([]);
    const again = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(again.stderr).toBe("Fixed 0 diagnostics in 0 files.\n");
    expect(changed(snapshot(after), snapshot(dir))).toEqual([]);
    expect(cli(["check", ".", "--diff", "--unsafe-fixes", "--no-cache"], dir).code).toBe(0);
  });

  it("python3 agrees with the analysis of the repaired tree: only errors without an automatic fix remain", async () => {
    const dir = copyOf(after);
    const result = await analyze({ root: dir, only: [], pythonVersion: null, pythonEnv: null, useConfig: true, select: null, ignore: [], fixes: true });
    expectAgreement({ dir, stubs: STUBS }, result);
    for (const d of result.diagnostics.filter((x) => x.severity === "error")) expect(d.fix?.safety, `${d.code} ${d.path}:${d.line} remains`).toBe("display-only");
  });
});

describe("fixtures/seed-report, repaired", () => {
  const seed = path.join(ROOT, "fixtures", "seed-report");

  it("--diff --unsafe-fixes repairs all three defects: two renames into packages, the two missing routers removed with their use, aioredis", () => {
    const r = cli(["check", seed, "--diff", "--unsafe-fixes", "--no-cache"]);
    expect(r.code).toBe(1);
    const headers = r.stdout.split("\n").filter((l) => l.startsWith("diff --git") || l.startsWith("rename ") || l.startsWith("new file"));
    expect(headers).toEqual([
      "diff --git a/src/agent_orchestration/performance.py b/src/agent_orchestration/performance/__init__.py",
      "rename from src/agent_orchestration/performance.py",
      "rename to src/agent_orchestration/performance/__init__.py",
      "diff --git a/src/agent_orchestration/therapeutic_safety.py b/src/agent_orchestration/therapeutic_safety/__init__.py",
      "rename from src/agent_orchestration/therapeutic_safety.py",
      "rename to src/agent_orchestration/therapeutic_safety/__init__.py",
      "diff --git a/src/player_experience/api/app.py b/src/player_experience/api/app.py",
      "diff --git a/tests/integration/test_phase2a_integration.py b/tests/integration/test_phase2a_integration.py",
    ]);
    // The report's advice for a router that exists nowhere: remove it from the import (and from the routers mounted).
    expect(r.stdout).toContain("-from .routers import settings\n-from .routers import conversation\n");
    expect(r.stdout).toContain("-for module in (auth, characters, players, worlds, chat, sessions, progress, settings, conversation):\n+for module in (auth, characters, players, worlds, chat, sessions, progress):\n");
    expect(r.stdout).toContain("-import aioredis\n+from redis import asyncio as aioredis\n");
    // The scaffold is the alternative, numbered for --choose.
    expect(r.stderr).toContain("pick another with --choose IMP002@src/player_experience/api/app.py:5=2\n");
    expect(r.stderr).toContain("Would fix 13 diagnostics, changing 4 files; 20 of 20 blocked test files would collect.\n");
  });

  it("after --fix --unsafe-fixes on a copy: no error, pytest collects every test file, a second --fix changes nothing", () => {
    const dir = copyOf(seed);
    const was = snapshot(dir);
    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Fixed 13 diagnostics in 4 files; 20 of 20 blocked test files now collect.\n");
    // Exactly the files the diff names changed; nothing else was touched.
    expect(changed(was, snapshot(dir))).toEqual([
      "src/agent_orchestration/performance.py",
      "src/agent_orchestration/performance/__init__.py",
      "src/agent_orchestration/therapeutic_safety.py",
      "src/agent_orchestration/therapeutic_safety/__init__.py",
      "src/player_experience/api/app.py",
      "tests/integration/test_phase2a_integration.py",
    ]);
    const check = cli(["check", ".", "--format", "json", "--no-cache"], dir);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).diagnostics).toEqual([]);
    const session = probe({ root: dir, stubs: STUBS, installed: [], session: true }).session!;
    expect(session.conftestError).toBe(false);
    expect(session.failed).toEqual([]);
    const fixed = snapshot(dir);
    expect(cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir).stderr).toBe("Fixed 0 diagnostics in 0 files.\n");
    expect(changed(fixed, snapshot(dir))).toEqual([]);
  });

  it("the repair report: --diff --format markdown is a pull-request comment, --fix --format json adds `repair` to the report of what remains", () => {
    const md = cli(["check", seed, "--diff", "--unsafe-fixes", "--no-cache", "--format", "markdown"]);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^## import-doctor: proposed repair: 13 diagnostics in 4 files, 20 of 20 blocked test files would collect\n/);
    expect(md.stdout).toContain("| # | Root cause | Where | Repair | Safety | Alternatives |");
    expect(md.stdout).toContain("```diff\ndiff --git a/src/agent_orchestration/performance.py b/src/agent_orchestration/performance/__init__.py");
    const dir = copyOf(seed);
    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache", "--format", "json"], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["version", "root", "pythonVersion", "diagnostics", "repair", "summary"]);
    expect(out.diagnostics).toEqual([]);
    expect(out.repair.applied).toBe(true);
    expect(out.repair.verification.nowCollect).toHaveLength(20);
    expect(out.repair.groups.map((g: { code: string; applied: number | null }) => `${g.code} ${g.applied}`)).toEqual(["IMP002 1", "IMP002 1", "IMP003 1", "IMP003 1", "IMP004 1"]);
  });

  it("--fix without --unsafe-fixes applies only the safe fixes and says how many wait", () => {
    const dir = copyOf(seed);
    const r = cli(["check", ".", "--fix", "--no-cache"], dir);
    expect(r.code).toBe(1); // the two missing routers need an unsafe removal
    expect(r.stderr).toBe("Fixed 11 diagnostics in 3 files; 7 of 20 blocked test files now collect (2 more fixes available with --unsafe-fixes).\n");
    expect(existsSync(path.join(dir, "src/agent_orchestration/performance/__init__.py"))).toBe(true);
    expect(readFileSync(path.join(dir, "src/player_experience/api/app.py"), "utf8")).toBe(readFileSync(path.join(seed, "src/player_experience/api/app.py"), "utf8"));
  });
});

describe("applying fixes safely", () => {
  it("a scaffold copies no import that would not resolve; a name nothing defines goes with its use instead", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "svc"\nversion = "0"\ndependencies = ["fastapi"]\n',
      "svc/__init__.py": "",
      "svc/routers/__init__.py": "",
      // Every sibling guards an import of a module that does not exist, and a third-party one: neither may be copied.
      "svc/routers/a.py": 'from fastapi import APIRouter\ntry:\n    from .deps import get_db\nexcept ImportError:\n    get_db = None\n\nrouter = APIRouter(dependencies=[get_db])\n',
      "svc/routers/b.py": 'from fastapi import APIRouter\ntry:\n    from .deps import get_db\nexcept ImportError:\n    get_db = None\n\nrouter = APIRouter(dependencies=[get_db])\n',
      "svc/app.py": "from .routers import a, b, c\n\nROUTERS = [m.router for m in (a, b, c)]\n",
    });
    const diff = cli(["check", ".", "--diff", "--unsafe-fixes", "--no-cache", "--choose", "IMP002@svc/app.py:1=2"], dir);
    expect(diff.stdout).toContain("+router = None  # TODO: importers read `svc.routers.c.router`\n");
    expect(diff.stdout).not.toContain("deps");
    expect(diff.stdout).not.toContain("fastapi");
    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(r.stderr).toContain("Fixed 1 diagnostic in 1 file.");
    expect(readFileSync(path.join(dir, "svc", "app.py"), "utf8")).toBe("from .routers import a, b\n\nROUTERS = [m.router for m in (a, b)]\n");
  });

  it("when a pass is retried group by group, skips the fixes made stale by one that applied and recomputes them next pass", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
      "pkg/__init__.py": "",
      // Re-exporting W would break `import pkg`: the pass is retried one group at a time; the two removals share a file.
      "pkg/sub.py": "from .missing import x\n\n\nclass W:\n    pass\n",
      "pkg/other.py": "VALUE = 1\n",
      "app.py": "from pkg import W\n",
      "main.py": "import pkg.other\n",
      "zz.py": "from pkg import Gone\nfrom pkg import Lost\nVALUE = 1\n",
    });
    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(r.stderr).toContain("fix not applied for IMP002 at app.py:1 (Re-export `W` from `.sub` in pkg/__init__.py)");
    expect(readFileSync(path.join(dir, "zz.py"), "utf8")).toBe("VALUE = 1\n");
    // The next candidate of the same cause, tried after the first was refused.
    expect(readFileSync(path.join(dir, "app.py"), "utf8")).toBe("from pkg.sub import W\n");
  });

  it("rolls back a fix that adds no finding but breaks a module that imported fine (the old finding masks the new one)", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
      "pkg/__init__.py": "",
      // pkg.sub defines W but cannot be imported: re-exporting W from pkg/__init__.py would break `import pkg`.
      "pkg/sub.py": "from .missing import x\n\n\nclass W:\n    pass\n",
      "pkg/other.py": "VALUE = 1\n",
      "app.py": "from pkg import W\n",
      "main.py": "import pkg.other\n",
    });
    const was = snapshot(dir);
    const r = cli(["check", ".", "--fix", "--no-cache"], dir);
    expect(r.stderr).toContain("import-doctor: fix not applied for IMP002 at app.py:1 (Re-export `W` from `.sub` in pkg/__init__.py): importing main, pkg, pkg.other would fail, which works now");
    expect(changed(was, snapshot(dir))).toEqual([]);
  });

  it("removes two identical unused imports in one pass and leaves a valid file", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
      "beta/__init__.py": "X = 1\n",
      "util/__init__.py": "",
      "util/core.py": "from beta import Widget\nfrom beta import Widget\nif True:\n    import beta\n",
      "util/other.py": "from beta import Gadget, X\n",
    });
    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, "util", "core.py"), "utf8")).toBe("if True:\n    import beta\n");
    expect(readFileSync(path.join(dir, "util", "other.py"), "utf8")).toBe("from beta import X\n");
  });

  it("applies in a later pass an edit identical to an earlier one on a file that changed in between", () => {
    // pkg.a fails before it could define Widget, so main.py's line 3 is only a warning until pass 1 repairs pkg.a and
    // removes main.py's line 2; then its fix removes "line 2" again: the same range on different text.
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
      "pkg/__init__.py": "",
      "pkg/a.py": "from . import Gone\n__all__ = ['Widget']\n",
      "main.py": "import os\nfrom pkg import Foo\nfrom pkg.a import Widget\n",
    });
    const r = cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache"], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, "main.py"), "utf8")).toBe("import os\n");
    expect(readFileSync(path.join(dir, "pkg", "a.py"), "utf8")).toBe("__all__ = ['Widget']\n");
  });

  it("never writes outside the root: a file reached through a symlink that leaves the root is left alone", () => {
    const outside = makeRepo({ "legacy.py": "import aioredis\n" });
    const dir = makeRepo({ "pyproject.toml": '[project]\nname = "app"\nversion = "0"\ndependencies = ["redis"]\n', "app/__init__.py": "", "app/cache.py": "import aioredis\n" });
    symlinkSync(path.join(outside, "legacy.py"), path.join(dir, "app", "legacy.py"));
    const r = cli(["check", ".", "--fix", "--no-cache"], dir);
    expect(r.stderr).toMatch(/fix not applied for IMP004 at app\/legacy\.py:1 .*outside the root/);
    expect(readFileSync(path.join(outside, "legacy.py"), "utf8")).toBe("import aioredis\n");
    expect(readFileSync(path.join(dir, "app", "cache.py"), "utf8")).toBe("from redis import asyncio as aioredis\n");
  });

  it("keeps the encoding, BOM, line endings and mode of the files it rewrites", () => {
    const latin1 = Buffer.concat([Buffer.from("# -*- coding: latin-1 -*-\r\nimport aioredis\r\nNAME = '"), Buffer.from([0xe9]), Buffer.from("'\r\n")]);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("import aioredis\nX = 'é'\n")]);
    const dir = makeRepo({ "pyproject.toml": '[project]\nname = "app"\nversion = "0"\ndependencies = ["redis"]\n', "app/__init__.py": "", "app/old.py": latin1, "app/bom.py": bom });
    chmodSync(path.join(dir, "app", "old.py"), 0o755);
    expect(cli(["check", ".", "--fix", "--no-cache"], dir).stderr).toBe("Fixed 4 diagnostics in 2 files.\n");
    expect(readFileSync(path.join(dir, "app", "old.py"))).toEqual(Buffer.concat([Buffer.from("# -*- coding: latin-1 -*-\r\nfrom redis import asyncio as aioredis\r\nNAME = '"), Buffer.from([0xe9]), Buffer.from("'\r\n")]));
    expect(statSync(path.join(dir, "app", "old.py")).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(dir, "app", "bom.py"))).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("from redis import asyncio as aioredis\nX = 'é'\n")]));
  });

  it("in git, refuses to touch files with uncommitted changes unless --allow-dirty, and says which", () => {
    const dir = makeRepo({ "pyproject.toml": '[project]\nname = "app"\nversion = "0"\ndependencies = ["redis"]\n', "app/__init__.py": "", "app/cache.py": "import aioredis\n" });
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "init");
    writeFileSync(path.join(dir, "app", "cache.py"), "import aioredis\nX = 1\n");
    const r = cli(["check", ".", "--fix", "--no-cache"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--fix would change files with uncommitted changes: app/cache.py");
    expect(readFileSync(path.join(dir, "app", "cache.py"), "utf8")).toBe("import aioredis\nX = 1\n");
    const ok = cli(["check", ".", "--fix", "--allow-dirty", "--no-cache"], dir);
    expect(ok.code).toBe(0);
    expect(readFileSync(path.join(dir, "app", "cache.py"), "utf8")).toBe("from redis import asyncio as aioredis\nX = 1\n");
  });

  it("an interrupted write leaves the old file or the new one, never a mix", () => {
    const dir = makeRepo({});
    const file = path.join(dir, "big.py");
    const a = "a".repeat(4 << 20);
    const b = "b".repeat(4 << 20);
    writeFileSync(file, a);
    const script = path.join(dir, "writer.mts");
    writeFileSync(script, `import { writeAtomic } from ${JSON.stringify(path.join(ROOT, "src", "fix", "write.ts"))};\nconst [a, b] = [Buffer.from("a".repeat(4 << 20)), Buffer.from("b".repeat(4 << 20))];\nprocess.stdout.write("ready\\n");\nfor (let i = 0; ; i++) writeAtomic(${JSON.stringify(file)}, i % 2 ? a : b);\n`);
    for (const delay of [150, 400, 900]) {
      const r = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, timeout: 1500 + delay, killSignal: "SIGKILL", encoding: "utf8" });
      expect(r.signal).toBe("SIGKILL");
      const now = readFileSync(file, "latin1");
      expect(now === a || now === b).toBe(true);
    }
  });
});

describe("renderDiff", () => {
  it("writes modifications, creations, renames and deletions as git-style patches that git apply accepts", () => {
    const dir = makeRepo({ "keep.py": "a = 1\nb = 2\n", "gone.py": "x = 1\n", "old/name.py": "import os\n" });
    const changes: Change[] = [
      { kind: "modify", from: "keep.py", to: "keep.py", before: Buffer.from("a = 1\nb = 2\n"), after: Buffer.from("a = 1\nb = 3\n"), mode: 0o100644 },
      { kind: "create", from: null, to: "new/mod.py", before: null, after: Buffer.from("y = 2\n"), mode: 0o100644 },
      { kind: "rename", from: "old/name.py", to: "old/name/__init__.py", before: Buffer.from("import os\n"), after: Buffer.from("import os\n"), mode: 0o100644 },
      { kind: "delete", from: "gone.py", to: null, before: Buffer.from("x = 1\n"), after: null, mode: 0o100644 },
    ];
    const diff = renderDiff(changes).toString("utf8");
    expect(diff).toBe([
      "diff --git a/keep.py b/keep.py", "--- a/keep.py", "+++ b/keep.py", "@@ -1,2 +1,2 @@", " a = 1", "-b = 2", "+b = 3",
      "diff --git a/new/mod.py b/new/mod.py", "new file mode 100644", "--- /dev/null", "+++ b/new/mod.py", "@@ -0,0 +1 @@", "+y = 2",
      "diff --git a/old/name.py b/old/name/__init__.py", "similarity index 100%", "rename from old/name.py", "rename to old/name/__init__.py",
      "diff --git a/gone.py b/gone.py", "deleted file mode 100644", "--- a/gone.py", "+++ /dev/null", "@@ -1 +0,0 @@", "-x = 1", "",
    ].join("\n"));
    writeFileSync(path.join(dir, "patch.diff"), diff);
    const r = spawnSync("git", ["apply", "patch.diff"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(readFileSync(path.join(dir, "keep.py"), "utf8")).toBe("a = 1\nb = 3\n");
    expect(readFileSync(path.join(dir, "new/mod.py"), "utf8")).toBe("y = 2\n");
    expect(readFileSync(path.join(dir, "old/name/__init__.py"), "utf8")).toBe("import os\n");
    expect(existsSync(path.join(dir, "gone.py"))).toBe(false);
  });

  it("writes a CRLF file's and a Latin-1 file's lines as they are, so that git apply takes them", () => {
    const crlf = Buffer.from("import aioredis\r\nx = 1\r\n");
    const latin = Buffer.from("# -*- coding: latin-1 -*-\n# caf\xe9\nimport aioredis\n", "latin1");
    const dir = makeRepo({ "crlf.py": crlf, "latin.py": latin });
    const fixed = (b: Buffer, enc: BufferEncoding) => Buffer.from(b.toString(enc).replace("import aioredis", "from redis import asyncio as aioredis"), enc);
    const changes: Change[] = [
      { kind: "modify", from: "crlf.py", to: "crlf.py", before: crlf, after: fixed(crlf, "utf8"), mode: 0o100644 },
      { kind: "modify", from: "latin.py", to: "latin.py", before: latin, after: fixed(latin, "latin1"), mode: 0o100644 },
    ];
    writeFileSync(path.join(dir, "patch.diff"), renderDiff(changes));
    const r = spawnSync("git", ["apply", "patch.diff"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(readFileSync(path.join(dir, "crlf.py"))).toEqual(fixed(crlf, "utf8"));
    expect(readFileSync(path.join(dir, "latin.py"))).toEqual(fixed(latin, "latin1"));
  });
});

describe("pyproject.toml dependencies", () => {
  const add = (text: string): string => {
    const r = addDependencyEdit("pyproject.toml", text, "redis");
    if (!("edit" in r)) throw new Error(r.why);
    return applyTextEdits({ text, encoding: "utf-8", bom: false, eol: "\n" }, [r.edit]);
  };
  it("adds to a multi-line array in its own style, comments kept", () => {
    expect(add('[project]\nname = "x"\ndependencies = [\n    "httpx>=0.27",  # HTTP\n    "pydantic",\n]\n')).toBe('[project]\nname = "x"\ndependencies = [\n    "httpx>=0.27",  # HTTP\n    "pydantic",\n    "redis",\n]\n');
  });
  it("adds to a one-line array and creates the key when [project] has none", () => {
    expect(add('[project]\nname="x"\ndependencies = ["a", "b"]\n[tool.x]\ny=1\n')).toBe('[project]\nname="x"\ndependencies = ["a", "b", "redis"]\n[tool.x]\ny=1\n');
    expect(add('[project]\nname="x"\n\n[tool.x]\ny=1\n')).toBe('[project]\ndependencies = ["redis"]\nname="x"\n\n[tool.x]\ny=1\n');
  });
  it("declines a file without [project] instead of guessing", () => {
    expect(addDependencyEdit("pyproject.toml", '[tool.poetry]\nname = "x"\n', "redis")).toEqual({ why: "pyproject.toml has no [project] table" });
  });
});

describe("repairs of each class of root cause, checked by python3 importing the repaired modules", () => {
  const imports = (dir: string, modules: string[]) => spawnSync("python3", ["-I", "-c", `import sys; sys.path.insert(0, ${JSON.stringify(dir)})\n${modules.map((m) => `import ${m}`).join("\n")}`], { encoding: "utf8" });
  const fixAll = (dir: string) => cli(["check", ".", "--fix", "--unsafe-fixes", "--no-cache", "--python-version", "3.11"], dir);

  it("a circular import: the import whose names are read only in functions moves into them; one read only in lazy annotations goes under TYPE_CHECKING", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n',
      "shop/__init__.py": "",
      "shop/models.py": "from __future__ import annotations\n\nfrom .pricing import Price\n\n\nclass Item:\n    def price(self) -> Price:\n        return None\n",
      "shop/pricing.py": '"""Prices."""\nfrom .models import Item\n\n\nclass Price:\n    pass\n\n\ndef price_of(item):\n    """The price."""\n    return isinstance(item, Item)\n',
    });
    expect(imports(dir, ["shop.models"]).status).toBe(1);
    const r = fixAll(dir);
    expect(r.stderr).toMatch(/^Fixed \d+ diagnostics? in 1 file\./m);
    expect(imports(dir, ["shop.models", "shop.pricing"]).stderr).toBe("");
    expect(fixAll(dir).stderr).toContain("Fixed 0 diagnostics in 0 files.");
  });

  it("relative imports one dot short and one dot over get the dot count that resolves, never an absolute path", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\n',
      "shop/__init__.py": "",
      "shop/helpers.py": "def fmt(x):\n    return str(x)\n",
      "shop/api/__init__.py": "",
      "shop/api/views.py": "from .helpers import fmt\n",
      "shop/api/admin.py": "from ...helpers import fmt\n",
    });
    fixAll(dir);
    expect(readFileSync(path.join(dir, "shop/api/views.py"), "utf8")).toBe("from ..helpers import fmt\n");
    expect(readFileSync(path.join(dir, "shop/api/admin.py"), "utf8")).toBe("from ..helpers import fmt\n");
    expect(imports(dir, ["shop.api.views", "shop.api.admin"]).stderr).toBe("");
  });

  it("an absolute import of a module beside the file in its package becomes relative (one dot too few)", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\ndependencies = []\n',
      "shop/__init__.py": "",
      "shop/globals.py": "X = 1\n",
      "shop/helpers.py": "def fmt(x):\n    return str(x)\n",
      "shop/views.py": "from globals import X\nimport helpers as h\n",
    });
    expect(imports(dir, ["shop.views"]).status).toBe(1);
    fixAll(dir);
    expect(readFileSync(path.join(dir, "shop/views.py"), "utf8")).toBe("from .globals import X\nfrom . import helpers as h\n");
    expect(imports(dir, ["shop.views"]).stderr).toBe("");
  });

  it("a package's __init__.py moved out beside its directory moves back in, its relative imports naming its own submodules", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "lib"\nversion = "0"\n',
      "lib.py": "from ._core import VALUE\n",
      "lib/_core.py": "VALUE = 1\n",
    });
    expect(imports(dir, ["lib"]).status).toBe(1);
    fixAll(dir);
    expect(readFileSync(path.join(dir, "lib/__init__.py"), "utf8")).toBe("from ._core import VALUE\n");
    expect(imports(dir, ["lib", "lib._core"]).stderr).toBe("");
  });

  it("a subpackage's __init__.py moved out beside its directory moves back in, though its importers are masked by its own failure", () => {
    // packaging's shape: `pkg/licenses.py` fails on `from ._spdx import …` (IMP001), so the test's import of
    // `pkg.licenses._spdx` (IMP003) is only a warning behind it. The move repairs both.
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "pkg"\nversion = "0"\n',
      "pkg/__init__.py": "",
      "pkg/licenses.py": "from ._spdx import LICENSES\n",
      "pkg/licenses/_spdx.py": "LICENSES = {}\n",
      "tests/test_licenses.py": "from pkg.licenses import LICENSES\nfrom pkg.licenses._spdx import LICENSES as L2\n",
    });
    expect(imports(dir, ["pkg.licenses"]).status).toBe(1);
    const r = fixAll(dir);
    expect(r.stderr).toMatch(/^Fixed 3 diagnostics in 1 file; 1 of 1 blocked test file now collects\./m);
    expect(readFileSync(path.join(dir, "pkg/licenses/__init__.py"), "utf8")).toBe("from ._spdx import LICENSES\n");
    expect(imports(dir, ["pkg.licenses", "pkg.licenses._spdx"]).stderr).toBe("");
  });

  it("a renamed submodule is imported under the name the code reads", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "app"\nversion = "0"\n',
      "app/__init__.py": "",
      "app/parsers.py": "def parse(x):\n    return x\n",
      "app/cli.py": "from . import parser\n\n\ndef run():\n    return parser.parse(1)\n",
    });
    fixAll(dir);
    expect(readFileSync(path.join(dir, "app/cli.py"), "utf8")).toBe("from . import parsers as parser\n\n\ndef run():\n    return parser.parse(1)\n");
    expect(imports(dir, ["app.cli"]).stderr).toBe("");
  });

  it("a renamed submodule imported from its package by several modules (one hidden behind a circular import) is renamed in all of them", () => {
    // attrs' shape: `_config.py` renamed; __init__.py, setters.py (in a cycle with the package) and _make.py import it.
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "lib"\nversion = "0"\n',
      "lib/__init__.py": "from ._configs import RUN\nfrom . import setters\nfrom ._make import make\n",
      "lib/_configs.py": "RUN = True\n",
      "lib/setters.py": "from . import _config\n\n\ndef on():\n    return _config.RUN\n",
      "lib/_make.py": "from . import _config, setters\n\n\ndef make():\n    return _config.RUN\n",
      "tests/test_config.py": "from lib import _config\n",
    });
    expect(imports(dir, ["lib"]).status).toBe(1);
    fixAll(dir);
    expect(readFileSync(path.join(dir, "lib/setters.py"), "utf8")).toContain("from . import _configs as _config\n");
    expect(readFileSync(path.join(dir, "lib/_make.py"), "utf8")).toContain("from . import _configs as _config, setters\n");
    expect(readFileSync(path.join(dir, "tests/test_config.py"), "utf8")).toBe("from lib import _configs as _config\n");
    expect(imports(dir, ["lib", "lib.setters", "lib._make"]).stderr).toBe("");
    expect(fixAll(dir).stderr).toContain("Fixed 0 diagnostics in 0 files.");
  });

  it("a name two submodules define is re-exported from the one the package already re-exports other names from, as an unsafe fix", () => {
    const dir = makeRepo({
      "pyproject.toml": '[project]\nname = "lib"\nversion = "0"\n',
      "lib/__init__.py": "from ._next_gen import define\nfrom . import setters\n",
      "lib/_next_gen.py": "def define():\n    pass\n\n\nfrozen = define\n",
      "lib/setters.py": "def frozen(a, b, c):\n    pass\n",
      "app.py": "from lib import define, frozen\n",
    });
    const safe = cli(["check", ".", "--fix", "--no-cache", "--python-version", "3.11"], dir);
    expect(safe.stderr).toContain("Fixed 0 diagnostics");
    fixAll(dir);
    expect(readFileSync(path.join(dir, "lib/__init__.py"), "utf8")).toBe("from ._next_gen import define\nfrom . import setters\nfrom ._next_gen import frozen\n");
    expect(imports(dir, ["app"]).stderr).toBe("");
  });

  it("never deletes a public re-export from a package's __init__.py, even when nothing there uses it", () => {
    const dir = makeRepo({ "pyproject.toml": '[project]\nname = "pkg"\nversion = "0"\n', "pkg/__init__.py": "from .json import jsonify\n", "pkg/json.py": "def dumps(x):\n    return x\n" });
    const was = snapshot(dir);
    expect(cli(["check", ".", "--diff", "--unsafe-fixes", "--no-cache"], dir).stderr).toContain("No fixes available");
    expect(changed(was, snapshot(dir))).toEqual([]);
  });
});
