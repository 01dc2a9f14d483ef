// resolve/: FileFinder precedence, PathFinder across entries, relative names, stdlib. Real temporary directories.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findEnvironment } from "../src/resolve/environment.js";
import { findInDir } from "../src/resolve/finder.js";
import { FsView } from "../src/resolve/fs.js";
import { resolveRelative } from "../src/resolve/imports.js";
import { Resolver, type SearchPath } from "../src/resolve/resolver.js";
import { Stdlib } from "../src/resolve/stdlib.js";
import { makeRepo } from "./helpers/tmp.js";

describe("findInDir (FileFinder.find_spec)", () => {
  const root = makeRepo({
    "both/__init__.py": "",
    "both.py": "",
    "shadow.py": "",
    "shadow/sub.py": "",
    "ns/sub.py": "",
    "fast.cpython-311-x86_64-linux-gnu.so": "",
    "other.cpython-312-x86_64-linux-gnu.so": "",
    "compiled.pyc": "",
    "Upper.py": "",
    "stubbed.pyi": "",
    "initpyc/__init__.pyc": "",
  });
  const fs = new FsView();
  const find = (name: string) => findInDir(fs, root, name, 11)?.kind ?? null;
  it("prefers a regular package, then a module file, then a namespace portion", () => {
    expect(find("both")).toBe("package");
    expect(find("shadow")).toBe("module");
    expect(find("ns")).toBe("namespace");
  });
  it("loads extension modules for the target ABI only, and sourceless .pyc beside the source location", () => {
    expect(find("fast")).toBe("native");
    expect(find("other")).toBeNull();
    expect(find("compiled")).toBe("bytecode");
    expect(findInDir(fs, root, "initpyc", 11)).toMatchObject({ kind: "package", initKind: "bytecode" });
  });
  it("is case-exact, ignores .pyi stubs and non-identifiers", () => {
    expect(find("upper")).toBeNull();
    expect(find("Upper")).toBe("module");
    expect(find("stubbed")).toBeNull();
    expect(find("my-pkg")).toBeNull();
  });
});

describe("Resolver (PathFinder and dotted names)", () => {
  const root = makeRepo({
    "p1/shared/a.py": "",
    "p2/shared/__init__.py": "",
    "p2/shared/b.py": "",
    "p1/nsonly/x.py": "",
    "p2/nsonly/y.py": "",
    "p1/mod.py": "",
    "p1/json/__init__.py": "",
  });
  const fs = new FsView();
  const resolver = new Resolver({ fs, stdlib: new Stdlib("3.11"), minor: 11, firstPartyRoots: [root] });
  const search: SearchPath = { before: [{ dir: `${root}/p1`, kind: "project" }, { dir: `${root}/p2`, kind: "project" }], after: [] };
  it("lets a regular package in a later entry beat an earlier namespace portion, hiding the portion", () => {
    expect(resolver.resolve("shared.b", search).kind).toBe("first-party");
    expect(resolver.resolve("shared.a", search)).toMatchObject({ kind: "missing", failedName: "shared.a" });
  });
  it("merges namespace portions across entries", () => {
    expect(resolver.resolve("nsonly.x", search).kind).toBe("first-party");
    expect(resolver.resolve("nsonly.y", search).kind).toBe("first-party");
  });
  it("reports a module used as a package", () => {
    expect(resolver.resolve("mod.sub", search)).toMatchObject({ kind: "not-a-package", failedName: "mod.sub" });
  });
  it("resolves the stdlib after entries placed before it, and before installed ones", () => {
    expect(resolver.resolve("json", search).kind).toBe("first-party");
    expect(resolver.resolve("json", { before: [], after: search.before }).kind).toBe("stdlib");
    expect(resolver.resolve("sys", search)).toEqual({ kind: "stdlib", builtin: true });
    expect(resolver.resolve("nowhere", search).kind).toBe("not-found-top");
  });
});

describe("resolveRelative (_resolve_name and _sanity_check)", () => {
  it("strips level-1 parts of __package__", () => {
    expect(resolveRelative("a.b", "c", 1)).toEqual({ ok: true, name: "a.b.c" });
    expect(resolveRelative("a.b", "", 2)).toEqual({ ok: true, name: "a" });
  });
  it("raises CPython's two errors", () => {
    expect(resolveRelative("", "x", 1)).toEqual({ ok: false, message: "attempted relative import with no known parent package" });
    expect(resolveRelative("a", "x", 2)).toEqual({ ok: false, message: "attempted relative import beyond top-level package" });
  });
});

describe("Stdlib", () => {
  it("knows modules per version, builtins and frozen modules", () => {
    expect(new Stdlib("3.10").has("tomllib")).toBe(false);
    expect(new Stdlib("3.11").has("tomllib")).toBe(true);
    expect(new Stdlib("3.11").has("imp")).toBe(true);
    expect(new Stdlib("3.12").has("imp")).toBe(false);
    expect(new Stdlib("3.13").has("telnetlib")).toBe(false);
    expect(new Stdlib("3.12").isUnshadowable("sys")).toBe(true);
    expect(new Stdlib("3.12").isUnshadowable("os")).toBe(true);
    expect(new Stdlib("3.8").isUnshadowable("os")).toBe(true);
    expect(new Stdlib("3.12").isUnshadowable("random")).toBe(false);
  });
});

describe("setuptools' distutils shim, against this machine's python3", () => {
  it("finds the distutils python3 imports from its own site-packages", () => {
    const script = "import sys, sysconfig, warnings\nwarnings.simplefilter('ignore')\nprint(sysconfig.get_paths()['purelib'])\ntry:\n    import distutils; print(distutils.__file__)\nexcept ImportError:\n    print('')";
    const run = spawnSync("python3", ["-c", script], { encoding: "utf8" }); // with this process's $SETUPTOOLS_USE_DISTUTILS
    expect(run.status).toBe(0);
    const [purelib, imported] = run.stdout.split("\n");
    const env = findEnvironment(makeRepo({}), purelib!);
    const shim = env?.distutilsShim ?? null;
    // Either the shim is installed and python3 loaded setuptools' copy from it, or python3's distutils is another one.
    if (shim) expect(imported).toBe(path.join(shim.dir, "__init__.py"));
    else expect(imported?.includes(`${path.sep}setuptools${path.sep}`)).toBe(false);
  });
});
