// The result cache: a stored analysis is served again only when every input it read holds. Pinned two ways: each
// kind of input, changed on its own, forces a new analysis; and on generated repositories put through random
// edits, the result served (stored or new) is always the one a fresh analysis without any cache gives.
import { spawnSync } from "node:child_process";
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, promises as fsPromises, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze, type AnalysisResult, type AnalyzeOptions } from "../src/analyze.js";
import { firstChanged, recheck, recordInputs, untracked, type Observation } from "../src/cache/inputs.js";
import { analyzeReusing, ENV_INPUTS } from "../src/cache/result-cache.js";
import { inertImports } from "../src/inert-imports.js";
import { repoArb } from "./differential/generate.js";
import { removeRepo, writeRepo } from "./differential/harness.js";
import { makeRepo } from "./helpers/tmp.js";
import { readCacheFile, writeCacheFile } from "../src/cache/store.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");

const options = (root: string, extra: Partial<AnalyzeOptions> = {}): AnalyzeOptions => ({ root, only: [], pythonVersion: null, pythonEnv: null, useConfig: true, select: null, ignore: [], fixes: true, cache: true, threads: 1, ...extra });

/** Everything a report reads from a result. */
const answer = (r: AnalysisResult): string => JSON.stringify({ d: r.diagnostics, f: r.files, i: [...r.identities], s: r.scripts ?? [], v: r.pythonVersion, impact: r.impact ?? null, graph: r.graph ?? null });

async function run(root: string, extra: Partial<AnalyzeOptions> = {}): Promise<{ reused: boolean; moved: number; rebound: number; imports: number; same: boolean; why: string }> {
  const r = await analyzeReusing(options(root, extra), async () => analyze, async () => inertImports);
  const fresh = await analyze(options(root, { ...extra, cache: false }));
  const reused = r.reuse.kind === "reused" ? r.reuse : null;
  return { reused: reused !== null, moved: reused?.moved ?? 0, rebound: reused?.rebound ?? 0, imports: reused?.imports ?? 0, same: answer(r) === answer(fresh), why: r.reuse.kind === "analysed" ? r.reuse.why : "" };
}

/** Puts `text` before the content of `rel`. */
function prepend(root: string, rel: string, text: string): void {
  const abs = path.join(root, rel);
  writeFileSync(abs, text + readFileSync(abs, "utf8"));
}

function repo(): string {
  return makeRepo({
    "pyproject.toml": '[project]\nname = "demo"\ndependencies = ["requests"]\n',
    "app/__init__.py": "",
    "app/core.py": "import requests\n\nfrom app import helpers\nVALUE = 1\n",
    "app/helpers.py": "def helper():\n    return 1\n",
    "app/broken.py": "from app.core import missing_name\nfrom app import nowhere\n",
    // An undeclared dependency: a finding whose fix reads no source text (fixers that do make the file an input by content).
    "app/plugins.py": "import json\nimport yaml\n\nimport requests\n",
    "tests/test_core.py": "from app.core import VALUE\n",
    "app/util.py": "import os\nimport sys\n\n\ndef sep():\n    return os.sep\n",
  });
}

describe("result cache: each input, changed on its own, forces a new analysis", () => {
  const cases: [string, (root: string) => void, boolean][] = [
    ["nothing changed", () => {}, true],
    ["a comment appended (same facts)", (root) => appendFileSync(path.join(root, "app/helpers.py"), "# a comment\n"), true],
    ["a value changed within its line (same facts)", (root) => writeFileSync(path.join(root, "app/helpers.py"), "def helper():\n    return 22\n"), true],
    ["a file rewritten with the same content", (root) => writeFileSync(path.join(root, "app/core.py"), readFileSync(path.join(root, "app/core.py"))), true],
    ["a line inserted above a module's imports (its findings move with its lines)", (root) => prepend(root, "app/plugins.py", "\n# moved\n"), true],
    ["a line inserted between a finding and the next import", (root) => writeFileSync(path.join(root, "app/plugins.py"), "import json\nimport yaml\n\n\nimport requests\n"), true],
    ["a line removed between a finding and the next import", (root) => writeFileSync(path.join(root, "app/plugins.py"), "import json\nimport yaml\nimport requests\n"), true],
    ["a line inserted above a module whose fix reads its text (an input by content)", (root) => prepend(root, "app/broken.py", "\n"), false],
    ["a statement added inside a function body", (root) => writeFileSync(path.join(root, "app/helpers.py"), "def helper():\n    x = 1\n    return x\n"), true],
    ["a blank line removed", (root) => writeFileSync(path.join(root, "app/core.py"), "import requests\nfrom app import helpers\nVALUE = 1\n"), true],
    ["a top-level statement added that binds a name nothing looks up", (root) => prepend(root, "app/helpers.py", "OTHER = 2\n"), true],
    ["a function renamed that nothing imports", (root) => writeFileSync(path.join(root, "app/helpers.py"), "def helper_two():\n    return 1\n"), true],
    ["a top-level statement added in a module whose names a finding lists (did you mean)", (root) => prepend(root, "app/core.py", "OTHER = 2\n"), false],
    ["a name bound that a finding elsewhere says is missing (where it is defined)", (root) => appendFileSync(path.join(root, "app/helpers.py"), "missing_name = 1\n"), false],
    ["two statements swapped (the order changes, not only the lines)", (root) => writeFileSync(path.join(root, "app/plugins.py"), "import yaml\nimport json\n\nimport requests\n"), false],
    ["an import added", (root) => appendFileSync(path.join(root, "app/helpers.py"), "from app.core import VALUE\n"), false],
    // Inert imports (inert-imports.ts): a module outside the repository that exists, that no rule has anything to say about.
    ["a stdlib import added", (root) => prepend(root, "app/helpers.py", "import json\n"), true],
    ["a stdlib import removed", (root) => writeFileSync(path.join(root, "app/util.py"), readFileSync(path.join(root, "app/util.py"), "utf8").replace("import sys\n", "")), true],
    ["a stdlib import edited in place", (root) => writeFileSync(path.join(root, "app/util.py"), readFileSync(path.join(root, "app/util.py"), "utf8").replace("import sys", "from sys import path")), true],
    ["a stdlib import added inside a function", (root) => appendFileSync(path.join(root, "app/util.py"), "\n\ndef later():\n    import shutil\n    return shutil\n"), true],
    ["a deprecated stdlib module imported (IMP004 has something to say)", (root) => prepend(root, "app/helpers.py", "import imp\n"), false],
    ["a module found nowhere imported", (root) => prepend(root, "app/helpers.py", "import not_installed_anywhere\n"), false],
    ["a stdlib import added in a try statement (its handlers may run or not)", (root) => appendFileSync(path.join(root, "app/util.py"), "try:\n    import shutil\nexcept ImportError:\n    shutil = None\n"), false],
    ["a stdlib star import added", (root) => prepend(root, "app/helpers.py", "from os.path import *\n"), false],
    ["a stdlib import that binds a name another module imports", (root) => appendFileSync(path.join(root, "app/core.py"), "from os import sep as VALUE\n"), false],
    ["a stdlib import added to a module whose findings have fixes (its fixer reads its text: an input by content)", (root) => prepend(root, "app/broken.py", "import os\n"), false],
    ["a first-party import added that nothing else depends on", (root) => appendFileSync(path.join(root, "app/util.py"), "from app.helpers import helper\n"), true],
    ["a first-party import added that closes an import cycle", (root) => prepend(root, "app/helpers.py", "from app import core\n"), false],
    ["a first-party import of a module with findings", (root) => appendFileSync(path.join(root, "app/util.py"), "from app import broken\n"), false],
    ["a first-party import of a name the module lacks", (root) => appendFileSync(path.join(root, "app/util.py"), "from app.helpers import nothing_there\n"), false],
    ["a first-party import removed", (root) => writeFileSync(path.join(root, "app/core.py"), readFileSync(path.join(root, "app/core.py"), "utf8").replace("from app import helpers\n", "")), false],
    ["a stdlib import added to a module with a finding that has no fix", (root) => prepend(root, "app/plugins.py", "import os\n"), true],
    [
      "a same-size edit within the mtime's tick (racily clean)",
      (root) => {
        // As on a file system with whole-second times: the edit leaves size and mtime as they were.
        const abs = path.join(root, "app/core.py");
        const { atime, mtime } = statSync(abs);
        writeFileSync(abs, readFileSync(abs, "utf8").replace("VALUE = 1", "VALUX = 1"));
        utimesSync(abs, atime, mtime);
      },
      false,
    ],
    ["a module added", (root) => writeFileSync(path.join(root, "app/nowhere.py"), ""), false],
    ["a module deleted", (root) => rmSync(path.join(root, "app/helpers.py")), false],
    ["a directory shadowed by a module file", (root) => mkdirSync(path.join(root, "app/core")), false],
    ["a non-Python file where a module is looked up", (root) => writeFileSync(path.join(root, "app/nowhere.so"), ""), false],
    ["the dependencies in pyproject.toml", (root) => writeFileSync(path.join(root, "pyproject.toml"), '[project]\nname = "demo"\ndependencies = []\n'), false],
    ["configuration in pyproject.toml", (root) => appendFileSync(path.join(root, "pyproject.toml"), '[tool.import-doctor]\nignore = ["IMP002"]\n'), false],
    ["a .gitignore that hides a file", (root) => writeFileSync(path.join(root, ".gitignore"), "app/broken.py\n"), false],
    ["a .python-version", (root) => writeFileSync(path.join(root, ".python-version"), "3.9\n"), false],
    ["a virtualenv appearing", (root) => mkdirSync(path.join(root, ".venv/lib/python3.11/site-packages/requests"), { recursive: true }), false],
  ];
  for (const [what, change, reusable] of cases) {
    it(`${what}: ${reusable ? "reused" : "analysed again"}, and the same answer as no cache`, async () => {
      const root = repo();
      const whole = Math.floor(Date.now() / 1000);
      utimesSync(path.join(root, "app/core.py"), whole, whole);
      const first = await run(root);
      expect(first.reused).toBe(false);
      expect(first.same).toBe(true);
      change(root);
      const second = await run(root);
      expect(second.same).toBe(true);
      expect(second.reused, second.why).toBe(reusable);
    });
  }

  // Each way an analysis reads a module's names (name-uses.ts), pinned by an edit that only that way sees: the
  // binding edited is one the analysis looked at, so the stored result cannot stand. Before it, a name nothing looks
  // up is bound in the same module: that keeps the stored result unless the module's names were read whole.
  const doors: [string, Record<string, string>, string, string, boolean][] = [
    ["a name another module imports (the binding index)", { "pkg/__init__.py": "", "pkg/names.py": "def used():\n    pass\n", "pkg/user.py": "from pkg.names import used\n" }, "pkg/names.py", "def renamed():\n    pass\n", true],
    ["the names a star import copies (the binding index, whole)", { "pkg/__init__.py": "", "pkg/names.py": "def used():\n    pass\n", "pkg/star.py": "from pkg.names import *\n", "pkg/user.py": "from pkg.star import added\n" }, "pkg/names.py", "def used():\n    pass\nadded = 1\n", false],
    ["where a missing name is defined (the definitions)", { "pkg/__init__.py": "", "pkg/names.py": "def used():\n    pass\n", "pkg/user.py": "from pkg import wanted\n" }, "pkg/names.py", "def used():\n    pass\nwanted = 1\n", true],
    ["an attribute read while its module is still initializing (the simulation)", { "a.py": "import b\nX = 1\n", "b.py": "import a\nY = a.X\n" }, "a.py", "X = 0\nimport b\nX = 1\n", true],
  ];
  for (const [what, files, rel, text, unlookedKept] of doors) {
    it(`a binding edited that the analysis looked at, through ${what}: analysed again`, async () => {
      const root = makeRepo(files);
      expect((await run(root)).same).toBe(true);
      writeFileSync(path.join(root, rel), `nothing_looks_here = 1\n${files[rel]}`);
      const unlooked = await run(root);
      expect([unlooked.reused, unlooked.rebound, unlooked.same], unlooked.why).toEqual(unlookedKept ? [true, 1, true] : [false, 0, true]);
      writeFileSync(path.join(root, rel), `nothing_looks_here = 1\n${text}`);
      const looked = await run(root);
      expect(looked.same).toBe(true);
      expect(looked.reused, looked.why).toBe(false);
    });
  }

  // What a first-party import added can change beyond its own statement, each pinned by a repository where it does.
  const reach: [string, Record<string, string>, string, string, RegExp][] = [
    // The importing module becomes an entry of the cycle: importing a first fails, and now the module does that.
    ["into an import cycle (the module becomes one more way in)", { "a.py": "import b\nX = 1\n", "b.py": "from a import X\n", "util.py": "import os\n" }, "util.py", "import a\n", /reaches a module that fails/],
    // A module some simulation runs (entering the cycle through a): what it imports runs there too, here an
    // import of a declared dependency that may not be installed, which makes what follows in that run uncertain.
    ["into a module that a circular-import simulation runs", { "pyproject.toml": '[project]\nname = "demo"\ndependencies = ["requests"]\n', "a.py": "import f\nimport b\nX = 1\n", "b.py": "from a import X\n", "f.py": "import os\n", "t.py": "import requests\n" }, "f.py", "import t\n", /a simulated import runs the module/],
    // A module with two names (src/ is a root, and the repository root above it): the outer one counts only once an
    // import uses it, and then it is the name the module goes by.
    ["under a new name of a module that has several", { "pyproject.toml": '[project]\nname = "demo"\n', "src/pkg/__init__.py": "", "src/pkg/mod.py": "X = 1\n", "src/pkg/rel.py": "from . import mod\n", "src/pkg/user.py": "from pkg.mod import X\n" }, "src/pkg/user.py", "import src.pkg.rel\n", /a new name for src\.pkg, which has several/],
    // A module that fails: what it imports before failing stays in sys.modules, which decides whether an importer's
    // own finding (through it) is masked by that failure or only uncertain.
    ["into a module that fails", { "pkg/__init__.py": "", "pkg/f.py": "from pkg import nothing_there\n", "pkg/g.py": "import pkg.f.sub\n" }, "pkg/f.py", "import pkg\n", /fails or has findings/],
  ];
  for (const [what, files, rel, line, why] of reach) {
    it(`a first-party import added ${what}: analysed again`, async () => {
      // Without fixes: a fixer that reads a module's text makes it an input by content (another reason to analyse).
      const root = makeRepo(files);
      expect((await run(root, { fixes: false })).same).toBe(true);
      writeFileSync(path.join(root, rel), line + files[rel]);
      const r = await run(root, { fixes: false });
      expect(r.same).toBe(true);
      expect(r.reused, r.why).toBe(false);
      expect(r.why).toMatch(why);
    });
  }

  // A module no simulation ran, whose body raises (a star import of a name its __all__ lists and nothing binds: an
  // AttributeError its handler does not catch), becomes a new way into a cycle: its simulation meets that error. An
  // error raised outside every cycle changes no finding (only which errors of a cycle's statements count as always
  // caught: circular.ts), so the stored result holds. Reduced from a repository of the property test below.
  it("a first-party import added into an import cycle from a module whose body raises outside the cycle: served, as a fresh analysis gives it", async () => {
    const files: Record<string, string> = { "src/beta/mod_a.py": 'def Foo():\n    return 1\n__all__ = ["qux", "Widget", "Foo"]\n', "src/string.py": "if TYPE_CHECKING:\n    from beta.perf import missing_14\ntry:\n    from beta.mod_a import *\nexcept ImportError:\n    raise AttributeError(name)\n", "tests/__init__.py": "import tests\n" };
    const root = makeRepo(files);
    expect((await run(root, { fixes: false })).same).toBe(true);
    writeFileSync(path.join(root, "src/string.py"), `import tests\n${files["src/string.py"]}`);
    const r = await run(root, { fixes: false });
    expect(r.same).toBe(true);
    expect(r.reused, r.why).toBe(true);
  });

  it("imports added to a script: judged in its script context, as a fresh analysis judges them", async () => {
    const root = makeRepo({ "pyproject.toml": "[project]\nname = 'x'\n", "tools/report.py": "import os\n", "tools/fractions.py": "HALF = 0.5\n", "run.py": "import os\n\nif __name__ == '__main__':\n    pass\n", "colorsys.py": "X = 1\n" });
    expect((await run(root, { fixes: false })).same).toBe(true);
    // A stdlib import the script's sibling hides: no longer inert in the script's context.
    prepend(root, "tools/report.py", "from fractions import Fraction\n");
    const hidden = await run(root, { fixes: false });
    expect(hidden.same).toBe(true);
    expect(hidden.reused).toBe(false);
    // One no sibling hides: inert, served.
    prepend(root, "tools/report.py", "import json\n");
    const inert = await run(root, { fixes: false });
    expect(inert.same).toBe(true);
    expect(inert.reused, inert.why).toBe(true);
    // A module that also runs as a script: analysed again.
    prepend(root, "run.py", "from colorsys import rgb_to_hsv\n");
    const both = await run(root, { fixes: false });
    expect(both.same).toBe(true);
    expect(both.why).toMatch(/also runs as a script/);
  });

  it("an inert-import check that fails leaves the edit to a new analysis, which gives the answer", async () => {
    const root = repo();
    await run(root);
    prepend(root, "app/util.py", "import json\n");
    const r = await analyzeReusing(options(root), async () => analyze, async () => async () => {
      throw new Error("unreadable configuration");
    });
    expect(r.reuse.kind === "analysed" && r.reuse.why).toMatch(/the check failed: unreadable configuration/);
    expect(answer(r)).toBe(answer(await analyze(options(root, { cache: false }))));
  });

  it("a first-party import added into an import cycle no order breaks: the new way in is simulated, and what it ran counts as simulated after", async () => {
    const root = makeRepo({ "a.py": "import b\nX = 1\n", "b.py": "import a\nY = 2\n", "c.py": "Z = 3\n", "d.py": "W = 4\n", "util.py": "import os\n" });
    expect((await run(root, { fixes: false })).same).toBe(true);
    prepend(root, "util.py", "import a\n");
    const first = await run(root, { fixes: false });
    expect([first.reused, first.imports, first.same], first.why).toEqual([true, 1, true]);
    // util now enters the cycle: its own simulation runs what it imports next, first, and is run again.
    prepend(root, "util.py", "import c\n");
    const second = await run(root, { fixes: false });
    expect([second.reused, second.imports, second.same], second.why).toEqual([true, 1, true]);
    // What that simulation ran as imports (c, here) counts as simulated: an import added there is analysed.
    prepend(root, "c.py", "import d\n");
    const third = await run(root, { fixes: false });
    expect(third.same).toBe(true);
    expect(third.reused, third.why).toBe(false);
    expect(third.why).toMatch(/a simulated import runs the module/);
  });

  it("a first-party import added to a way into an import cycle whose simulation met a circular import: analysed again", async () => {
    // util enters the cycle under a condition (so it does not count as failing), and entering through a breaks.
    const root = makeRepo({ "a.py": "from b import Y\nX = 1\n", "b.py": "from a import X\nY = 2\n", "c.py": "Z = 3\n", "util.py": "import os\n\nif os.environ.get('UTIL_CYCLE'):\n    import a\n" });
    expect((await run(root, { fixes: false })).same).toBe(true);
    prepend(root, "util.py", "import c\n");
    const r = await run(root, { fixes: false });
    expect(r.same).toBe(true);
    expect(r.reused, r.why).toBe(false);
    expect(r.why).toMatch(/the module's way into an import cycle meets an error/);
  });

  it("first-party imports added one after the other, or together, that close a cycle between them: the second is analysed", async () => {
    for (const together of [false, true]) {
      const root = repo();
      expect((await run(root)).same).toBe(true);
      appendFileSync(path.join(root, "app/util.py"), "from app.helpers import helper\n");
      if (!together) {
        const first = await run(root);
        expect([first.reused, first.imports, first.same], first.why).toEqual([true, 1, true]);
      }
      appendFileSync(path.join(root, "app/helpers.py"), "from app import util\n");
      const second = await run(root);
      expect(second.same).toBe(true);
      expect(second.reused, second.why).toBe(false);
      expect(second.why).toMatch(/closes an import cycle/);
    }
  });

  it("in directories old enough that their stat vouches for their listings: reused, and a module added or a directory shadowing one is seen", async () => {
    const root = repo();
    await new Promise((r) => setTimeout(r, 2100));
    expect((await run(root)).reused).toBe(false);
    expect((await run(root)).reused).toBe(true);
    writeFileSync(path.join(root, "app/nowhere.py"), "");
    const added = await run(root);
    expect(added.reused, added.why).toBe(false);
    expect(added.why).toMatch(/^list .*app\/? differs$/);
    expect(added.same).toBe(true);
    mkdirSync(path.join(root, "app/core"));
    const shadowed = await run(root);
    expect(shadowed.reused).toBe(false);
    expect(shadowed.same).toBe(true);
  });

  it("listings made just after their directories changed (as right after a clone) are refreshed beside the result once their stat can vouch for them; later changes are still seen", async () => {
    const root = repo();
    const dir = path.join(root, ".import-doctor-cache");
    const refreshed = (): Observation[] => {
      const name = readdirSync(dir).find((n) => n.endsWith(".refresh.json"));
      return name ? (JSON.parse(readCacheFile(path.join(dir, name))!.toString("utf8")).observations ?? []) : [];
    };
    // Every file old, so that only the directories' stats are too recent to tell.
    const long = new Date(Date.now() - 120_000);
    for (const rel of ["pyproject.toml", "app/__init__.py", "app/core.py", "app/helpers.py", "app/broken.py", "app/plugins.py", "app/util.py", "tests/test_core.py"]) utimesSync(path.join(root, rel), long, long);
    expect((await run(root)).reused).toBe(false);
    // Right away: the directories changed too recently for their stat to vouch for anything, so nothing is refreshed.
    expect((await run(root)).reused).toBe(true);
    expect(refreshed()).toEqual([]);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await run(root)).reused).toBe(true);
    const listings = refreshed().filter((o) => o.op === "list");
    expect(listings.map((o) => path.relative(root, o.path).replace(/\/$/, "")).sort()).toEqual(expect.arrayContaining(["", "app", "tests"]));
    for (const o of listings) expect(o.stat!.statAt - o.stat!.ctimeMs).toBeGreaterThanOrEqual(2000);
    // Once refreshed, nothing is written again while nothing changes.
    const before = refreshed();
    expect((await run(root)).reused).toBe(true);
    expect(refreshed()).toEqual(before);
    writeFileSync(path.join(root, "app/nowhere.py"), "");
    const added = await run(root);
    expect(added.reused).toBe(false);
    expect(added.why).toMatch(/^list .*app\/? differs$/);
    expect(added.same).toBe(true);
  });

  it("lines moved in a module whose dynamic namespace other findings quote by line: analysed again", async () => {
    const root = makeRepo({
      "app/__init__.py": "",
      "app/dyn.py": "import sys\nsetattr(sys.modules[__name__], 'made', 1)\n",
      "app/user.py": "from app.dyn import absent\n",
    });
    expect((await run(root)).same).toBe(true);
    prepend(root, "app/dyn.py", "\n");
    const again = await run(root);
    expect([again.reused, again.same]).toEqual([false, true]);
  });

  it("lines moved with test impact or the graph asked for: analysed again (those quote lines in text)", async () => {
    const root = repo();
    await run(root, { impact: true });
    prepend(root, "app/plugins.py", "\n");
    const again = await run(root, { impact: true });
    expect([again.reused, again.same]).toEqual([false, true]);
  });

  it("a file whose facts differ is parsed once: the new analysis takes the facts the comparison parsed", async () => {
    const root = repo();
    await run(root);
    const edits: [string, string][][] = [
      [["app/core.py", "OTHER = 2\n"]], // a name bound in a module whose names a finding lists
      [["app/helpers.py", "def broken(:\n"]], // a syntax error (CPython's verdict is still asked for)
      // A comment (same facts) in a file compared before one whose facts differ: both were parsed to know.
      [["app/core.py", "# a comment\n"], ["app/plugins.py", "import csv\n"]],
    ];
    for (const step of edits) {
      for (const [rel, text] of step) {
        writeFileSync(path.join(root, rel), text + readFileSync(path.join(root, rel), "utf8"));
        // Edited a while ago (not racily clean): its stat alone vouches for the entry, which must reach the disk.
        const past = new Date(Date.now() - 60_000);
        utimesSync(path.join(root, rel), past, past);
      }
      const r = await analyzeReusing(options(root), async () => analyze);
      const fresh = await analyze(options(root, { cache: false }));
      expect(r.reuse.kind).toBe("analysed");
      expect([r.timings.parsed, r.timings.cached]).toEqual([0, r.files]);
      expect(answer(r)).toBe(answer(fresh));
    }
    // The facts parsed for the comparison were saved: without the stored result, nothing is parsed either.
    for (const f of readdirSync(path.join(root, ".import-doctor-cache"))) if (f.startsWith("results-")) rmSync(path.join(root, ".import-doctor-cache", f));
    const again = await analyzeReusing(options(root), async () => analyze);
    expect([again.timings.parsed, again.timings.cached]).toEqual([0, again.files]);
  });

  it("lines moved twice in a row: the second move is measured from the first", async () => {
    const root = repo();
    await run(root);
    for (let i = 0; i < 2; i++) {
      writeFileSync(path.join(root, "app/plugins.py"), `# move ${i}\n` + readFileSync(path.join(root, "app/plugins.py"), "utf8"));
      const again = await run(root);
      expect([again.reused, again.moved, again.same], again.why).toEqual([true, 1, true]);
    }
  });

  it("an edit that keeps the facts is recorded beside the stored result, which is not rewritten; later changes are still seen", async () => {
    const root = repo();
    const dir = path.join(root, ".import-doctor-cache");
    const storedFile = (): string => path.join(dir, readdirSync(dir).find((n) => n.startsWith("results-") && n.endsWith(".bin"))!);
    const refreshFile = (): string | undefined => readdirSync(dir).find((n) => n.endsWith(".refresh.json"));
    // Every file written well before it is read: no stat is racily clean, so only the edits below make suspects.
    const long = new Date(Date.now() - 120_000);
    for (const rel of ["pyproject.toml", "app/__init__.py", "app/core.py", "app/helpers.py", "app/broken.py", "app/plugins.py", "tests/test_core.py"]) utimesSync(path.join(root, rel), long, long);
    await run(root);
    expect(refreshFile()).toBeUndefined();
    const reuse = async (): Promise<{ kind: string; changed: number }> => {
      const r = await analyzeReusing(options(root), async () => analyze);
      const fresh = await analyze(options(root, { cache: false }));
      expect(answer(r)).toBe(answer(fresh));
      return { kind: r.reuse.kind, changed: r.reuse.kind === "reused" ? r.reuse.changed : -1 };
    };
    const editAged = (rel: string, text: string): void => {
      appendFileSync(path.join(root, rel), text);
      // Edited a while ago (not racily clean): its stat alone vouches for it once recorded.
      const past = new Date(Date.now() - 60_000);
      utimesSync(path.join(root, rel), past, past);
    };
    const before = readFileSync(storedFile());
    editAged("app/helpers.py", "# a comment\n");
    expect(await reuse()).toEqual({ kind: "reused", changed: 1 });
    expect(readFileSync(storedFile()).equals(before)).toBe(true);
    expect(refreshFile()).toBeDefined();
    // The refresh is applied: the file's new stat vouches for it, nothing is hashed or parsed again.
    expect(await reuse()).toEqual({ kind: "reused", changed: 0 });
    // Refreshes add up: a second file, then the first again.
    editAged("app/plugins.py", "# another\n");
    expect(await reuse()).toEqual({ kind: "reused", changed: 1 });
    editAged("app/helpers.py", "# again\n");
    expect(await reuse()).toEqual({ kind: "reused", changed: 1 });
    expect(await reuse()).toEqual({ kind: "reused", changed: 0 });
    expect(readFileSync(storedFile()).equals(before)).toBe(true);
    // A change of facts in a refreshed file is seen; the new result drops the refresh of the old one.
    const stale = readFileSync(path.join(dir, refreshFile()!));
    const plugins = path.join(root, "app/plugins.py");
    const refreshedTime = statSync(plugins).mtime;
    const other = new Date(refreshedTime.getTime() - 60_000);
    utimesSync(plugins, other, other); // the new result records this stat of plugins.py
    editAged("app/helpers.py", "import csv\n");
    expect((await reuse()).kind).toBe("analysed");
    expect(refreshFile()).toBeUndefined();
    // A refresh made for another write of the result is not applied: plugins.py, back at the stat that refresh
    // records, is compared by content (same bytes), and a refresh for the new result is written.
    utimesSync(plugins, refreshedTime, refreshedTime);
    const refreshPath = path.join(dir, path.basename(storedFile()).replace(/\.bin$/, ".refresh.json"));
    writeFileSync(refreshPath, stale);
    expect(await reuse()).toEqual({ kind: "reused", changed: 0 });
    expect(readFileSync(refreshPath).equals(stale)).toBe(false);
    expect(await reuse()).toEqual({ kind: "reused", changed: 0 });
  });

  it("a changed source alone: the new analysis takes the stored one's files and listings, and still sees a later change to them", async () => {
    const root = repo();
    await run(root);
    writeFileSync(path.join(root, "app/core.py"), "import requests\n\nfrom app import helpers\nVALUE = 1\nOTHER = 2\n");
    const edited = await run(root);
    expect([edited.reused, edited.same]).toEqual([false, true]);
    expect(edited.why).toMatch(/^facts of app\/core\.py differ \(files and listings of the stored analysis taken\)$/);
    // The stored result is vouched for by the earlier analysis's reads too: a module added where only that one
    // listed the directory is seen (a new analysis, with the new module's finding).
    writeFileSync(path.join(root, "app/late.py"), "import nowhere_at_all\n");
    const added = await run(root);
    expect([added.reused, added.same]).toEqual([false, true]);
    expect(added.why).toMatch(/^list .*app\/? differs$/);
    // Seeds are kept with each stored result: a corrupt one is ignored (the tree is read again).
    const dir = path.join(root, ".import-doctor-cache");
    for (const n of readdirSync(dir)) if (n.endsWith(".seed.bin")) writeFileSync(path.join(dir, n), "garbage");
    writeFileSync(path.join(root, "app/core.py"), "import requests\n\nfrom app import helpers\nVALUE = 1\n");
    const again = await run(root);
    expect([again.reused, again.same]).toEqual([false, true]);
    expect(again.why).toBe("facts of app/core.py differ");
  });

  it("another option set or environment variable is another result", async () => {
    const root = repo();
    await run(root);
    expect((await run(root)).reused).toBe(true);
    expect((await run(root, { select: ["IMP002"] })).reused).toBe(false);
    expect((await run(root, { only: ["app/core.py"] })).reused).toBe(false);
    const saved = process.env.VIRTUAL_ENV;
    process.env.VIRTUAL_ENV = path.join(root, "elsewhere");
    try {
      expect((await run(root)).reused).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.VIRTUAL_ENV;
      else process.env.VIRTUAL_ENV = saved;
    }
  });

  it("a file read as text for a fix is compared by content, not by its facts", async () => {
    // IMP002's fix reads the importer to see whether it uses the missing name: a comment there is an input.
    const root = repo();
    await run(root);
    appendFileSync(path.join(root, "app/broken.py"), "# missing_name\n");
    const again = await run(root);
    expect(again.same).toBe(true);
    expect(again.reused).toBe(false);
  });

  it("a file too large to parse is known by its size: reused while it holds, analysed again when it changes", async () => {
    const root = repo();
    const big = path.join(root, "app/generated.py");
    writeFileSync(big, `DATA = "${"x".repeat(10 * 1024 * 1024)}"\n`);
    expect((await run(root)).same).toBe(true);
    const again = await run(root);
    expect([again.reused, again.same]).toEqual([true, true]);
    appendFileSync(big, "# more\n");
    const grown = await run(root);
    expect([grown.reused, grown.same]).toEqual([false, true]);
    rmSync(big);
  });

  it("a corrupt or foreign stored result is ignored", async () => {
    const root = repo();
    await run(root);
    const dir = path.join(root, ".import-doctor-cache");
    const stored = readdirSync(dir).filter((n) => /^results-[0-9a-f]+\.bin$/.test(n));
    expect(stored).toHaveLength(1);
    writeFileSync(path.join(dir, stored[0]!), "garbage");
    const again = await run(root);
    expect([again.reused, again.same]).toEqual([false, true]);
    expect((await run(root)).reused).toBe(true);
    // Well-formed for node:v8, but its packed parts (packed.ts) do not hold together: an index past the table of
    // paths, columns of different lengths.
    const file = path.join(dir, stored[0]!);
    // Written with a valid checksum (store.ts), so that what rejects them is the packed parts' own check.
    const good = deserialize(readCacheFile(file)!) as { sources: { hash: string[] }; names: { names: { values: Uint32Array } } };
    const tamperings: ((d: typeof good) => void)[] = [(d) => d.sources.hash.pop(), (d) => d.names.names.values.fill(1e6)];
    for (const tamper of tamperings) {
      const bad = deserialize(serialize(good)) as typeof good;
      tamper(bad);
      writeCacheFile(file, serialize(bad));
      const served = await run(root);
      expect([served.reused, served.same, served.why]).toEqual([false, true, "no stored result"]);
    }
  });

  it("lists every environment variable the analysis reads", () => {
    // The key must change with each; a variable read by analysis code and missing here would be served stale.
    const src = path.join(import.meta.dirname, "..", "src");
    const read = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        // The fault tests' pause (fix/faults.ts) stops a fix's write for a moment and changes no result.
        else if (!p.includes(`${path.sep}cli${path.sep}`) && !p.includes(`${path.sep}report${path.sep}`) && !p.endsWith(`${path.sep}fix${path.sep}faults.ts`)) for (const m of readFileSync(p, "utf8").matchAll(/process\.env\.([A-Z_]+)/g)) read.add(m[1]!);
      }
    };
    walk(src);
    expect(read.size).toBeGreaterThan(0);
    for (const v of read) expect(ENV_INPUTS as readonly string[]).toContain(v);
  });
});

describe("input recording", () => {
  it("records reads with what they returned, and a replay sees a change", async () => {
    const root = makeRepo({ "a.txt": "one", "d/b.txt": "" });
    const { inputs } = await recordInputs(async () => {
      readFileSync(path.join(root, "a.txt"), "utf8");
      statSync(path.join(root, "d")); // implied by the listing of d (which only a directory has)
      readdirSync(path.join(root, "d"), { withFileTypes: true });
      statSync(path.join(root, "a.txt"));
      existsSync(path.join(root, "nowhere"));
      untracked(() => readFileSync(path.join(root, "d/b.txt")));
    });
    expect(inputs.unsound).toBeNull();
    expect(inputs.observations.map((o) => `${o.op} ${path.relative(root, o.path)}`).sort()).toEqual(["exists nowhere", "list d", "read a.txt", "stat a.txt"]);
    expect(firstChanged(inputs.observations)).toBeNull();
    writeFileSync(path.join(root, "d/c.txt"), "");
    expect(firstChanged(inputs.observations)?.op).toBe("list");
  });

  it("vouches for the listing of a directory unchanged since well before it was read by a stat, and sees every change to its entries", async () => {
    const root = makeRepo({ "same/a.py": "", "added/a.py": "", "removed/a.py": "", "renamed/a.py": "", "retyped/a.py": "", "tampered/a.py": "" });
    // Old enough that a change within the time stamps' granularity cannot hide behind an equal change time.
    await new Promise((r) => setTimeout(r, 2100));
    const dirs = ["same", "added", "removed", "renamed", "retyped", "tampered"];
    const { inputs } = await recordInputs(async () => {
      for (const d of dirs) readdirSync(path.join(root, d), { withFileTypes: true });
    });
    const of = (d: string) => inputs.observations.find((o) => o.path === path.join(root, d))!;
    for (const d of dirs) expect(of(d).stat, d).toBeDefined();
    writeFileSync(path.join(root, "added/b.py"), "");
    rmSync(path.join(root, "removed/a.py"));
    renameSync(path.join(root, "renamed/a.py"), path.join(root, "renamed/b.py"));
    rmSync(path.join(root, "retyped/a.py"));
    mkdirSync(path.join(root, "retyped/a.py"));
    expect(firstChanged([of("same")])).toBeNull();
    for (const d of ["added", "removed", "renamed", "retyped"]) expect(firstChanged([of(d)]), d).toBe(of(d));
    // The stat alone vouches for an old, unchanged directory: a listing digest it no longer matches goes unread...
    const tampered = { ...of("tampered"), value: "not what the listing gives" };
    expect(firstChanged([tampered])).toBeNull();
    // ...but not when the directory had changed too close to the stat for its change time to tell.
    const racy = { ...tampered, stat: { ...tampered.stat!, statAt: tampered.stat!.ctimeMs + 100 } };
    expect(firstChanged([racy])).toBe(racy);
  });

  it("vouches for a read of a file unchanged since well before it was read by a stat, and sees every change to it", async () => {
    const names = ["same", "edited", "grown", "replaced", "removed", "tampered"];
    const root = makeRepo(Object.fromEntries(names.map((n) => [`${n}.toml`, "x = 1\n"])));
    await new Promise((r) => setTimeout(r, 2100));
    const { inputs } = await recordInputs(async () => {
      for (const n of names) readFileSync(path.join(root, `${n}.toml`), "utf8");
    });
    const of = (n: string) => inputs.observations.find((o) => o.path === path.join(root, `${n}.toml`))!;
    for (const n of names) expect(of(n).stat, n).toBeDefined();
    writeFileSync(path.join(root, "edited.toml"), "x = 2\n"); // same size
    writeFileSync(path.join(root, "grown.toml"), "x = 1\ny = 2\n");
    writeFileSync(path.join(root, "new.toml"), "x = 1\n");
    renameSync(path.join(root, "new.toml"), path.join(root, "replaced.toml")); // same bytes, another file
    rmSync(path.join(root, "removed.toml"));
    expect(firstChanged([of("same")])).toBeNull();
    expect(firstChanged([of("replaced")])).toBeNull(); // another inode: read again, and it reads the same
    for (const n of ["edited", "grown", "removed"]) expect(firstChanged([of(n)]), n).toBe(of(n));
    // The stat alone vouches for an old, unchanged file: a content digest it no longer matches goes unread...
    const tampered = { ...of("tampered"), value: "not what the read gives" };
    expect(firstChanged([tampered])).toBeNull();
    // ...but not when the file had changed too close to the stat for its change time to tell, nor once it changed.
    expect(firstChanged([{ ...tampered, stat: { ...tampered.stat!, statAt: tampered.stat!.ctimeMs + 100 } }])).not.toBeNull();
    expect(firstChanged([{ ...tampered, stat: { ...tampered.stat!, id: "another file" } }])).not.toBeNull();
  });

  it("checked again, a read whose stat could not vouch for it but that gives the same takes a new stat, once that stat can vouch for it", async () => {
    const root = makeRepo({ "old/a.py": "", "recent/a.py": "", "changed/a.py": "", "late/a.py": "" });
    await new Promise((r) => setTimeout(r, 2100));
    const { inputs } = await recordInputs(async () => {
      for (const d of ["old", "recent", "changed", "late"]) readdirSync(path.join(root, d), { withFileTypes: true });
    });
    const of = (d: string) => inputs.observations.find((o) => o.path === path.join(root, d))!;
    // As if each had been listed just after its directory changed.
    const racy = (o: Observation): Observation => ({ ...o, stat: { ...o.stat!, statAt: o.stat!.ctimeMs + 100 } });
    const old = racy(of("old"));
    const checked = recheck([old]);
    expect("observations" in checked && checked.refreshed).toBe(1);
    const fresh = "observations" in checked ? checked.observations[0]! : old;
    expect(fresh.value).toBe(old.value);
    expect(fresh.stat!.statAt - fresh.stat!.ctimeMs).toBeGreaterThanOrEqual(2000);
    // The new stat alone now vouches for the listing (a digest it no longer matches goes unread)...
    expect(firstChanged([{ ...fresh, value: "not what the listing gives" }])).toBeNull();
    // ...and still sees a change.
    writeFileSync(path.join(root, "old/b.py"), "");
    expect(firstChanged([fresh])).toBe(fresh);
    // A directory that changed just now lists the same but its new stat cannot vouch yet: not refreshed.
    writeFileSync(path.join(root, "recent/b.py"), "");
    rmSync(path.join(root, "recent/b.py"));
    expect(recheck([racy(of("recent"))])).toEqual({ observations: [racy(of("recent"))], refreshed: 0 });
    writeFileSync(path.join(root, "changed/b.py"), "");
    const changed = racy(of("changed"));
    expect(recheck([racy(of("recent")), changed])).toEqual({ changed });
    // A directory that changed after the listing and long enough ago for its stat to vouch now: listed again, and
    // the change is seen (an old stat now is no reason to trust what was listed before).
    writeFileSync(path.join(root, "late/b.py"), "");
    await new Promise((r) => setTimeout(r, 2100));
    const late = racy(of("late"));
    expect(recheck([late])).toEqual({ changed: late });
  });

  it("an entry found missing is vouched for by its directory's stat, unless a dangling link stands in its place", async () => {
    const root = makeRepo({ "plain/a.py": "", "linked/a.py": "", "present/.gitignore": "" });
    symlinkSync(path.join(root, "target.cfg"), path.join(root, "linked/pyvenv.cfg")); // dangling
    await new Promise((r) => setTimeout(r, 2100));
    const { inputs } = await recordInputs(async () => {
      for (const p of ["plain/pyvenv.cfg", "linked/pyvenv.cfg", "present/.gitignore", "present/pyvenv.cfg", "nowhere/pyvenv.cfg"]) existsSync(path.join(root, p));
    });
    const of = (p: string) => inputs.observations.find((o) => o.op === "exists" && o.path === path.join(root, p))!;
    expect(of("plain/pyvenv.cfg")).toMatchObject({ value: "false", stat: expect.anything() });
    // No stat vouches for a found entry, a dangling link, or a directory that is not there.
    for (const p of ["linked/pyvenv.cfg", "present/.gitignore", "nowhere/pyvenv.cfg"]) expect(of(p).stat, p).toBeUndefined();
    // Nor does a new one, checked again: the dangling link is still an entry whose target may appear.
    const tooSoon = { id: "a stat taken too soon", ctimeMs: 0, statAt: 100 };
    expect(recheck([{ ...of("linked/pyvenv.cfg"), stat: tooSoon }])).toMatchObject({ refreshed: 0 });
    // The directory's stat alone vouches: present/.gitignore, claimed missing with the stat of its directory that
    // vouched for present/pyvenv.cfg, goes unchecked...
    expect(firstChanged([{ ...of("present/.gitignore"), value: "false", stat: of("present/pyvenv.cfg").stat! }])).toBeNull();
    expect(firstChanged([of("plain/pyvenv.cfg")])).toBeNull();
    // ...while a dangling link whose target appears is seen, and so is the entry once it is made.
    writeFileSync(path.join(root, "target.cfg"), "");
    expect(firstChanged([of("linked/pyvenv.cfg")])).toBe(of("linked/pyvenv.cfg"));
    writeFileSync(path.join(root, "plain/pyvenv.cfg"), "");
    expect(firstChanged([of("plain/pyvenv.cfg")])).toBe(of("plain/pyvenv.cfg"));
    // Found missing again where its directory's stat could not vouch at first: it takes that stat once it can.
    rmSync(path.join(root, "plain/pyvenv.cfg"));
    const racy = { ...of("plain/pyvenv.cfg"), stat: tooSoon };
    await new Promise((r) => setTimeout(r, 2100));
    const checked = recheck([racy]);
    expect("observations" in checked && checked.refreshed).toBe(1);
    const fresh = "observations" in checked ? checked.observations[0]! : racy;
    // (the new stat vouches alone: plain/a.py claimed missing with it goes unchecked)
    expect(firstChanged([{ op: "exists", path: path.join(root, "plain/a.py"), options: "", value: "false", stat: fresh.stat! }])).toBeNull();
  });

  it("refuses to vouch for a run that used a call it does not model", async () => {
    const root = makeRepo({ "a.txt": "one" });
    const byFd = await recordInputs(async () => {
      const fd = openSync(path.join(root, "a.txt"), "r");
      closeSync(fd);
    });
    expect(byFd.inputs.unsound).toMatch(/fs\.openSync is not modelled/);
    const byPromise = await recordInputs(() => fsPromises.readFile(path.join(root, "a.txt")));
    expect(byPromise.inputs.unsound).toMatch(/fs\.promises\.readFile is not modelled/);
    const changedMidway = await recordInputs(async () => {
      readFileSync(path.join(root, "a.txt"));
      untracked(() => writeFileSync(path.join(root, "a.txt"), "two")); // as another process would
      readFileSync(path.join(root, "a.txt"));
    });
    expect(changedMidway.inputs.unsound).toMatch(/changed during the analysis/);
  });
});

describe("result cache: the CLI", () => {
  it("serves an unchanged repository without analysing it, and --no-cache neither reads nor writes it", () => {
    const root = repo();
    const cli = (...extra: string[]) => spawnSync(process.execPath, [BIN, "check", root, "--format", "json", "--timings", ...extra], { encoding: "utf8" });
    const first = cli();
    expect(first.stderr).toContain("result stored");
    const second = cli();
    expect(second.stderr).toContain("result reused");
    const strip = (s: string) => JSON.stringify(JSON.parse(s).diagnostics);
    expect(strip(second.stdout)).toBe(strip(first.stdout));
    expect(second.status).toBe(first.status);
    rmSync(path.join(root, ".import-doctor-cache"), { recursive: true });
    const none = cli("--no-cache");
    expect(none.stderr).not.toContain("result");
    expect(existsSync(path.join(root, ".import-doctor-cache"))).toBe(false);
  });

  it("serves the stored result after an inert import is added, with the report a fresh analysis gives", () => {
    // The CLI loads the inert-import check on demand, as its own chunk: this pins that it is wired in.
    const root = repo();
    const cli = (...extra: string[]) => spawnSync(process.execPath, [BIN, "check", root, "--format", "json", "--timings", ...extra], { encoding: "utf8" });
    expect(cli().stderr).toContain("result stored");
    prepend(root, "app/util.py", "import json\n");
    const served = cli();
    expect(served.stderr).toContain("1 with inert imports added or removed");
    const fresh = cli("--no-cache");
    expect(JSON.parse(served.stdout).diagnostics).toEqual(JSON.parse(fresh.stdout).diagnostics);
    expect(served.status).toBe(fresh.status);
  });

  it("stores the result when the analysis loads more of its own code on demand (a setup.py's reader)", () => {
    // The bundle is split into chunks: node's module loader reads one with fs.promises in the middle of the analysis.
    const root = makeRepo({ "setup.py": 'from setuptools import setup\nsetup(name="x", install_requires=["requests"])\n', "pkg/__init__.py": "", "pkg/m.py": "import requests\nimport yaml\n" });
    const cli = () => spawnSync(process.execPath, [BIN, "check", root, "--format", "json", "--timings"], { encoding: "utf8" });
    expect(cli().stderr).toContain("result stored");
    expect(cli().stderr).toContain("result reused");
  });
});

describe("result cache: graph", () => {
  it("import-doctor graph is served again while nothing changes, and follows a change", () => {
    const root = repo();
    const graph = () => spawnSync(process.execPath, [BIN, "graph", root, "--timings"], { encoding: "utf8" });
    const first = graph();
    const second = graph();
    expect(second.stderr).toContain("result reused");
    expect(second.stdout).toBe(first.stdout);
    appendFileSync(path.join(root, "app/helpers.py"), "from app import core\n");
    const third = graph();
    expect(third.stderr).not.toContain("result reused");
    expect(JSON.parse(third.stdout).edges.length).toBeGreaterThan(JSON.parse(first.stdout).edges.length);
  });
});

/** A seeded sequence of edits of the kinds developers make, some of which leave every fact alone. */
function edit(root: string, rnd: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const py: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.name === ".import-doctor-cache") continue;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith(".py")) py.push(rel);
    }
  };
  walk("");
  if (py.length === 0) return "nothing to edit";
  const file = pick(py);
  const abs = path.join(root, file);
  const text = readFileSync(abs, "utf8");
  const lines = text.split("\n");
  const moduleOf = (rel: string): string => rel.replace(/\.py$/, "").replace(/\/__init__$/, "").replace(/^src\//, "").split("/").join(".");
  switch (Math.floor(rnd() * 17)) {
    case 0:
      appendFileSync(abs, "# edited\n");
      return `comment appended to ${file}`;
    case 1: {
      const at = Math.floor(rnd() * (lines.length + 1));
      writeFileSync(abs, [...lines.slice(0, at), "", ...lines.slice(at)].join("\n"));
      return `blank line inserted in ${file} at ${at + 1}`;
    }
    case 2: {
      const target = moduleOf(pick(py));
      appendFileSync(abs, `import ${target}\n`);
      return `import ${target} appended to ${file}`;
    }
    case 3:
      rmSync(abs);
      return `${file} deleted`;
    case 4: {
      const dir = path.dirname(file);
      writeFileSync(path.join(root, dir, "added_mod.py"), `from . import ${pick(["mod_a", "helpers", "Foo", "nothing"])}\n`);
      return `${dir}/added_mod.py added`;
    }
    case 8: {
      // Lines move below it: its findings move with them, unless it lands where a comment changes more (a string).
      const at = Math.floor(rnd() * (lines.length + 1));
      const indent = /^\s*/.exec(lines[at] ?? "")![0];
      writeFileSync(abs, [...lines.slice(0, at), `${indent}# inserted`, ...lines.slice(at)].join("\n"));
      return `comment line inserted in ${file} at ${at + 1}`;
    }
    case 9: {
      // A module-level line that binds a name: one other modules import or look up, or one nothing does.
      const tops = lines.flatMap((l, i) => (i === 0 || !/^\s/.test(l) ? [i] : []));
      const at = pick([...tops, lines.length]);
      const name = pick(["Foo", "bar", "Widget", "helpers", "mod_a", "unrelated", "other_name"]);
      writeFileSync(abs, [...lines.slice(0, at), pick([`${name} = 1`, `def ${name}(): pass`, `class ${name}: pass`]), ...lines.slice(at)].join("\n"));
      return `${name} bound in ${file} at ${at + 1}`;
    }
    case 10: {
      // A module-level binding renamed (or gone, when it becomes a name bound twice).
      const bound = lines.flatMap((l, i) => (/^(def|class)\s+\w+|^\w+\s*=/.test(l) ? [i] : []));
      if (bound.length === 0) return `no module-level binding in ${file}`;
      const at = pick(bound);
      const name = pick(["Foo", "bar", "Widget", "renamed"]);
      lines[at] = lines[at]!.replace(/^(def\s+|class\s+)?\w+/, `$1${name}`);
      writeFileSync(abs, lines.join("\n"));
      return `binding on line ${at + 1} of ${file} renamed to ${name}`;
    }
    case 11: {
      // An import: inert or not (deprecated, missing, a star, a name others use, first-party ones).
      const tops = lines.flatMap((l, i) => (i === 0 || !/^\s/.test(l) ? [i] : []));
      const at = pick([...tops, lines.length]);
      const stmt = pick([
        ...["import os", "import json as Foo", "from collections import OrderedDict", "import os.path", "from os import sep as helpers", "import imp", "import not_installed_anywhere", "from os.path import *"],
        ...["def later():\n    import shutil", "try:\n    import shutil\nexcept ImportError:\n    pass"],
        // First-party: inert when the stored import graph says nothing else can change.
        ...["from . import helpers", "from . import mod_a", "from .mod_a import Foo", "from .helpers import bar as other_name", "from . import nothing_here"],
      ]);
      writeFileSync(abs, [...lines.slice(0, at), stmt, ...lines.slice(at)].join("\n"));
      return `${JSON.stringify(stmt)} inserted in ${file} at ${at + 1}`;
    }
    case 12: {
      const imports = lines.flatMap((l, i) => (/^(import|from)\s[^(\\]*$/.test(l) ? [i] : []));
      if (imports.length === 0) return `no one-line import in ${file}`;
      const at = pick(imports);
      writeFileSync(abs, [...lines.slice(0, at), ...lines.slice(at + 1)].join("\n"));
      return `import on line ${at + 1} of ${file} removed`;
    }
    case 13: {
      // A cycle of plain imports (no order breaks it), which a later import may enter.
      const other = pick(py);
      appendFileSync(abs, `import ${moduleOf(other)}\n`);
      appendFileSync(path.join(root, other), `import ${moduleOf(file)}\n`);
      return `${file} and ${other} import each other`;
    }
    case 14: {
      // An absolute first-party import at a module-level position: into a cycle or not, run by a simulation or not.
      const tops = lines.flatMap((l, i) => (i === 0 || !/^\s/.test(l) ? [i] : []));
      const at = pick([...tops, lines.length]);
      const target = moduleOf(pick(py));
      writeFileSync(abs, [...lines.slice(0, at), `import ${target}`, ...lines.slice(at)].join("\n"));
      return `import ${target} inserted in ${file} at ${at + 1}`;
    }
    case 15: {
      // Looked for in every directory the walk enters, and found missing until now.
      const dir = path.dirname(file);
      writeFileSync(path.join(root, dir, ".gitignore"), `${path.basename(file)}\n`);
      return `.gitignore ignoring ${file} added`;
    }
    case 16: {
      const dir = path.dirname(file);
      writeFileSync(path.join(root, dir, "pyvenv.cfg"), "home = /usr/bin\n");
      return `pyvenv.cfg added beside ${file}`;
    }
    case 5:
      writeFileSync(abs, text);
      return `${file} rewritten unchanged`;
    case 6: {
      if (!file.endsWith("/__init__.py")) mkdirSync(abs.replace(/\.py$/, ""), { recursive: true });
      return `directory beside ${file}`;
    }
    default: {
      // Same size, same mtime tick: only the content tells.
      const i = text.search(/[A-Za-z]/);
      if (i < 0) return "no letter to change";
      const c = text[i] === "a" ? "b" : "a";
      writeFileSync(abs, text.slice(0, i) + c + text.slice(i + 1));
      return `same-size edit of ${file}`;
    }
  }
}

/**
 * Runs each repository, then five random edits, each followed by a run whose result must be a fresh analysis's.
 * `aged`: two seconds pass after the first run, so that the next one refreshes the stats of the reads the first
 * made too soon after the repository was written (and later edits are judged against those stats).
 */
async function sweep(repos: typeof repoArb extends fc.Arbitrary<infer R> ? R[] : never, aged: boolean): Promise<{ reused: number; moved: number; rebound: number; imports: number; analysed: number }> {
  const counts = { reused: 0, moved: 0, rebound: 0, imports: 0, analysed: 0 };
  for (const [n, generated] of repos.entries()) {
    const root = writeRepo(generated);
    let state = n * 7919 + 1;
    const rnd = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    try {
      const log: string[] = [];
      expect((await run(root)).same).toBe(true);
      if (aged) {
        await new Promise((r) => setTimeout(r, 2100));
        const again = await run(root);
        expect([again.reused, again.same], again.why).toEqual([true, true]);
      }
      for (let step = 0; step < 5; step++) {
        log.push(edit(root, rnd));
        const r = await run(root);
        if (r.reused) counts.reused++;
        else counts.analysed++;
        counts.moved += r.moved;
        counts.rebound += r.rebound;
        counts.imports += r.imports;
        expect(r.same, `repo ${n}${aged ? " (aged)" : ""}, after: ${log.join("; ")}`).toBe(true);
      }
    } finally {
      removeRepo(root);
    }
  }
  return counts;
}

describe("result cache: property", () => {
  it("on generated repositories under random edits, what is served equals a fresh analysis", async () => {
    // RESULT_CACHE_RUNS / RESULT_CACHE_SEED widen the sweep by hand (`RESULT_CACHE_RUNS=300 npx vitest run test/result-cache.test.ts`).
    const repos = fc.sample(repoArb, { seed: Number(process.env.RESULT_CACHE_SEED ?? 4242), numRuns: Number(process.env.RESULT_CACHE_RUNS ?? 60) });
    const { reused, moved, rebound, imports, analysed } = await sweep(repos, false);
    // Both paths were taken (else the property says nothing about one of them).
    expect(reused).toBeGreaterThan(5);
    expect(moved).toBeGreaterThan(3);
    expect(rebound).toBeGreaterThan(1);
    expect(imports).toBeGreaterThan(1);
    expect(analysed).toBeGreaterThan(5);
  }, 3_600_000);

  it("the same after the reads of the first run were refreshed (two seconds later): refreshed stats never serve a stale result", async () => {
    const repos = fc.sample(repoArb, { seed: Number(process.env.RESULT_CACHE_SEED ?? 99), numRuns: Number(process.env.RESULT_CACHE_AGED_RUNS ?? 8) });
    const { reused, analysed } = await sweep(repos, true);
    expect(reused).toBeGreaterThan(2);
    expect(analysed).toBeGreaterThan(2);
  }, 3_600_000);
});

