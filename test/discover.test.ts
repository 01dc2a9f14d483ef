// discover/: which files are the repository's, and how pytest and scripts see them.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PYTEST_DEFAULTS } from "../src/config/pytest.js";
import { ContextBuilder } from "../src/discover/contexts.js";
import { discoverFiles } from "../src/discover/files.js";
import { FsView } from "../src/resolve/fs.js";
import { makeRepo } from "./helpers/tmp.js";

describe("discoverFiles", () => {
  it("honours .gitignore files at and below the root, default excludes and virtualenvs", () => {
    const root = makeRepo({
      ".gitignore": "generated/\n*_pb2.py\n",
      "pkg/__init__.py": "",
      "pkg/api_pb2.py": "",
      "pkg/.gitignore": "local.py\n",
      "pkg/local.py": "",
      "generated/x.py": "",
      "node_modules/m/y.py": "",
      ".venv/lib/z.py": "",
      "myenv/pyvenv.cfg": "",
      "myenv/lib/site.py": "",
      "build/lib/b.py": "",
      "app.py": "",
    });
    expect(discoverFiles(root, { exclude: [] }).pythonFiles).toEqual(["app.py", "pkg/__init__.py"]);
    expect(discoverFiles(root, { exclude: ["pkg"] }).pythonFiles).toEqual(["app.py"]);
  });

  it("ignores .gitignore files above the root (a site-packages inside an unrelated git checkout)", () => {
    const outer = makeRepo({ ".gitignore": "*\n", "lib/site-packages/pkg/__init__.py": "", "lib/site-packages/pkg/mod.py": "" });
    execFileSync("git", ["init", "-q"], { cwd: outer });
    const root = path.join(outer, "lib", "site-packages");
    expect(discoverFiles(root, { exclude: [] }).pythonFiles).toEqual(["pkg/__init__.py", "pkg/mod.py"]);
  });

  it("survives symlink loops", () => {
    const root = makeRepo({ "a/b/m.py": "" });
    symlinkSync(path.join(root, "a"), path.join(root, "a", "b", "loop"));
    mkdirSync(path.join(root, "c"));
    symlinkSync(path.join(root, "c"), path.join(root, "c", "self"));
    expect(discoverFiles(root, { exclude: [] }).pythonFiles).toEqual(["a/b/m.py"]);
  });
});

describe("ContextBuilder", () => {
  const root = makeRepo({
    "conftest.py": "",
    "tests/test_flat.py": "",
    "pkgtests/__init__.py": "",
    "pkgtests/unit/__init__.py": "",
    "pkgtests/unit/test_deep.py": "",
    "src/app/__init__.py": "",
    "src/app/mod.py": "",
    "scripts/run.py": "",
  });
  const layout = { root, projectRoots: [path.join(root, "src"), root], configuredRoots: [], sitePackages: [] };
  const build = (rel: string, mode: "prepend" | "append" | "importlib" = "prepend") => new ContextBuilder(layout, { ...PYTEST_DEFAULTS, importMode: mode }, new FsView()).build(rel);

  it("inserts the first directory without __init__.py (prepend) and the root conftest's directory", () => {
    const c = build("tests/test_flat.py");
    expect(c.kind).toBe("test");
    expect(c.identities.map((i) => i.name)).toEqual(["test_flat"]);
    expect(c.search.before.map((e) => path.relative(root, e.dir))).toEqual(["tests", ""]);
    const deep = build("pkgtests/unit/test_deep.py");
    expect(deep.identities.map((i) => i.name)).toEqual(["pkgtests.unit.test_deep"]);
  });
  it("names test modules from the rootdir and leaves sys.path alone in importlib mode", () => {
    const c = build("tests/test_flat.py", "importlib");
    expect(c.identities.map((i) => i.name)).toEqual(["tests.test_flat"]);
    expect(c.search.before).toEqual([]);
  });
  it("gives modules their names under each root, deepest first; a module no directory of its own, a script its own first", () => {
    expect(build("src/app/mod.py").identities.map((i) => i.name)).toEqual(["app.mod", "src.app.mod"]);
    expect([...build("scripts/run.py").search.before, ...build("scripts/run.py").search.after].some((e) => e.kind === "script-dir")).toBe(false);
    const script = new ContextBuilder(layout, PYTEST_DEFAULTS, new FsView()).scriptContext("scripts/run.py");
    expect(script.search.before[0]).toEqual({ dir: path.join(root, "scripts"), kind: "script-dir" });
    expect(script.identities).toEqual([]);
    expect(script.describe).toBe("when `python scripts/run.py` runs");
  });
});
