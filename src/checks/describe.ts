// Shared wording: statement text, searched paths, shadowed directories.
import path from "node:path";
import type { ImportStatement } from "../parse/facts.js";
import { insideRegularPackage } from "../discover/contexts.js";
import { dynamicSubmodulesHatch } from "../resolve/dynamic-submodules.js";
import { extensionBuiltFor } from "../resolve/finder.js";
import type { ResolvedModule, SearchEntry } from "../resolve/resolver.js";
import type { CheckContext, FileAnalysis } from "./types.js";

export function rel(cc: CheckContext, abs: string): string {
  const r = path.relative(cc.root, abs).split(path.sep).join("/");
  return r === "" ? "." : r.startsWith("..") ? abs : r;
}

export function statementText(stmt: ImportStatement): string {
  const mod = ".".repeat(stmt.level) + stmt.module;
  if (stmt.dynamic) return `importlib.import_module(${JSON.stringify(mod)}${stmt.level > 0 ? ", __package__" : ""})`;
  if (stmt.kind === "import") return `import ${mod}${stmt.alias ? ` as ${stmt.alias}` : ""}`;
  return `from ${mod} import ${stmt.names.map((n) => n.name + (n.alias ? ` as ${n.alias}` : "")).join(", ")}`;
}

const KIND_LABEL: Record<SearchEntry["kind"], string> = {
  "pytest-rootdir": "inserted by pytest (rootdir/basedir)",
  "script-dir": "script directory",
  pythonpath: "pytest pythonpath",
  configured: "configured root",
  project: "first-party root",
  "site-packages": "site-packages",
};

/** "searched: src (first-party root), tests (inserted by pytest ...)", capped at 5 entries. */
export function searchedNote(cc: CheckContext, entries: SearchEntry[]): string {
  const unique = entries.filter((e, i) => entries.findIndex((x) => x.dir === e.dir) === i);
  entries = unique;
  const shown = entries.slice(0, 5).map((e) => `${rel(cc, e.dir)} (${KIND_LABEL[e.kind]})`);
  const more = entries.length > 5 ? `, and ${entries.length - 5} more` : "";
  return `searched: ${shown.join(", ")}${more}, and the standard library of Python ${cc.version}`;
}

/** For a module file `x/b.py`, the same-named directory `x/b/` beside it, when it has no __init__.py. */
export function shadowedDirectory(cc: CheckContext, mod: ResolvedModule, listDir: (dir: string) => Map<string, string>): string | null {
  if (mod.kind !== "module" || !mod.file) return null;
  const dir = path.dirname(mod.file);
  const stem = path.basename(mod.file, ".py");
  return listDir(dir).get(stem) === "dir" ? rel(cc, path.join(dir, stem)) + "/" : null;
}

/** A module that edits sys.modules, sys.meta_path or its own __path__ can provide submodules no finder sees. */
export function providesDynamicSubmodules(cc: CheckContext, mod: ResolvedModule, from?: { file: string; line: number }): string | null {
  if (!mod.file) return null;
  const hatch = dynamicSubmodulesHatch(cc.factsOf(mod.file), from && from.file === mod.file ? from.line : undefined, mod.name);
  return hatch ? `${rel(cc, mod.file)} edits ${hatch.kind} (line ${hatch.line})` : null;
}

/** Names of the modules and packages in a package's directories (what a did-you-mean can suggest). */
export function submoduleNames(cc: Pick<CheckContext, "fs">, dirs: string[]): string[] {
  const out = new Set<string>();
  for (const dir of dirs) {
    for (const [name, kind] of cc.fs.list(dir)) {
      if (kind === "dir" && !name.startsWith(".") && name !== "__pycache__") out.add(name);
      else if (name.endsWith(".py") && name !== "__init__.py") out.add(name.slice(0, -3));
    }
  }
  return [...out];
}

/**
 * Extension modules named `name` in `dirs` built for another CPython than the target (`orjson.cpython-311-*.so` when
 * the target is 3.12): CPython does not load them, which is why the module is missing. One note for each.
 */
export function otherVersionExtensions(cc: CheckContext, dirs: string[], name: string): string[] {
  const notes: string[] = [];
  for (const dir of dirs) {
    for (const [entry, kind] of cc.fs.list(dir)) {
      const minor = kind === "file" ? extensionBuiltFor(entry, name) : null;
      if (minor === null || minor === cc.minor) continue;
      notes.push(`\`${rel(cc, path.join(dir, entry))}\` is an extension module built for Python 3.${minor}, which Python ${cc.version} does not load (the target version is set by \`--python-version\`, \`requires-python\`, \`.python-version\` or the \`python3\` on PATH)`);
    }
  }
  return notes;
}

/**
 * Where CPython says a standard-library module is, in its messages: `(…/python3.12/collections/__init__.py)`. The
 * directory above the version's is the installation's (/usr/lib, a pyenv version's lib): not knowable from here.
 */
export function stdlibLocation(cc: CheckContext, file: string | null): string {
  return file === null ? "unknown location" : `…/python${cc.version}/${file}`;
}

/**
 * For an absolute import of `top` that nothing on the search path has, from a file inside a regular package: the
 * module of that name beside the file (`pkg/globals.py` for `from globals import x` in `pkg/mod.py`), which only a
 * relative import reaches. Null when there is none, or the file is not in a regular package, or in a namespace
 * directory inside one (a script's directory is on its own sys.path).
 */
export function besideInPackage(cc: CheckContext, file: FileAnalysis, top: string): string | null {
  const dir = path.dirname(file.ctx.abs);
  if (!insideRegularPackage(cc.fs, cc.root, dir)) return null;
  if (cc.fs.isFile(path.join(dir, `${top}.py`))) return path.join(dir, `${top}.py`);
  if (cc.fs.isDir(path.join(dir, top)) && cc.fs.isFile(path.join(dir, top, "__init__.py"))) return path.join(dir, top, "__init__.py");
  return null;
}
