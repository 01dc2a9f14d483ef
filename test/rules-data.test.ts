// rules/: every data file matches its schema; every rule is documented in its file and in the README.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../src/checks/registry.js";
import { FIXABLE_CODES } from "../src/fix/fixers/index.js";
import { SUPPORTED_VERSIONS } from "../src/resolve/stdlib.js";
import { StdlibNames } from "../src/resolve/stdlib-names.js";

const rules = path.join(import.meta.dirname, "..", "rules");
const load = (name: string) => JSON.parse(readFileSync(path.join(rules, name), "utf8"));
const IDENT_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

describe("rules/stdlib.json", () => {
  const data = load("stdlib.json");
  it("covers every supported version with identifier module names", () => {
    expect(Object.keys(data.versions)).toEqual(SUPPORTED_VERSIONS);
    for (const list of Object.values(data.versions) as string[][]) {
      expect(list.length).toBeGreaterThan(250);
      for (const m of list) expect(m).toMatch(IDENT_PATH);
    }
  });
  it("matches the running python3's own sys.stdlib_module_names for its version", async () => {
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync("python3", ["-c", "import sys, json; print(json.dumps(['%d.%d' % sys.version_info[:2], sorted(sys.stdlib_module_names)]))"], { encoding: "utf8" });
    const [version, names] = JSON.parse(out) as [string, string[]];
    if (data.versions[version]) expect(data.versions[version]).toEqual(names);
  });
});

describe("rules/stdlib-tests.json", () => {
  const data = load("stdlib-tests.json");
  it("lists each version's test modules and the test package's tree, and matches the running python3's own", async () => {
    expect(Object.keys(data.versions).sort()).toEqual([...SUPPORTED_VERSIONS].sort());
    for (const v of Object.values(data.versions) as { top: string[]; tree: string[]; source: string }[]) {
      expect(v.source).toMatch(/^(CPython 3\.\d+\.\d+ introspected|derived from 3\.\d+ \(no interpreter here\))$/);
      expect(v.top).toContain("test");
      for (const t of v.tree) expect(t.replace(/\/$/, "")).toMatch(IDENT_PATH);
      expect(v.tree).toContain("support/");
    }
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync("python3", ["-I", "-c", "import sys, os, sysconfig, json; d = sysconfig.get_paths()['stdlib']; print(json.dumps(['%d.%d' % sys.version_info[:2], os.path.isfile(os.path.join(d, 'test', 'support', '__init__.py')), sorted(n[:-3] for n in os.listdir(os.path.join(d, 'test')) if n.endswith('.py') and n != '__init__.py')]))"], { encoding: "utf8" });
    const [version, hasSupport, modules] = JSON.parse(out) as [string, boolean, string[]];
    if (hasSupport && data.versions[version]) expect(data.versions[version].tree.filter((t: string) => !t.includes(".") && !t.endsWith("/"))).toEqual(modules.filter((m) => /^[A-Za-z_]\w*$/.test(m)));
  });
});

describe("rules/stdlib-names.json", () => {
  const data = load("stdlib-names.json");
  it("says where each version's data came from, and holds identifier names and version spans", () => {
    expect(Object.keys(data.sources)).toEqual(SUPPORTED_VERSIONS);
    const SPAN = /^3\.\d+(-3\.\d+)?(,3\.\d+(-3\.\d+)?)*$/;
    for (const [m, e] of Object.entries(data.modules) as [string, { versions: string; names: string[]; partial: Record<string, string> }][]) {
      expect(m).toMatch(IDENT_PATH);
      expect(e.versions).toMatch(SPAN);
      for (const span of Object.values(e.partial)) expect(span).toMatch(SPAN);
      for (const n of [...e.names, ...Object.keys(e.partial)]) expect(typeof n).toBe("string");
    }
  });
  it("knows the modules every version has", () => {
    const names = new StdlibNames("3.12");
    for (const m of ["os", "os.path", "collections", "collections.abc", "json", "typing", "xml.etree.ElementTree", "email.mime.text"]) expect(names.lookup(m).kind, m).toBe("module");
  });
});

describe("rules/removed-names.json", () => {
  const data = load("removed-names.json");
  const before = (v: string): string => SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.indexOf(v) - 1]!;
  it("gives every entry a module, a version, a reference, a safety and a message", () => {
    for (const e of data.entries) {
      expect(e.module).toMatch(IDENT_PATH);
      expect(["stdlib", "distribution"]).toContain(e.kind);
      expect(e.reference).toMatch(/^https:\/\//);
      expect(["safe", "unsafe", "display-only"]).toContain(e.fixSafety);
      expect(e.replacement === null).toBe(e.fixSafety === "display-only");
      if (e.kind === "stdlib") expect(SUPPORTED_VERSIONS).toContain(e.removedIn);
      for (const n of e.names ?? []) expect(n).toMatch(IDENT_PATH);
    }
  });
  // The catalogue only words a failure the interpreter data finds: an entry the data contradicts would never fire, or
  // would propose a replacement that does not exist.
  it("agrees with the stdlib data: each name exists before its removal, not from it, and its replacement does", () => {
    for (const e of data.entries.filter((x: { kind: string }) => x.kind === "stdlib")) {
      const now = new StdlibNames(e.removedIn);
      const then = e.removedIn === "3.8" ? null : new StdlibNames(before(e.removedIn));
      const mod = now.lookup(e.module);
      for (const n of e.names ?? [null]) {
        const label = `${e.module}${n ? `.${n}` : ""} (${e.removedIn})`;
        if (n === null) expect(mod.kind, label).toBe("absent");
        // A name of a module removed whole (imp.reload) is there for its fix: the module's absence is the failure.
        else if (mod.kind === "module" && !mod.module.dynamic) expect(mod.module.has(n), label).toBe(false);
        const old = then?.lookup(e.module);
        if (old && n !== null && old.kind === "module" && !old.module.dynamic) expect(old.module.has(n), `${label} before`).toBe(true);
        if (old && n === null) expect(old.kind, `${label} before`).toBe("module");
        if (e.replacement) {
          const repl = now.lookup(e.replacement);
          expect(repl.kind, `${label} -> ${e.replacement}`).toBe("module");
          if (n !== null && repl.kind === "module" && !repl.module.dynamic) expect(repl.module.has(e.renamed[n] ?? n), `${label} -> ${e.replacement}`).toBe(true);
        }
      }
    }
  });
});

describe("rules/deprecated-modules.json", () => {
  const data = load("deprecated-modules.json");
  it("gives every entry a module, message, version, reference and safety", () => {
    for (const e of data.modules) {
      expect(e.module).toMatch(IDENT_PATH);
      expect(["stdlib", "ecosystem"]).toContain(e.kind);
      expect(typeof e.message).toBe("string");
      expect(typeof e.deprecatedSince).toBe("string");
      expect(e.reference).toMatch(/^https:\/\//);
      expect(["safe", "unsafe", "display-only"]).toContain(e.fixSafety);
      if (e.kind === "stdlib") expect(e.deprecatedSince).toMatch(/^3\.\d+$/);
      if (e.removedIn !== null) expect(SUPPORTED_VERSIONS).toContain(e.removedIn);
    }
  });
  it("lists the modules the issue requires", () => {
    const names = new Set(data.modules.map((e: { module: string }) => e.module));
    for (const m of ["aioredis", "asynctest", "mock", "distutils", "imp", "asynchat", "asyncore", "smtpd", "telnetlib", "cgi", "pkg_resources", "toml", "pytz", "six", "nose", "neo4j.v1", "sqlalchemy.ext.declarative", "openai.error", "langchain.llms"]) {
      expect(names.has(m), m).toBe(true);
    }
  });
});

describe("rules/distributions.json", () => {
  it("maps normalised distribution names to import names", () => {
    const { mappings } = load("distributions.json");
    for (const [dist, names] of Object.entries(mappings) as [string, string[]][]) {
      expect(dist).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const n of names) expect(n).toMatch(IDENT_PATH);
    }
    expect(mappings.pyyaml).toContain("yaml");
    expect(mappings["scikit-learn"]).toEqual(["sklearn"]);
    expect(mappings["markdown-it-py"]).toEqual(["markdown_it"]);
  });

  // Every mapping of a distribution installed on this machine (any pyenv CPython's site-packages, Debian's
  // dist-packages) names modules that distribution really installs beside its metadata.
  it("holds for every distribution installed on this machine", () => {
    const { mappings, sources } = load("distributions.json") as { mappings: Record<string, string[]>; sources: Record<string, string> };
    const pyenv = process.env.PYENV_ROOT ?? path.join(homedir(), ".pyenv");
    const sites = [
      ...(existsSync(path.join(pyenv, "versions")) ? readdirSync(path.join(pyenv, "versions")).flatMap((v) => {
        const lib = path.join(pyenv, "versions", v, "lib");
        return existsSync(lib) ? readdirSync(lib).filter((p) => p.startsWith("python3")).map((p) => path.join(lib, p, "site-packages")) : [];
      }) : []),
      "/usr/lib/python3/dist-packages",
    ].filter((d) => existsSync(d));
    const norm = (n: string): string => n.toLowerCase().replace(/[-_.]+/g, "-");
    const provides = (site: string, name: string): boolean => {
      const base = path.join(site, ...name.split("."));
      if (existsSync(base) || existsSync(`${base}.py`)) return true;
      const dir = path.dirname(base);
      const stem = path.basename(base);
      return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(`${stem}.`) && /\.(so|pyd)$/.test(f));
    };
    let checked = 0;
    const wrong: string[] = [];
    for (const site of sites) {
      for (const entry of readdirSync(site)) {
        const m = /^(.+?)-[^-]+?(?:-py\d[^-]*)?\.(dist-info|egg-info)$/.exec(entry);
        const names = m ? mappings[norm(m[1]!)] : undefined;
        if (!m || !names) continue;
        checked++;
        const missing = names.filter((n) => !provides(site, n));
        // A curated entry may list what several releases installed (setuptools' distutils hack); the metadata's own
        // entries and pipreqs' must hold entirely.
        if (missing.length === names.length || (missing.length > 0 && sources[norm(m[1]!)] !== "curated")) wrong.push(`${norm(m[1]!)} (${sources[norm(m[1]!)]}) in ${site}: ${missing.join(", ")}`);
      }
    }
    console.log(`distributions.json: ${checked} installed distributions checked`);
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});

describe("rule documentation", () => {
  const readme = readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
  it.each(ALL_RULES.map((r) => [r.code, r] as const))("%s has docs and a README section", (code, rule) => {
    expect(rule.docs).toContain("## What it does");
    expect(rule.docs).toContain("## Why is this bad?");
    if (FIXABLE_CODES.includes(code)) expect(rule.docs).toContain("## Fix safety");
    expect(readme).toContain(`${code} \`${rule.name}\``);
  });
});
