// fast-check arbitraries for small Python repositories that exercise the import system (issue 3's generator).
import fc from "fast-check";

/** A generated repository: file path -> content, plus the third-party names a real environment would provide. */
export interface GeneratedRepo {
  files: Record<string, string>;
  /** Declared (and stubbed) third-party top-level names. */
  stubs: string[];
  srcLayout: boolean;
  /** A generated site-packages (outside the repository), given as the environment: path -> content. */
  site?: Record<string, string>;
  /** A configured root outside the repository (`roots = ["@OUTSIDE@"]`, its absolute path once written). */
  outside?: Record<string, string>;
}

/**
 * The installed distribution every generated repository's environment holds: a package with a submodule, a module
 * whose names come from a module __getattr__, and one that edits sys.modules (six's way): imports into the last two
 * are never judged by their names or submodules.
 */
const SITE: Record<string, string> = {
  "extlib/__init__.py": "from ._impl import Thing\nfrom . import tools\n__all__ = ['Thing', 'tools']\n",
  "extlib/_impl.py": "class Thing:\n    pass\n",
  "extlib/tools.py": "def helper():\n    return 1\n",
  "extlib-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: extlib\nVersion: 1.0\n",
  "extlib-1.0.dist-info/top_level.txt": "extlib\nextlazy\nextdyn\n",
  "extlazy.py": "def __getattr__(name):\n    if name.startswith('__'):\n        raise AttributeError(name)\n    return name\n",
  "extdyn.py": "import sys, types\nsys.modules[__name__ + '.moves'] = types.ModuleType(__name__ + '.moves')\n",
};
/** Imports into the installed distribution: some work, some fail (a name or a submodule it lacks). */
const INSTALLED_IMPORTS = [
  "from extlib import Thing",
  "from extlib import Gadget",
  "from extlib import tools, Thing",
  "import extlib.tools",
  "import extlib.nothere",
  "from extlib.tools import helper",
  "from extlib.tools import nohelper",
  "from extlib._impl import Thing",
  "from extlazy import anything",
  "import extdyn.moves",
];

/**
 * A library in a configured root outside the repository (`roots = ["../shared-lib"]`): first-party code, checked.
 * Its base module may import a name its package lacks.
 */
const OUTSIDE_IMPORTS = ["from shared import Base", "from shared.base import Base", "import shared.base", "import shared.nope", "from shared import nope", "from shared.base import Nope"];
function outsideLib(broken: boolean, reexport: boolean): Record<string, string> {
  return {
    "shared/__init__.py": reexport ? "from .base import Base\n" : "",
    "shared/base.py": `${broken ? "from shared import missing_name\n" : ""}class Base:\n    pass\n`,
  };
}

const PKG_NAMES = ["alpha", "beta", "core", "util"];
const SUB_NAMES = ["api", "models", "perf", "shared"];
const MOD_NAMES = ["mod_a", "mod_b", "helpers", "perf", "models"];
const SYMBOLS = ["Foo", "bar", "BAZ", "qux", "Widget"];
/** First-party files named like stdlib modules (IMP006 territory). */
const STDLIB_LIKE = ["json", "string", "random", "types", "email"];
/** Imports of names and submodules of stdlib modules no generated file shadows: some exist, some do not (rules/stdlib-names.json). */
const STDLIB_NAMES = [
  "from collections import OrderedDict",
  "from collections import Mapping",
  "from collections.abc import Mapping, Sequence",
  "from os import nonexistent_name",
  "from os.path import join, splitunc",
  "import os.nonexistent",
  "import os.path",
  "import collections.nope",
  "from base64 import encodestring",
  "from base64 import encodebytes",
  "from importlib import import_module, reload",
  "from sys import nonexistent_attr",
  "import xml.etree.ElementTree",
  "import xml.etree.Nope",
];

type Guard = "none" | "try-import" | "try-mnf" | "try-exception" | "type-checking" | "function" | "handler";

interface ModSpec {
  /** Dotted name relative to the import root. */
  name: string;
  /** Repo-relative path of its file. */
  file: string;
  isPackage: boolean;
  /** Namespace directories have no file. */
  namespace: boolean;
}

interface Layout {
  srcLayout: boolean;
  /** The outside library: its base module broken, its package re-exporting Base. */
  outside: { broken: boolean; reexport: boolean } | null;
  modules: ModSpec[];
  testsPackage: boolean;
  rootConftest: boolean;
  stubs: string[];
}

const layoutArb: fc.Arbitrary<Layout> = fc
  .record({
    srcLayout: fc.boolean(),
    packages: fc.uniqueArray(fc.constantFrom(...PKG_NAMES), { minLength: 1, maxLength: 2 }),
    namespaceTop: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    subpackages: fc.array(fc.record({ parent: fc.nat(1), name: fc.constantFrom(...SUB_NAMES), namespace: fc.boolean() }), { maxLength: 2 }),
    modules: fc.array(fc.record({ parent: fc.nat(3), name: fc.constantFrom(...MOD_NAMES) }), { minLength: 1, maxLength: 5 }),
    stdlibLike: fc.option(fc.constantFrom(...STDLIB_LIKE), { nil: null }),
    shadowPair: fc.boolean(),
    testsPackage: fc.boolean(),
    rootConftest: fc.boolean(),
    outside: fc.option(fc.record({ broken: fc.boolean(), reexport: fc.boolean() }), { nil: null, freq: 3 }),
  })
  .map((r) => {
    const prefix = r.srcLayout ? "src/" : "";
    const mods: ModSpec[] = [];
    const add = (m: ModSpec): void => {
      if (!mods.some((x) => x.name === m.name || x.file === m.file)) mods.push(m);
    };
    const pkgs: ModSpec[] = r.packages.map((p, i) => ({
      name: p,
      file: r.namespaceTop[i] ? `${prefix}${p}` : `${prefix}${p}/__init__.py`,
      isPackage: true,
      namespace: r.namespaceTop[i] ?? false,
    }));
    pkgs.forEach(add);
    for (const s of r.subpackages) {
      const parent = pkgs[s.parent % pkgs.length]!;
      const dir = parent.namespace ? parent.file : parent.file.replace(/\/__init__\.py$/, "");
      add({ name: `${parent.name}.${s.name}`, file: s.namespace ? `${dir}/${s.name}` : `${dir}/${s.name}/__init__.py`, isPackage: true, namespace: s.namespace });
    }
    const containers = mods.filter((m) => m.isPackage);
    for (const m of r.modules) {
      const parent = containers[m.parent % containers.length]!;
      const dir = parent.namespace ? parent.file : parent.file.replace(/\/__init__\.py$/, "");
      add({ name: `${parent.name}.${m.name}`, file: `${dir}/${m.name}.py`, isPackage: false, namespace: false });
    }
    if (r.shadowPair) {
      // A module file beside a same-named directory without __init__.py (the seed report's `performance`).
      const mod = mods.find((m) => !m.isPackage);
      if (mod) add({ name: `${mod.name}.monitor`, file: `${mod.file.replace(/\.py$/, "")}/monitor.py`, isPackage: false, namespace: false });
    }
    if (r.stdlibLike) add({ name: r.stdlibLike, file: `${prefix}${r.stdlibLike}.py`, isPackage: false, namespace: false });
    return { srcLayout: r.srcLayout, outside: r.outside, modules: mods, testsPackage: r.testsPackage, rootConftest: r.rootConftest, stubs: ["requests"] };
  });

type ImportChoice =
  | { form: "import"; target: number; mutate: boolean; alias: boolean }
  | { form: "from"; target: number; what: "symbol" | "submodule" | "missing" | "star"; symbol: number }
  | { form: "relative"; target: number; extraDots: number; what: "symbol" | "missing" }
  | { form: "third-party"; declared: boolean }
  | { form: "stdlib"; name: string }
  | { form: "stdlib-name"; statement: string }
  | { form: "installed"; statement: string }
  | { form: "outside"; statement: string }
  | { form: "attribute"; target: number; symbol: number; alias: boolean }
  | { form: "dynamic"; target: number; mutate: boolean; builtin: boolean };

const importArb: fc.Arbitrary<ImportChoice> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ form: fc.constant("import" as const), target: fc.nat(20), mutate: fc.boolean(), alias: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ form: fc.constant("from" as const), target: fc.nat(20), what: fc.constantFrom("symbol" as const, "submodule" as const, "missing" as const, "star" as const), symbol: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ form: fc.constant("relative" as const), target: fc.nat(20), extraDots: fc.constantFrom(0, 0, 0, 1, 3), what: fc.constantFrom("symbol" as const, "missing" as const) }) },
  { weight: 1, arbitrary: fc.record({ form: fc.constant("third-party" as const), declared: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ form: fc.constant("stdlib" as const), name: fc.constantFrom(...STDLIB_LIKE) }) },
  { weight: 1, arbitrary: fc.record({ form: fc.constant("stdlib-name" as const), statement: fc.constantFrom(...STDLIB_NAMES) }) },
  { weight: 1, arbitrary: fc.record({ form: fc.constant("installed" as const), statement: fc.constantFrom(...INSTALLED_IMPORTS) }) },
  { weight: 1, arbitrary: fc.record({ form: fc.constant("outside" as const), statement: fc.constantFrom(...OUTSIDE_IMPORTS) }) },
  { weight: 2, arbitrary: fc.record({ form: fc.constant("attribute" as const), target: fc.nat(20), symbol: fc.nat(4), alias: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ form: fc.constant("dynamic" as const), target: fc.nat(20), mutate: fc.boolean(), builtin: fc.boolean() }) },
);

const stmtArb = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("def" as const), symbol: fc.nat(4), style: fc.nat(2) }) },
  // Reads of sys.modules leave the module's names as they are; a write replaces the module with an object that has
  // every name (so no from-import of it fails, and import-doctor must not claim one does).
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sys-modules" as const), write: fc.boolean(), inFunction: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("import" as const), choice: importArb, guard: fc.constantFrom<Guard>("none", "none", "none", "try-import", "try-mnf", "try-exception", "type-checking", "function", "handler") }) },
);

const bodyArb = fc.record({
  stmts: fc.array(stmtArb, { maxLength: 5 }),
  all: fc.option(fc.uniqueArray(fc.nat(4), { maxLength: 3 }), { nil: null }),
});

const testArb = fc.array(fc.record({ choice: importArb, guard: fc.constantFrom<Guard>("none", "none", "try-import", "function") }), { minLength: 1, maxLength: 3 });

/**
 * Scripts (`python tools/report.py`): a directory without __init__.py whose files run with it first on sys.path.
 * Siblings hide standard-library modules (fractions, colorsys: neither is loaded at start-up) or the third-party
 * name a script imports (tools/requests.py imports itself a second time); a relative import has no parent package.
 */
const SCRIPT_IMPORTS = [
  "import helpers_t",
  "from helpers_t import NAME",
  "from helpers_t import NOPE",
  "from fractions import Fraction",
  "from colorsys import rgb_to_hsv",
  "from . import helpers_t",
  "import requests\n_r = requests.get",
];
type ScriptImport = { literal: string } | { choice: ImportChoice };
const scriptImportArb: fc.Arbitrary<ScriptImport> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ literal: fc.constantFrom(...SCRIPT_IMPORTS) }) },
  { weight: 1, arbitrary: fc.record({ choice: importArb }) },
);
interface Scripts {
  dir: string;
  files: { name: string; guard: boolean; imports: ScriptImport[] }[];
  siblings: string[];
  /** A top-level module with a `__main__` block: imported as a module, run as a script too. */
  rootScript: { imports: ScriptImport[]; shadow: boolean } | null;
}
const scriptsArb: fc.Arbitrary<Scripts | null> = fc.option(
  fc.record({
    dir: fc.constantFrom("tools", "scripts"),
    files: fc.uniqueArray(fc.record({ name: fc.constantFrom("report", "sync", "requests"), guard: fc.boolean(), imports: fc.array(scriptImportArb, { minLength: 1, maxLength: 3 }) }), { selector: (f) => f.name, minLength: 1, maxLength: 2 }),
    siblings: fc.subarray(["helpers_t", "fractions", "colorsys"]),
    rootScript: fc.option(fc.record({ imports: fc.array(scriptImportArb, { minLength: 1, maxLength: 2 }), shadow: fc.boolean() }), { nil: null }),
  }),
  { nil: null, freq: 3 },
);

export const repoArb: fc.Arbitrary<GeneratedRepo> = layoutArb.chain((layout) =>
  fc
    .record({
      bodies: fc.array(bodyArb, { minLength: layout.modules.length, maxLength: layout.modules.length }),
      tests: fc.array(testArb, { minLength: 1, maxLength: 3 }),
      getattrModule: fc.option(fc.nat(10), { nil: null }),
      helperImport: fc.boolean(),
      scripts: scriptsArb,
    })
    .map((r) => render(layout, r.bodies, r.tests, r.getattrModule, r.helperImport, r.scripts)),
);

function packageOf(m: ModSpec): string {
  return m.isPackage ? m.name : m.name.split(".").slice(0, -1).join(".");
}

/** Symbols each module's body defines at module level (attribute reads use only these: a read of a name the module
 * never defines is a plain AttributeError, not an import-system failure). */
type Defined = Map<string, string[]>;

function renderImport(layout: Layout, from: ModSpec | null, c: ImportChoice, k: number, defined: Defined, replaced: ReadonlySet<string> = new Set()): string {
  // import-doctor does not know the names inside stdlib modules, so first-party files named like the stdlib are
  // imported only through the `stdlib` form, with a name the stdlib module has.
  const mods = layout.modules.filter((m) => !STDLIB_LIKE.includes(m.name));
  const pick = (i: number): ModSpec => mods[i % mods.length]!;
  switch (c.form) {
    case "import": {
      const t = pick(c.target);
      const name = c.mutate ? `${t.name}_missing` : t.name;
      return c.alias ? `import ${name} as _alias${k}` : `import ${name}`;
    }
    case "from": {
      const t = pick(c.target);
      // A star import of a module replaced in sys.modules copies the replacement's instance dict (nothing here):
      // import-doctor takes the importer's names as unknowable and does not model what fails behind that.
      if (c.what === "star") return replaced.has(t.name) ? `from ${t.name} import ${SYMBOLS[c.symbol % SYMBOLS.length]}` : `from ${t.name} import *`;
      if (c.what === "missing") return `from ${t.name} import missing_${k}`;
      if (c.what === "submodule") {
        const child = mods.find((m) => m.name.startsWith(t.name + ".") && !m.name.slice(t.name.length + 1).includes("."));
        return child ? `from ${t.name} import ${child.name.slice(t.name.length + 1)}` : `from ${t.name} import ${SYMBOLS[c.symbol % SYMBOLS.length]}`;
      }
      return `from ${t.name} import ${SYMBOLS[c.symbol % SYMBOLS.length]}`;
    }
    case "relative": {
      if (!from) return `from . import ${SYMBOLS[0]}`;
      const t = pick(c.target);
      const pkg = packageOf(from).split(".").filter(Boolean);
      const tparts = t.name.split(".");
      // Walk up from the importer's package to the common ancestor, then down to the target.
      let common = 0;
      while (common < pkg.length && common < tparts.length && pkg[common] === tparts[common]) common++;
      const dots = pkg.length - common + 1 + c.extraDots;
      const rest = tparts.slice(common).join(".");
      const name = c.what === "missing" ? `missing_${k}` : SYMBOLS[k % SYMBOLS.length]!;
      return rest ? `from ${".".repeat(dots)}${rest} import ${name}` : `from ${".".repeat(dots)} import ${name}`;
    }
    case "attribute": {
      // `import T` then `T.SYMBOL` at import time: fails while T is still initializing (a cycle).
      const candidates = mods.filter((m) => (defined.get(m.name) ?? []).length > 0);
      if (candidates.length === 0) return `import ${pick(c.target).name}`;
      const t = candidates[c.target % candidates.length]!;
      const symbols = defined.get(t.name)!;
      const symbol = symbols[c.symbol % symbols.length]!;
      return c.alias ? `import ${t.name} as _m${k}\n_v${k} = _m${k}.${symbol}` : `import ${t.name}\n_v${k} = ${t.name}.${symbol}`;
    }
    case "dynamic": {
      // A literal dynamic import: `importlib.import_module("T")` or `__import__("T")`, binding nothing of T.
      const t = pick(c.target);
      const name = c.mutate ? `${t.name}_missing` : t.name;
      return c.builtin ? `_d${k} = __import__(${JSON.stringify(name)})` : `import importlib
_d${k} = importlib.import_module(${JSON.stringify(name)})`;
    }
    case "third-party":
      return c.declared ? "import requests" : "import undeclared_dep";
    case "outside":
      // Without the library, an import of it would be one of a module found nowhere: an ordinary one instead.
      return layout.outside ? c.statement : "import os";
    case "stdlib-name":
    case "installed":
      return c.statement;
    case "stdlib":
      return `from ${c.name} import ${c.name === "json" ? "dumps" : c.name === "random" ? "choice" : c.name === "string" ? "ascii_letters" : c.name === "types" ? "SimpleNamespace" : "message_from_string"}`;
  }
}

function wrap(stmt: string, guard: Guard, k: number): string {
  const indented = stmt.split("\n").map((l) => `    ${l}`).join("\n");
  switch (guard) {
    case "none":
      return stmt;
    case "try-import":
      return `try:\n${indented}\nexcept ImportError:\n    pass`;
    case "try-mnf":
      return `try:\n${indented}\nexcept ModuleNotFoundError:\n    pass`;
    case "try-exception":
      return `try:\n${indented}\nexcept Exception:\n    pass`;
    case "type-checking":
      return `if TYPE_CHECKING:\n${indented}`;
    case "function":
      return `def _lazy_${k}():\n${indented}`;
    case "handler":
      return `try:\n    import undeclared_fallback_${k}\nexcept ImportError:\n${indented}`;
  }
}

function render(
  layout: Layout,
  bodies: { stmts: (({ kind: "def"; symbol: number; style: number }) | ({ kind: "import"; choice: ImportChoice; guard: Guard }) | { kind: "sys-modules"; write: boolean; inFunction: boolean })[]; all: number[] | null }[],
  tests: { choice: ImportChoice; guard: Guard }[][],
  getattrModule: number | null,
  helperImport: boolean,
  scripts: Scripts | null = null,
): GeneratedRepo {
  const files: Record<string, string> = {};
  files["pyproject.toml"] = `[project]\nname = "generated"\ndependencies = [${[...layout.stubs, "extlib"].map((s) => `"${s}"`).join(", ")}]\n${layout.outside ? '\n[tool.import-doctor]\nroots = ["@OUTSIDE@"]\n' : ""}`;
  let k = 0;
  const defined: Defined = new Map();
  layout.modules.forEach((m, i) => {
    if (m.namespace) return;
    const names = bodies[i]!.stmts.flatMap((s) => (s.kind === "def" ? [SYMBOLS[s.symbol % SYMBOLS.length]!] : []));
    defined.set(m.name, [...new Set(names)]);
  });
  // A package's __getattr__ answers for submodules still initializing (with a string here): reads through it are
  // about values, not the import system, so no attribute read targets its descendants.
  const getattrName = getattrModule !== null ? layout.modules[getattrModule % layout.modules.length]!.name : null;
  if (getattrName) for (const name of [...defined.keys()]) if (name.startsWith(`${getattrName}.`)) defined.delete(name);
  // Modules that replace themselves in sys.modules (the write form below, at the same conditions).
  const replaced = new Set(layout.modules.filter((m, i) => !m.namespace && !m.isPackage && !layout.modules.some((x) => x.name.startsWith(`${m.name}.`)) && bodies[i]!.stmts.some((s) => s.kind === "sys-modules" && s.write && !s.inFunction)).map((m) => m.name));
  layout.modules.forEach((m, i) => {
    if (m.namespace) return;
    const body = bodies[i]!;
    const lines = ["from typing import TYPE_CHECKING"];
    for (const s of body.stmts) {
      k++;
      if (s.kind === "def") {
        const name = SYMBOLS[s.symbol % SYMBOLS.length]!;
        lines.push(s.style === 0 ? `${name} = ${k}` : s.style === 1 ? `def ${name}():\n    return ${k}` : `class ${name}:\n    pass`);
      } else if (s.kind === "sys-modules") {
        // Only a plain module is replaced: a package's submodules need its __path__.
        const read = s.inFunction ? `import sys\ndef _lookup_${k}(name):\n    mod = sys.modules.get(name)\n    return mod is not None and hasattr(mod, "__file__")` : `import sys\n_loaded_${k} = "json" in sys.modules or sys.modules.get(__name__) is None`;
        const write = `import sys\nclass _Any${k}:\n    def __getattr__(self, name):\n        if name.startswith("__"):\n            raise AttributeError(name)\n        return name\nsys.modules[__name__] = _Any${k}()`;
        // Nor a module file that shadows a directory: whether the object stands in for a package is unknowable.
        const hasChildren = layout.modules.some((x) => x.name.startsWith(`${m.name}.`));
        // The write goes first: import-doctor takes a module that writes sys.modules as dynamic from its first line
        // (what it binds before the write is not modelled), so a self-import above the write is out of the model.
        if (s.write && !m.isPackage && !hasChildren && !s.inFunction) lines.splice(1, 0, write);
        else lines.push(read);
      } else {
        lines.push(wrap(renderImport(layout, m, s.choice, k, defined, replaced), s.guard, k));
      }
    }
    if (body.all) lines.push(`__all__ = [${body.all.map((n) => `"${SYMBOLS[n % SYMBOLS.length]}"`).join(", ")}]`);
    if (getattrModule !== null && getattrModule % layout.modules.length === i) {
      lines.push("def __getattr__(name):\n    if name.startswith('__'):\n        raise AttributeError(name)\n    return name");
    }
    files[m.file] = lines.join("\n") + "\n";
  });
  // Every package directory a module sits in exists (namespace ones without __init__.py).
  for (const m of layout.modules) if (m.namespace) files[`${m.file}/.keep`] = "";
  if (layout.rootConftest) files["conftest.py"] = "";
  if (layout.testsPackage) files["tests/__init__.py"] = "";
  files["tests/helpers.py"] = "HELP = 1\n";
  tests.forEach((imports, t) => {
    const lines = imports.map((x) => {
      k++;
      return wrap(renderImport(layout, null, x.choice, k, defined, replaced), x.guard, k);
    });
    if (t === 0 && helperImport) lines.push(layout.testsPackage ? "from tests.helpers import HELP" : "import helpers");
    lines.push("", "", `def test_${t}():\n    assert True`);
    files[`tests/test_gen_${t}.py`] = lines.join("\n") + "\n";
  });
  if (scripts) {
    const line = (x: ScriptImport): string => {
      k++;
      return "literal" in x ? x.literal : renderImport(layout, null, x.choice, k, defined, replaced);
    };
    for (const f of scripts.files) {
      // A read of a name a complete module lacks is a plain AttributeError, outside the model (as the attribute form
      // above): `requests.get` is read only by requests.py itself, where it is the import cycle of a self-import.
      const body = f.imports.map(line).map((l) => (f.name !== "requests" && l.startsWith("import requests\n") ? "import requests" : l));
      if (f.guard) body.push("", "", 'if __name__ == "__main__":', "    print(__name__)");
      files[`${scripts.dir}/${f.name}.py`] = body.join("\n") + "\n";
    }
    for (const sib of scripts.siblings) {
      if (files[`${scripts.dir}/${sib}.py`] === undefined) files[`${scripts.dir}/${sib}.py`] = sib === "helpers_t" ? "NAME = 1\n" : "HALF = 0.5\n";
    }
    // Not beside a first-party module named like the stdlib: what the stdlib itself imports is out of the model.
    if (scripts.rootScript && !layout.modules.some((m) => STDLIB_LIKE.includes(m.name) && !m.file.includes("/"))) {
      // Beside it (not in a src layout's root, which is no sys.path entry of the module context) a stdlib-like module.
      if (scripts.rootScript.shadow) files["fractions.py"] = "HALF = 0.5\n";
      files["run_app.py"] = [...scripts.rootScript.imports.map(line), "", "", 'if __name__ == "__main__":', "    print(__name__)"].join("\n") + "\n";
    }
  }
  return { files, stubs: layout.stubs, srcLayout: layout.srcLayout, site: SITE, ...(layout.outside ? { outside: outsideLib(layout.outside.broken, layout.outside.reexport) } : {}) };
}

export function describeRepo(repo: GeneratedRepo): string {
  return Object.entries(repo.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, c]) => `── ${p}\n${c.split("\n").map((l) => `   ${l}`).join("\n")}`)
    .join("\n");
}
