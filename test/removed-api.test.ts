// IMP009 against the real interpreter: for every distribution entry of rules/removed-names.json, fake distributions
// written here (a site-packages with a version before the removals, one with a version after) show the failure, and
// import-doctor predicts exactly the failures python3 raises: none before, every one after, word for word.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RemovedEntry } from "../src/checks/removed-names.js";
import { compareVersions } from "../src/checks/versions.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");
const entries = (JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "rules", "removed-names.json"), "utf8")) as { entries: RemovedEntry[] }).entries.filter((e) => e.kind === "distribution");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A version just below `v`: 2.0 -> 1.99, 0.23 -> 0.22, 3.1 -> 3.0. */
function below(v: string): string {
  const parts = v.split(".").map(Number);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i]! > 0) {
      parts[i]!--;
      for (let j = i + 1; j < parts.length; j++) parts[j] = 99;
      return parts.join(".");
    }
  }
  return "0.0";
}

/** Module files of a fake site-packages in which every entry's names and modules exist (`removed` false) or not. */
function fakeSite(removed: boolean): string {
  const files = new Map<string, string[]>(); // module -> lines
  const packages = new Set<string>();
  const want = (module: string, pkg: boolean): string[] => {
    const parts = module.split(".");
    for (let i = 1; i < parts.length; i++) packages.add(parts.slice(0, i).join("."));
    if (pkg) packages.add(module);
    return files.get(module) ?? files.set(module, []).get(module)!;
  };
  const dists = new Map<string, { tops: Set<string>; version: string }>();
  for (const e of entries) {
    const d = dists.get(e.distribution!) ?? dists.set(e.distribution!, { tops: new Set(), version: "" }).get(e.distribution!)!;
    d.tops.add(e.module.split(".")[0]!);
    // The newest removal (after) or just below the oldest one (before).
    const v = removed ? e.removedIn : below(e.removedIn);
    if (!d.version || (removed ? compareVersions(v, d.version) > 0 : compareVersions(v, d.version) < 0)) d.version = v;
  }
  // Names a module's __getattr__ raises the distribution's own error for (pydantic), by module.
  const raising = new Map<string, { cls: string; byName: Record<string, string> }>();
  for (const e of entries) {
    if (e.names === null) {
      if (!removed) want(e.module, true);
      else want(e.module.split(".").slice(0, -1).join("."), true);
      continue;
    }
    const lines = want(e.module, false);
    const restored = e.restoredIn !== undefined && compareVersions(dists.get(e.distribution!)!.version, e.restoredIn) >= 0;
    if (!removed || restored) for (const n of e.names) lines.push(`${n} = ${JSON.stringify(n)}`);
    else if (e.error) {
      // The distribution raises its own error from a module __getattr__ (pydantic's PydanticImportError).
      const cls = e.error.slice(0, e.error.indexOf(":"));
      const r = raising.get(e.module) ?? raising.set(e.module, { cls, byName: {} }).get(e.module)!;
      for (const n of e.names) r.byName[n] = e.error.slice(e.error.indexOf(":") + 2).replace(/\{name\}/g, n);
    }
  }
  for (const [m, { cls, byName }] of raising) {
    want(m, false).push(`class ${cls}(ImportError):\n    pass\n_MESSAGES = ${JSON.stringify(byName)}\ndef __getattr__(name):\n    if name in _MESSAGES:\n        raise ${cls}(_MESSAGES[name])\n    raise AttributeError(name)`);
  }
  const site = makeRepo({});
  dirs.push(site);
  for (const m of new Set([...files.keys(), ...packages])) {
    const rel = m.split(".").join("/");
    const file = packages.has(m) ? path.join(site, rel, "__init__.py") : path.join(site, `${rel}.py`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${(files.get(m) ?? []).join("\n")}\n`);
  }
  for (const [dist, { tops, version }] of dists) {
    const info = path.join(site, `${dist.replace(/-/g, "_")}-${version}.dist-info`);
    mkdirSync(info, { recursive: true });
    writeFileSync(path.join(info, "METADATA"), `Metadata-Version: 2.1\nName: ${dist}\nVersion: ${version}\n`);
    writeFileSync(path.join(info, "top_level.txt"), [...tops].join("\n") + "\n");
  }
  return site;
}

/** One file per imported name (and per removed module), so that each failure is one file's. */
function statements(): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.names === null) out.push(`import ${e.module}`);
    else for (const n of e.names) out.push(`from ${e.module} import ${n}`);
  }
  return out;
}

describe("IMP009 against fake distributions before and after their removals", () => {
  const list = statements();
  const files: Record<string, string> = {};
  list.forEach((s, i) => (files[`m${i}.py`] = `${s}\n`));

  for (const removed of [false, true]) {
    it(removed ? "after: every removal fails in python3, and import-doctor reports each with CPython's error" : "before: python3 imports every name, and import-doctor reports nothing", () => {
      const site = fakeSite(removed);
      const repo = makeRepo(files);
      dirs.push(repo);
      const r = spawnSync(process.execPath, [BIN, "check", ".", "--python-env", site, "--python-version", "3.11", "--format", "json", "--no-cache", "--select", "IMP009"], { cwd: repo, encoding: "utf8" });
      expect(r.stderr).toBe("");
      const reported = new Map<string, string>();
      for (const d of (JSON.parse(r.stdout) as { diagnostics: { path: string; runtimeError: string }[] }).diagnostics) reported.set(d.path, d.runtimeError);
      const probe = "import importlib, json, re, sys\nsys.path.insert(0, sys.argv[2])\nsys.path.insert(0, '.')\nout = []\nfor i in range(int(sys.argv[1])):\n    try:\n        importlib.import_module('m%d' % i)\n        out.append(None)\n    except Exception as e:\n        out.append(re.sub(r' \\(/[^()]*\\)$', ' (…)', '%s: %s' % (type(e).__name__, e)))\nprint(json.dumps(out))\n";
      writeFileSync(path.join(repo, "probe_removed.py"), probe);
      const p = spawnSync("python3", ["-I", "-S", "probe_removed.py", String(list.length), site], { cwd: repo, encoding: "utf8" });
      const real = JSON.parse(p.stdout) as (string | null)[];
      const disagreements: string[] = [];
      list.forEach((s, i) => {
        const mine = reported.get(`m${i}.py`) ?? null;
        if (mine !== real[i]) disagreements.push(`${s}: python3 ${real[i] ?? "ok"} | import-doctor ${mine ?? "nothing"}`);
      });
      expect(disagreements).toEqual([]);
      // Every statement fails after, but the names a later release brought back (numpy.bool in 2.0).
      const restored = entries.filter((e) => e.restoredIn !== undefined).flatMap((e) => e.names ?? []).length;
      expect(real.filter((x) => x !== null)).toHaveLength(removed ? list.length - restored : 0);
      expect(reported.size).toBe(removed ? list.length - restored : 0);
    }, 60_000);
  }
});

describe("check --upgrade DIST==VERSION", () => {
  const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const repo = (): string => {
    const r = makeRepo({
      "pyproject.toml": '[project]\nname = "web"\nversion = "0"\nrequires-python = ">=3.11"\ndependencies = ["werkzeug>=2.2", "jinja2>=3.0"]\n',
      "conftest.py": "",
      "web/__init__.py": "from werkzeug.urls import url_quote\n",
      "web/views.py": "from jinja2 import Markup, Environment\n",
      "tests/test_web.py": "import web\n\n\ndef test_web():\n    assert web\n",
    });
    dirs.push(r);
    return r;
  };

  it("reports what the upgrades would break, before they are installed, and --impact lists the tests they block", () => {
    const r = repo();
    expect(cli(["check", ".", "--no-cache"], r).status).toBe(0);
    const out = cli(["check", ".", "--no-cache", "--upgrade", "Werkzeug==3.0.1", "--upgrade", "jinja2==3.1.4", "--impact", "--format", "json"], r);
    const json = JSON.parse(out.stdout) as { diagnostics: { code: string; path: string; message: string }[]; impact: { rootCause: number; blockedTests: string[] }[] };
    expect(json.diagnostics.map((d) => `${d.code} ${d.path} ${d.message}`)).toEqual([
      "IMP009 web/__init__.py `werkzeug.urls.url_quote` was removed in werkzeug 3.0 (with --upgrade werkzeug==3.0.1)",
      "IMP009 web/views.py `jinja2.Markup` was removed in jinja2 3.1 (with --upgrade jinja2==3.1.4)",
    ]);
    expect(json.impact.find((c) => json.diagnostics[c.rootCause]!.path === "web/__init__.py")!.blockedTests).toEqual(["tests/test_web.py"]);
  });

  it("--diff shows the fix, and a malformed --upgrade is a usage error", () => {
    const r = repo();
    // markupsafe is not declared: the fix declares it, which makes it unsafe.
    const diff = cli(["check", ".", "--no-cache", "--upgrade", "jinja2==3.1", "--diff", "--unsafe-fixes"], r);
    expect(diff.stdout).toContain("-from jinja2 import Markup, Environment\n+from jinja2 import Environment\n+from markupsafe import Markup\n");
    expect(diff.stdout).toContain('+dependencies = ["werkzeug>=2.2", "jinja2>=3.0", "markupsafe"]\n');
    const bad = cli(["check", ".", "--upgrade", "jinja2>=3.1"], r);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--upgrade must look like DIST==VERSION (pydantic==2.7), got 'jinja2>=3.1'");
  });
});

