// Imports into installed packages (resolve/installed.ts): names and submodules are checked as first-party ones are,
// from the packages' own files parsed on demand, never through __getattr__, dynamic namespaces or unparseable files;
// every error is what the environment's python3 raises.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = (files: Record<string, string>): string => {
  const d = makeRepo(files);
  dirs.push(d);
  return d;
};

interface Diag {
  path: string;
  line: number;
  code: string;
  severity: string;
  runtimeError: string | null;
}

function check(repo: string, env: string, extra: string[] = []): Diag[] {
  const r = spawnSync(process.execPath, [BIN, "check", ".", "--python-env", env, "--python-version", "3.11", "--format", "json", "--no-cache", ...extra], { cwd: repo, encoding: "utf8" });
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics;
}

/** What `python` raises importing each `m<i>` module of the repository, with `site` on sys.path after it. */
function probe(python: string, repo: string, count: number, site: string | null): (string | null)[] {
  const script = `import importlib, json, sys\nsys.path.insert(0, '.')\n${site ? `sys.path.append(${JSON.stringify(site)})\n` : ""}out = []\nfor i in range(${count}):\n    try:\n        importlib.import_module('m%d' % i)\n        out.append(None)\n    except Exception as e:\n        out.append('%s: %s' % (type(e).__name__, e))\nprint(json.dumps(out))\n`;
  writeFileSync(path.join(repo, "probe_installed.py"), script);
  const p = spawnSync(python, [...(site ? ["-S"] : []), "probe_installed.py"], { cwd: repo, encoding: "utf8" });
  return JSON.parse(p.stdout) as (string | null)[];
}

describe("a site-packages tree written by the test", () => {
  const site = tmp({
    "fancy/__init__.py": "from ._core import Widget\nfrom . import extras\n__all__ = ['Widget']\n",
    "fancy/_core.py": "class Widget:\n    pass\n",
    "fancy/extras.py": "HELP = 1\n",
    "fancy-1.0.dist-info/METADATA": "Name: fancy\nVersion: 1.0\n",
    "fancy-1.0.dist-info/top_level.txt": "fancy\n",
    // Edits sys.modules (six's way of providing `six.moves`): its submodules and names are unknowable.
    "dyn.py": "import sys, types\nsys.modules[__name__ + '.moves'] = types.ModuleType('moves')\n",
    "lazy/__init__.py": "def __getattr__(name):\n    return name\n",
    "broken.py": "def f(:\n",
    "plain.py": "VALUE = 1\n",
    // A compiled module with its stub: the stub lists the names.
    "fast.cpython-311-x86_64-linux-gnu.so": "",
    "fast.pyi": "def speedy() -> int: ...\nCONSTANT: int\n",
  });
  const statements = [
    "from fancy import Widget",
    "from fancy import Gadget",
    "from fancy import extras, _core",
    "import fancy.nope",
    "import fancy.extras",
    "from fancy.extras import HELP, MISSING",
    "import plain.sub",
    "import dyn.moves",
    "from lazy import anything",
    "from plain import VALUE",
  ];
  const repo = tmp(Object.fromEntries(statements.map((s, i) => [`m${i}.py`, `${s}\n`])));

  it("reports exactly the failures python3 raises, with its error", () => {
    const found = new Map(check(repo, site).filter((d) => d.severity === "error").map((d) => [d.path, d.runtimeError]));
    const real = probe("python3", repo, statements.length, site);
    const rows = statements.map((s, i) => `${s} | python3: ${real[i] ?? "ok"} | import-doctor: ${found.get(`m${i}.py`) ?? "nothing"}`);
    expect(rows).toEqual(statements.map((s, i) => `${s} | python3: ${real[i] ?? "ok"} | import-doctor: ${real[i] ?? "nothing"}`));
    expect(real.filter((x) => x !== null)).toHaveLength(4);
  });

  it("never reports through __getattr__, a sys.modules edit, an unparseable file, or a compiled module's missing stub", () => {
    const more = tmp({ "a.py": "from broken import f\nfrom fast import speedy, CONSTANT\nfrom fast import not_in_stub\n" });
    const found = check(more, site).filter((d) => d.severity === "error");
    // The stub of the compiled module says what it has.
    expect(found.map((d) => `${d.line} ${d.code} ${d.runtimeError}`)).toEqual([`3 IMP002 ImportError: cannot import name 'not_in_stub' from 'fast' (${path.join(site, "fast.cpython-311-x86_64-linux-gnu.so")})`]);
  });
});

describe("the facts of installed modules are cached like the repository's", () => {
  it("keeps them in .import-doctor-cache/installed/, and a run that reads them again reports the same", () => {
    const site = tmp({ "lib/__init__.py": "from .core import A\n", "lib/core.py": "A = 1\n", "lib-1.0.dist-info/METADATA": "Name: lib\nVersion: 1.0\n" });
    const repo = tmp({ "m.py": "from lib import A, B\n" });
    const run = (): string[] => {
      const r = spawnSync(process.execPath, [BIN, "check", ".", "--python-env", site, "--format", "json"], { cwd: repo, encoding: "utf8" });
      return (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics.map((d) => `${d.code} ${d.runtimeError}`);
    };
    const first = run();
    expect(first).toEqual([`IMP002 ImportError: cannot import name 'B' from 'lib' (${path.join(site, "lib", "__init__.py")})`]);
    expect(readdirSync(path.join(repo, ".import-doctor-cache", "installed")).filter((f) => f.startsWith("facts-")).length).toBeGreaterThan(0);
    // An edit of the repository: analysed again, with the installed facts from the cache.
    writeFileSync(path.join(repo, "other.py"), "X = 1\n");
    expect(run()).toEqual(first);
    // An edit of the installed package is seen (its stat changed).
    writeFileSync(path.join(site, "lib", "__init__.py"), "from .core import A\nB = 2\n");
    expect(run()).toEqual([]);
  });
});

describe("a virtualenv built from packages this machine has", () => {
  const python = "python3";
  const source = spawnSync(python, ["-c", "import pluggy, attr, os; print(os.path.dirname(os.path.dirname(pluggy.__file__)))"], { encoding: "utf8" }).stdout.trim();
  it.skipIf(!source || !existsSync(path.join(source, "pluggy")))("pluggy and attrs: a misspelt name and a missing submodule are python3's errors; the rest imports", () => {
    const venv = tmp({});
    expect(spawnSync(python, ["-m", "venv", "--without-pip", venv]).status).toBe(0);
    const [site] = readdirSync(path.join(venv, "lib")).map((py) => path.join(venv, "lib", py, "site-packages"));
    for (const entry of readdirSync(source)) {
      if (/^(pluggy|attr|attrs)(-[^/]*\.dist-info)?$/.test(entry)) cpSync(path.join(source, entry), path.join(site!, entry), { recursive: true });
    }
    mkdirSync(path.join(venv, "repo"));
    const statements = ["from pluggy import NotAThing", "import attr.nonexistentmod", "from pluggy import HookimplMarker, HookspecMarker", "from attr import define, field", "import attr.validators", "from attrs import frozen"];
    const repo = tmp(Object.fromEntries(statements.map((s, i) => [`m${i}.py`, `${s}\n`])));
    const found = new Map(check(repo, venv).filter((d) => d.severity === "error").map((d) => [d.path, d.runtimeError]));
    const real = probe(path.join(venv, "bin", "python"), repo, statements.length, null);
    expect(statements.map((s, i) => `${s}: ${found.get(`m${i}.py`) ?? "ok"}`)).toEqual(statements.map((s, i) => `${s}: ${real[i] ?? "ok"}`));
    expect(real.slice(0, 2).every((x) => x !== null)).toBe(true);
  });
});
