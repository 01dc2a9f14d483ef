// Faults, one regression test each: edits saved while --fix writes, kills during the write, a hostile cache
// directory, stale stats, damaged cache files, git that fails or would run the repository's programs.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/tmp.js";
import { BIN, cli, deprecatedImports, FIXED, fixPausedAt, ORIGINAL, scratchFiles, snapshotTree } from "./harness.js";

const git = (cwd: string, ...args: string[]): string => execFileSync("git", ["-c", "user.email=t@example.invalid", "-c", "user.name=t", ...args], { cwd, encoding: "utf8" });

describe("--fix never loses an edit saved while it writes", () => {
  it("a file edited just before it is replaced keeps the edit; the files written before it are put back", async () => {
    const root = deprecatedImports(3);
    let edited = "";
    const r = await fixPausedAt(root, 1, (_pid, rel) => {
      edited = rel;
      writeFileSync(path.join(root, rel), "# my edit\nimport aioredis\n");
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${edited} changed while the fixes were written`);
    expect(r.stderr).toMatch(/written, then put back as they were: tests\/test_\d\.py/);
    expect(r.stderr).not.toContain("Fixed");
    expect(readFileSync(path.join(root, edited), "utf8")).toBe("# my edit\nimport aioredis\n");
    for (let i = 0; i < 3; i++) if (`tests/test_${i}.py` !== edited) expect(readFileSync(path.join(root, `tests/test_${i}.py`), "utf8")).toBe(ORIGINAL(i));
    expect(scratchFiles(root)).toEqual([]);
  });

  it("a file saved again after it was written is not rolled back, and the message says so", async () => {
    const root = deprecatedImports(2);
    let first = "";
    const r = await fixPausedAt(root, 1, (_pid, rel) => {
      first = rel === "tests/test_1.py" ? "tests/test_0.py" : "tests/test_1.py";
      writeFileSync(path.join(root, first), "# saved after the fix\n");
      writeFileSync(path.join(root, rel), "# and this one before\n");
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`written and changed again since, so left as they are now`);
    expect(readFileSync(path.join(root, first), "utf8")).toBe("# saved after the fix\n");
  });

  it("without interference, every file is written and no scratch file or stage directory is left", () => {
    const root = deprecatedImports(3);
    // A temporary directory of its own: other tests make theirs meanwhile.
    const tmp = makeRepo({});
    const r = cli(["check", root, "--fix", "--allow-dirty"], { env: { TMPDIR: tmp } });
    expect(r.stderr).toContain("Fixed 6 diagnostics in 3 files; 3 of 3 blocked test files now collect.");
    for (let i = 0; i < 3; i++) expect(readFileSync(path.join(root, `tests/test_${i}.py`), "utf8")).toBe(FIXED(i));
    expect(scratchFiles(root)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe("a --fix killed while it writes", () => {
  it("kill -9 halfway leaves a journal that the next run rolls back: the tree is as before, with no scratch file", async () => {
    const root = deprecatedImports(3);
    const before = snapshotTree(root);
    const r = await fixPausedAt(root, 2, (pid) => process.kill(pid, "SIGKILL"));
    expect(r.signal).toBe("SIGKILL");
    expect(scratchFiles(root).length).toBeGreaterThan(0);
    const next = cli(["check", root]);
    expect(next.stderr).toContain("a --fix was interrupted while it wrote; it is rolled back: put back");
    expect(snapshotTree(root)).toEqual(before);
    expect(scratchFiles(root)).toEqual([]);
  });

  it("a journal's own scratch file, left by a run killed while it wrote the journal, is removed by the next run", () => {
    const root = deprecatedImports(1);
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const scratch = path.join(root, `..import-doctor-fix-${dead}.journal.import-doctor-${dead}-abc123.tmp`);
    writeFileSync(scratch, '{"pid":');
    cli(["check", root]);
    expect(scratchFiles(root)).toEqual([]);
  });

  it("SIGTERM during the write lets it finish, then ends the process; the stage directory goes", async () => {
    const root = deprecatedImports(2);
    const tmp = makeRepo({});
    const r = await fixPausedAt(root, 0, (pid) => process.kill(pid, "SIGTERM"), [], { TMPDIR: tmp });
    expect(r.signal).toBe("SIGTERM");
    for (let i = 0; i < 2; i++) expect(readFileSync(path.join(root, `tests/test_${i}.py`), "utf8")).toBe(FIXED(i));
    expect(scratchFiles(root)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe("the cache directory is the tool's own", () => {
  it("a symbolic link standing for .import-doctor-cache is never written through: a warning, and no cache", () => {
    const root = makeRepo({ "app/__init__.py": "", "app/main.py": "from app import missing\n", "elsewhere/keep.txt": "x" });
    symlinkSync(path.join(root, "elsewhere"), path.join(root, ".import-doctor-cache"));
    const r = cli(["check", root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("warning: .import-doctor-cache is a symbolic link; running without a cache");
    expect(readdirSync(path.join(root, "elsewhere"))).toEqual(["keep.txt"]);
  });

  it("a FIFO among the cache files, or as the code cache, is skipped, not waited on", () => {
    const root = makeRepo({ "app/__init__.py": "", "app/main.py": "import app\n" });
    expect(cli(["check", root]).code).toBe(0);
    const cache = path.join(root, ".import-doctor-cache");
    for (const name of readdirSync(cache)) if (name.startsWith("results-") || name.startsWith("facts-")) {
      rmSync(path.join(cache, name));
      execFileSync("mkfifo", [path.join(cache, name)]);
    }
    const codeCache = makeRepo({});
    const r = cli(["check", root], { env: { XDG_CACHE_HOME: codeCache } });
    expect(r.code).toBe(0);
    const dir = path.join(codeCache, "import-doctor");
    for (const name of readdirSync(dir)) {
      rmSync(path.join(dir, name));
      execFileSync("mkfifo", [path.join(dir, name)]);
    }
    expect(cli(["check", root, "--no-cache"], { env: { XDG_CACHE_HOME: codeCache } }).code).toBe(0);
  });
});

describe("a stored result is served only while it holds", () => {
  it("an edit that keeps the size and restores the modification time (cp -p, touch -r) is seen", () => {
    const root = makeRepo({ "app/__init__.py": "", "app/util.py": "def helper():\n    pass\n", "app/main.py": "from app.util import helper\n" });
    const file = path.join(root, "app/main.py");
    // Old enough that its stat vouches for it (not "racily clean").
    const old = new Date("2024-01-01T00:00:00Z");
    utimesSync(file, old, old);
    expect(cli(["check", root]).code).toBe(0);
    writeFileSync(file, "from app.util import helpen\n");
    utimesSync(file, old, old);
    const served = cli(["check", root]);
    expect(served.code).toBe(1);
    expect(served.stdout).toBe(cli(["check", root, "--no-cache"]).stdout);
  });

  it("a relative --python-env is the directory it names from where the command runs", () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\nversion = "0"\nrequires-python = ">=3.11"\n',
      "app.py": "import attrs\n",
      "a/env/lib/python3.11/site-packages/attrs/__init__.py": "",
      "b/env/lib/python3.11/site-packages/other/__init__.py": "",
    });
    const inA = cli(["check", root, "--python-env", "env"], { cwd: path.join(root, "a") });
    expect(inA.code).toBe(0);
    const inB = cli(["check", root, "--python-env", "env"], { cwd: path.join(root, "b") });
    expect(inB.code).toBe(1);
    expect(inB.stdout).toContain("IMP005");
  });
});

describe("a damaged cache file is a missing one", () => {
  it("a flipped byte in a stored result, the code frames or a facts shard gives what --no-cache gives", () => {
    const root = makeRepo({ "app/__init__.py": "", "app/main.py": "from app import missing\n", "app/b.py": "import app.main\n" });
    const expected = cli(["check", root, "--no-cache"]);
    expect(cli(["check", root]).stdout).toBe(expected.stdout);
    const cache = path.join(root, ".import-doctor-cache");
    let flipped = 0;
    for (const name of readdirSync(cache).filter((n) => n !== ".gitignore")) {
      const file = path.join(cache, name);
      const bytes = readFileSync(file);
      // A byte of the text the report shows: a damaged copy of it must never be shown.
      const at = bytes.indexOf("missing");
      if (at < 0) continue;
      bytes[at] = bytes[at]! ^ 0x20;
      writeFileSync(file, bytes);
      flipped++;
      const r = cli(["check", root]);
      expect(r.code, name).toBe(expected.code);
      expect(r.stdout, name).toBe(expected.stdout);
    }
    expect(flipped).toBeGreaterThanOrEqual(2);
  });

  it("a facts shard whose text was edited ('facts' → 'fact3' in an entry) is parsed again, not an error", () => {
    const root = makeRepo({ "app/__init__.py": "", "app/main.py": "from app import missing\n" });
    const expected = cli(["check", root, "--no-cache"]);
    cli(["check", root]);
    const cache = path.join(root, ".import-doctor-cache");
    for (const name of readdirSync(cache).filter((n) => n.startsWith("facts-"))) {
      const file = path.join(cache, name);
      const text = readFileSync(file, "latin1");
      const at = text.lastIndexOf('"facts"');
      writeFileSync(file, `${text.slice(0, at)}"fact3"${text.slice(at + 7)}`, "latin1");
    }
    // The stored result would be served without the facts: a new option makes the run analyse.
    for (let i = 0; i < 2; i++) {
      const r = cli(["check", root, "--python-version", "3.12"]);
      expect(r.code).toBe(expected.code);
      expect(r.stderr).toBe("");
    }
  });
});

describe("git", () => {
  const repoWithFix = (): string => {
    const root = deprecatedImports(1);
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "init");
    return root;
  };

  it.each([
    ["a corrupt HEAD", (root: string) => writeFileSync(path.join(root, ".git/HEAD"), "garbage\n")],
    ["a .git file pointing nowhere", (root: string) => {
      rmSync(path.join(root, ".git"), { recursive: true });
      writeFileSync(path.join(root, ".git"), "gitdir: /nowhere/at/all\n");
    }],
    ["a repository owned by another user", (root: string) => execFileSync("chown", ["-R", "12345:12345", path.join(root, ".git")])],
  ])("--fix without --allow-dirty writes nothing when git cannot tell what is dirty: %s", (_what, breakIt) => {
    const root = repoWithFix();
    breakIt(root);
    const r = cli(["check", root, "--fix"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--fix cannot tell whether the files it would change have uncommitted changes");
    expect(readFileSync(path.join(root, "tests/test_0.py"), "utf8")).toBe(ORIGINAL(0));
  });

  it("runs neither the repository's fsmonitor hook nor its clean filter (check PATHS, --staged, --fix)", () => {
    const root = repoWithFix();
    const marker = path.join(root, "..", `${path.basename(root)}-ran`);
    const hook = path.join(root, "..", `${path.basename(root)}-hook.sh`);
    writeFileSync(hook, `#!/bin/sh\necho "$0 $*" >> "${marker}"\nexit 1\n`);
    chmodSync(hook, 0o755);
    git(root, "config", "core.fsmonitor", hook);
    git(root, "config", "filter.evil.clean", `sh -c 'echo clean >> "${marker}"; cat'`);
    writeFileSync(path.join(root, ".gitattributes"), "*.py filter=evil\n");
    writeFileSync(path.join(root, "tests/test_0.py"), ORIGINAL(0) + "# edited\n");
    git(root, "-c", "core.fsmonitor=false", "-c", "filter.evil.clean=", "add", "tests/test_0.py");
    expect(existsSync(marker)).toBe(false);
    cli(["check", root, "tests/test_0.py"], { cwd: root });
    cli(["check", "--staged"], { cwd: root });
    cli(["check", root, "--fix"]);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("special files never hang a run", () => {
  it.each(["/dev/zero", "/dev/urandom"])("a module that is a link to %s is skipped with an info diagnostic", (device) => {
    const root = makeRepo({ "app/__init__.py": "", "app/main.py": "import app.mod\n" });
    symlinkSync(device, path.join(root, "app/mod.py"));
    const r = cli(["check", root, "--format", "json"]);
    expect(r.signal).toBeNull();
    const mod = (JSON.parse(r.stdout) as { diagnostics: { path: string; severity: string; message: string }[] }).diagnostics.find((d) => d.path === "app/mod.py");
    expect(mod).toMatchObject({ severity: "info", message: "Skipped: the file could not be analysed (it is a character device, not a file)" });
  });

  it("a FIFO named pyproject.toml is a one-line error; one named .gitignore is passed over", () => {
    const root = makeRepo({ "app/__init__.py": "" });
    execFileSync("mkfifo", [path.join(root, ".gitignore")]);
    expect(cli(["check", root]).code).toBe(0);
    execFileSync("mkfifo", [path.join(root, "pyproject.toml")]);
    const r = cli(["check", root]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^import-doctor: .*pyproject\.toml is a FIFO, not a file; import-doctor does not read it\n$/);
  });
});

/** The CLI run as another user (nobody), for what root's permissions hide; the repository must be readable to them. */
function asNobody(args: string[]) {
  const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/nonexistent", "NO_COLOR=1", "TMPDIR=/tmp", process.execPath, BIN, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A repository in a directory every user may enter (the tests' own temporary directory is private). */
function sharedRepo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join("/tmp", "import-doctor-shared-"));
  chmodSync(root, 0o755);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(root, rel), content, { mode: 0o644 });
  }
  return root;
}

describe("what a user can act on is a message, not an internal error", () => {
  it("a directory the user cannot read is a warning naming it; the rest is checked", () => {
    const root = sharedRepo({ "app/__init__.py": "", "app/main.py": "from app import missing\n", "app/secret/x.py": "" });
    try {
      chmodSync(path.join(root, "app/secret"), 0o700);
      const r = asNobody(["check", root, "--no-cache"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("app/secret:1:1: IMP000 [warning] Cannot read the directory app/secret/ (permission denied): the modules in it are not checked");
      expect(r.stdout).toContain("IMP002 `app` does not define `missing`");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("--diff and --fix go on past a file the user cannot read and a file name that is not UTF-8", () => {
    const root = sharedRepo({ "pyproject.toml": '[project]\nname = "x"\nversion = "0"\ndependencies = ["redis"]\n', "tests/test_a.py": "import aioredis\n", "app/secret.py": "x = 1\n" });
    try {
      chmodSync(path.join(root, "app/secret.py"), 0o600);
      writeFileSync(Buffer.concat([Buffer.from(path.join(root, "app") + "/bad"), Buffer.from([0xff]), Buffer.from("name.py")]) as unknown as string, "x = 1\n", { mode: 0o644 });
      execFileSync("chown", ["-R", "65534", path.join(root, "tests"), root]);
      const diff = asNobody(["check", root, "--no-cache", "--diff"]);
      expect(diff.stderr).not.toContain("internal error");
      expect(diff.stdout).toContain("+from redis import asyncio as aioredis");
      const fix = asNobody(["check", root, "--no-cache", "--fix", "--allow-dirty"]);
      expect(fix.stderr).not.toContain("internal error");
      expect(readFileSync(path.join(root, "tests/test_a.py"), "utf8")).toBe("from redis import asyncio as aioredis\n");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("a write the file system refuses halfway", () => {
  it("a directory the user may not write, holding the second file to fix: nothing is written, and the message says which", () => {
    const root = sharedRepo({ "pyproject.toml": '[project]\nname = "x"\nversion = "0"\ndependencies = ["redis"]\n', "tests/a/test_0.py": "import aioredis\n", "tests/b/test_1.py": "import aioredis\n" });
    try {
      execFileSync("chown", ["-R", "65534", root]);
      execFileSync("chown", ["0", path.join(root, "tests/b")]);
      const r = asNobody(["check", root, "--no-cache", "--fix", "--allow-dirty"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("could not write tests/b/test_1.py (EACCES); nothing was written");
      expect(readFileSync(path.join(root, "tests/a/test_0.py"), "utf8")).toBe("import aioredis\n");
      expect(readFileSync(path.join(root, "tests/b/test_1.py"), "utf8")).toBe("import aioredis\n");
      expect(scratchFiles(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("the same answer whatever runs it", () => {
  it("roots = [\"../shared\"] means the same directory for --diff and --fix as for check", () => {
    const parent = makeRepo({ "shared/lib/sharedmod.py": "def helper():\n    pass\n" });
    const root = path.join(parent, "repo");
    mkdirSync(path.join(root, "app"), { recursive: true });
    writeFileSync(path.join(root, "pyproject.toml"), '[project]\nname = "r"\nversion = "0"\ndependencies = ["redis"]\n[tool.import-doctor]\nroots = ["../shared/lib"]\n');
    writeFileSync(path.join(root, "app/__init__.py"), "");
    writeFileSync(path.join(root, "app/main.py"), "from sharedmod import helper\nimport aioredis\n");
    expect(cli(["check", root]).code).toBe(0);
    const diff = cli(["check", root, "--diff"]);
    expect(diff.stderr).toContain("Would fix 2 diagnostics, changing 1 file.");
    expect(diff.stdout).toContain("+from redis import asyncio as aioredis");
  });

  it("under a limit on address space (ulimit -v 4 GB) the parser's WebAssembly still loads", () => {
    const root = makeRepo({ "app/__init__.py": "", "app/main.py": "from app import missing\n" });
    const expected = cli(["check", root, "--no-cache"]);
    const r = spawnSync("sh", ["-c", `ulimit -v 4000000 && exec "${process.execPath}" "${BIN}" check "${root}" --no-cache`], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect([r.status, r.stdout]).toEqual([expected.code, expected.stdout]);
  });
});

describe("globs never backtrack", () => {
  it("exclude and per-file-ignores patterns like *a*a*a*a*a*b on a long file name take no time", () => {
    const long = `${"a".repeat(200)}.py`;
    const root = makeRepo({
      "pyproject.toml": '[tool.import-doctor]\nexclude = ["*a*a*a*a*a*b"]\n[tool.import-doctor.per-file-ignores]\n"*a*a*a*a*a*b*" = ["IMP002"]\n',
      "app/__init__.py": "",
      [`app/${long}`]: "from app import missing\n",
    });
    const started = Date.now();
    const r = cli(["check", root, "--no-cache"]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("bytes that are not UTF-8", () => {
  it("in comments only, the file imports (as CPython 3.8–3.13 read it); in a string, it does not", () => {
    const bytes = (s: string) => Buffer.from(s, "latin1");
    const root = makeRepo({
      "app/__init__.py": "",
      "app/comments.py": bytes("x = 1  # caf\xe9 \xff\n# \xfe\nimport os\n") as unknown as string,
      "app/strings.py": bytes('x = "caf\xe9"\n') as unknown as string,
      "app/main.py": "import app.comments\nimport app.strings\n",
    });
    for (const [mod, imports] of [["app.comments", true], ["app.strings", false]] as const) {
      expect(spawnSync("python3", ["-c", `import ${mod}`], { cwd: root }).status === 0, mod).toBe(imports);
    }
    const r = JSON.parse(cli(["check", root, "--no-cache", "--format", "json"]).stdout) as { diagnostics: { path: string; code: string }[] };
    expect(r.diagnostics.filter((d) => d.code === "IMP000").map((d) => d.path)).toEqual(["app/strings.py"]);
  });
});

describe("what CPython's tokenizer refuses and tree-sitter takes", () => {
  it("201 nested brackets and 100 levels of indentation are syntax errors; 200 and 99 are not", () => {
    const parens = (n: number) => `x = ${"(".repeat(n)}1${")".repeat(n)}\n`;
    const indents = (n: number) => Array.from({ length: n }, (_, i) => `${" ".repeat(i)}if x:\n`).join("") + `${" ".repeat(n)}pass\n`;
    const root = makeRepo({ "app/__init__.py": "", "app/p200.py": parens(200), "app/p201.py": parens(201), "app/i99.py": indents(99), "app/i100.py": indents(100) });
    for (const [mod, compiles] of [["p200", true], ["p201", false], ["i99", true], ["i100", false]] as const) {
      expect(spawnSync("python3", ["-c", `compile(open("app/${mod}.py").read(), "x", "exec")`], { cwd: root }).status === 0, mod).toBe(compiles);
    }
    const r = JSON.parse(cli(["check", root, "--no-cache", "--format", "json"]).stdout) as { diagnostics: { path: string; code: string; runtimeError: string }[] };
    expect(r.diagnostics.filter((d) => d.code === "IMP000").map((d) => [d.path, d.runtimeError])).toEqual([
      ["app/i100.py", "IndentationError: too many levels of indentation"],
      ["app/p201.py", "SyntaxError: too many nested parentheses"],
    ]);
  });
});

describe("lines that end with a lone carriage return", () => {
  it("are numbered as CPython numbers them, and a fix keeps them", () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\nversion = "0"\nrequires-python = ">=3.11"\ndependencies = ["redis"]\n',
      "app/__init__.py": "",
      "app/main.py": "import os\rfrom app import missing\r",
      "tests/test_a.py": "import os\rimport aioredis\r",
    });
    const traceback = spawnSync("python3", ["-c", "import app.main"], { cwd: root, encoding: "utf8" }).stderr;
    expect(traceback).toMatch(/app\/main\.py", line 2, in <module>/);
    const r = cli(["check", root, "--no-cache"]);
    expect(r.stdout).toContain("app/main.py:2:17: IMP002 `app` does not define `missing`");
    expect(r.stdout).toContain("2 | from app import missing");
    cli(["check", root, "--fix", "--allow-dirty"]);
    expect(readFileSync(path.join(root, "tests/test_a.py"), "utf8")).toBe("import os\rfrom redis import asyncio as aioredis\r");
  });
});

describe("scratch directories", () => {
  it("a stage directory a killed run left (its process gone) is removed by the next fix", () => {
    const parent = tmpdir();
    const dead = path.join(parent, "import-doctor-stage-999999-abcdef");
    mkdirSync(dead);
    writeFileSync(path.join(dead, "x.py"), "");
    const root = deprecatedImports(1);
    cli(["check", root, "--diff"]);
    expect(existsSync(dead)).toBe(false);
  });
});
