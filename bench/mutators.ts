// Defects injected into a real repository for bench/mutants.ts, one class at a time, at places found by parsing the
// repository with import-doctor's own parser (tree-sitter facts), never by matching text.
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ImportStatement, ModuleFacts } from "../src/parse/facts.js";
import { getParser, parseSource } from "../src/parse/parser.js";
import { useSites } from "../src/fix/source.js";

export interface Module {
  name: string;
  /** Repo-relative path. */
  rel: string;
  isInit: boolean;
  facts: ModuleFacts;
  text: string;
}

export interface Repo {
  dir: string;
  /** How often each module reads each name it imports, outside import statements (by repo-relative path). */
  uses: Map<string, Map<string, number>>;
  /** The sys.path entry the packages live in, repo-relative ("" or "src"). */
  sysRoot: string;
  modules: Module[];
}

export interface Mutant {
  kind: string;
  what: string;
  /** Modules that no longer exist under their name after the mutation (not counted as broken by it). */
  gone: string[];
  apply(dir: string): void;
}

export const KINDS = ["name-removed", "module-renamed", "module-shadows-package", "circular-import", "relative-dots", "removed-stdlib-name"] as const;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The repository's first-party packages and their modules, parsed. */
export async function loadRepo(dir: string): Promise<Repo> {
  const sysRoot = existsSync(path.join(dir, "src")) && statSync(path.join(dir, "src")).isDirectory() ? "src" : "";
  const base = path.join(dir, sysRoot);
  const parser = await getParser();
  const modules: Module[] = [];
  const uses = new Map<string, Map<string, number>>();
  const walk = (abs: string, parts: string[]): void => {
    for (const e of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(abs, e.name);
      if (e.isDirectory() && IDENT.test(e.name) && existsSync(path.join(p, "__init__.py"))) walk(p, [...parts, e.name]);
      else if (e.isFile() && e.name.endsWith(".py") && IDENT.test(e.name.slice(0, -3))) {
        const isInit = e.name === "__init__.py";
        const text = readFileSync(p, "utf8");
        const name = isInit ? parts.join(".") : [...parts, e.name.slice(0, -3)].join(".");
        const facts = parseSource(parser, text);
        const rel = path.relative(dir, p).split(path.sep).join("/");
        modules.push({ name, rel, isInit, facts, text });
        const tree = parser.parse(text);
        if (tree) {
          const counts = new Map<string, number>();
          for (const i of facts.imports) for (const n of i.names) if (n.name !== "*") counts.set(n.alias ?? n.name, useSites(tree.rootNode, text, n.alias ?? n.name).length);
          uses.set(rel, counts);
          tree.delete();
        }
      }
    }
  };
  for (const e of readdirSync(base, { withFileTypes: true })) {
    if (e.isDirectory() && IDENT.test(e.name) && existsSync(path.join(base, e.name, "__init__.py")) && !/^(tests?|docs?|examples?)$/.test(e.name)) walk(path.join(base, e.name), [e.name]);
  }
  return { dir, sysRoot, modules, uses };
}

/** The absolute module a statement imports from `m`, or null (beyond the top-level package). */
export function absoluteOf(m: Module, s: ImportStatement): string | null {
  if (s.level === 0) return s.module;
  const pkg = (m.isInit ? m.name : m.name.split(".").slice(0, -1).join(".")).split(".");
  if (s.level - 1 >= pkg.length) return null;
  const base = pkg.slice(0, pkg.length - (s.level - 1));
  return [...base, ...(s.module ? s.module.split(".") : [])].join(".");
}

const plain = (s: ImportStatement): boolean => s.context.scope === "module" && s.context.guards.length === 0 && s.context.inHandlerOf === null && !s.context.conditional && s.context.typeChecking === null && !s.future;

/** Offsets of 1-based line starts. */
function lineStart(text: string, line: number): number {
  let at = 0;
  for (let i = 1; i < line; i++) at = text.indexOf("\n", at) + 1;
  return at;
}

function offset(text: string, line: number, column: number): number {
  return lineStart(text, line) + [...text.slice(lineStart(text, line))].slice(0, column - 1).join("").length;
}

function replaceRange(file: string, r: { line: number; column: number; endLine: number; endColumn: number }, by: string): void {
  const text = readFileSync(file, "utf8");
  writeFileSync(file, text.slice(0, offset(text, r.line, r.column)) + by + text.slice(offset(text, r.endLine, r.endColumn)));
}

function insertLine(file: string, line: number, content: string): void {
  const text = readFileSync(file, "utf8");
  const at = lineStart(text, line);
  writeFileSync(file, text.slice(0, at) + content + "\n" + text.slice(at));
}

/** Where a new import goes: the line of the module's first plain import that is not `from __future__`. */
const firstImportLine = (m: Module): number | null => m.facts.imports.find((s) => plain(s) && s.range.column === 1)?.range.line ?? null;

const written = (s: ImportStatement): string => ".".repeat(s.level) + s.module;

/** Every place in the repository where a defect of `kind` can be injected, in a stable order. */
export function sites(repo: Repo, kind: (typeof KINDS)[number]): Mutant[] {
  const byName = new Map(repo.modules.map((m) => [m.name, m]));
  const fromImports = repo.modules.flatMap((m) => m.facts.imports.filter((s) => s.kind === "from" && plain(s)).map((s) => ({ m, s, abs: absoluteOf(m, s) })));
  const out: Mutant[] = [];
  const at = (rel: string): ((dir: string) => string) => (dir) => path.join(dir, rel);
  switch (kind) {
    case "name-removed":
      // A module re-exports `n` (imports it and never uses it: a package __init__, a compatibility module), and
      // another module imports `n` from it; the re-export goes.
      for (const { m, s } of fromImports) {
        if (s.range.line !== s.range.endLine) continue;
        for (const n of s.names) {
          if (n.name === "*" || (n.alias && n.alias !== n.name)) continue;
          if (!m.isInit && (repo.uses.get(m.rel)?.get(n.name) ?? 0) > 0) continue;
          const users = fromImports.filter((x) => x.m !== m && x.abs === m.name && x.s.names.some((y) => y.name === n.name));
          if (users.length === 0) continue;
          const rest = s.names.filter((y) => y !== n).map((y) => (y.alias ? `${y.name} as ${y.alias}` : y.name));
          const file = at(m.rel);
          out.push({ kind, what: `${m.rel}:${s.range.line}: \`${n.name}\` no longer re-exported (imported by ${users[0]!.m.rel})`, gone: [], apply: (dir) => replaceRange(file(dir), s.range, rest.length ? `from ${written(s)} import ${rest.join(", ")}` : "pass") });
        }
      }
      break;
    case "module-renamed":
      for (const m of repo.modules) {
        if (m.isInit) continue;
        const last = m.name.split(".").pop()!;
        const parent = m.name.split(".").slice(0, -1).join(".");
        const users = fromImports.filter((x) => x.m !== m && (x.abs === m.name || (x.abs === parent && x.s.names.some((n) => n.name === last))));
        const renamed = m.rel.replace(/\.py$/, "s.py");
        if (users.length === 0 || existsSync(path.join(repo.dir, renamed))) continue;
        out.push({ kind, what: `${m.rel} renamed to ${path.basename(renamed)} (imported by ${users[0]!.m.rel})`, gone: [m.name], apply: (dir) => renameSync(path.join(dir, m.rel), path.join(dir, renamed)) });
      }
      break;
    case "module-shadows-package":
      // A package turned back into a module file beside its directory: `pkg/sub/__init__.py` -> `pkg/sub.py`.
      for (const m of repo.modules) {
        if (!m.isInit) continue;
        const to = `${path.dirname(m.rel)}.py`;
        if (existsSync(path.join(repo.dir, to))) continue;
        out.push({ kind, what: `${m.rel} moved to ${to}, shadowing its directory`, gone: [], apply: (dir) => renameSync(path.join(dir, m.rel), path.join(dir, to)) });
      }
      break;
    case "circular-import":
      // B imports X from A at import time; A gets `from B import Y` at the top and uses Y in a function.
      for (const { m: b, s, abs } of fromImports) {
        const a = abs ? byName.get(abs) : undefined;
        if (!a || a === b || a.isInit || b.isInit) continue;
        if (!s.names.some((n) => a.facts.bindings.some((x) => x.name === n.name && !x.conditional && (x.kind === "def" || x.kind === "class")))) continue;
        if (a.facts.imports.some((x) => absoluteOf(a, x) === b.name)) continue;
        const y = b.facts.bindings.find((x) => !x.conditional && (x.kind === "def" || x.kind === "class") && !x.name.startsWith("__"));
        const line = firstImportLine(a);
        if (!y || line === null) continue;
        const file = at(a.rel);
        out.push({
          kind,
          what: `${a.rel}:${line}: \`from ${b.name} import ${y.name}\` added (${b.rel} imports from it)`,
          gone: [],
          apply: (dir) => {
            insertLine(file(dir), line, `from ${b.name} import ${y.name}`);
            writeFileSync(file(dir), `${readFileSync(file(dir), "utf8").replace(/\n*$/, "\n")}\n\ndef _mutant_uses_${y.name}():\n    return ${y.name}\n`);
          },
        });
      }
      break;
    case "relative-dots":
      for (const { m, s } of fromImports) {
        if (s.level === 0 || s.moduleRange.line !== s.moduleRange.endLine) continue;
        const level = s.level >= 2 ? s.level - 1 : s.level + 1;
        const file = at(m.rel);
        const was = written(s);
        const now = ".".repeat(level) + s.module;
        out.push({ kind, what: `${m.rel}:${s.range.line}: \`${was}\` -> \`${now}\``, gone: [], apply: (dir) => replaceRange(file(dir), { line: s.moduleRange.line, column: s.moduleRange.column, endLine: s.moduleRange.line, endColumn: s.moduleRange.column + [...was].length }, now) });
      }
      break;
    case "removed-stdlib-name": {
      const removed = ["from collections import Mapping", "from collections import MutableMapping", "from collections import Iterable", "from inspect import getargspec"];
      repo.modules.forEach((m, i) => {
        const line = firstImportLine(m);
        if (line === null) return;
        const stmt = removed[i % removed.length]!;
        const file = at(m.rel);
        out.push({ kind, what: `${m.rel}:${line}: \`${stmt}\` added (removed in Python 3.10/3.11)`, gone: [], apply: (dir) => insertLine(file(dir), line, stmt) });
      });
      break;
    }
  }
  return out;
}
