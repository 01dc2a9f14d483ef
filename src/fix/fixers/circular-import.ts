// IMP007's repairs: an import that closes a cycle at import time is deferred, on the failing statement or on any
// other edge of the cycle. A name read only inside function bodies is imported inside those functions (when they
// run, every module of the cycle has finished initializing); a name read only in annotations that are never
// evaluated (`from __future__ import annotations`) is imported under `if TYPE_CHECKING:`.
import { renamedSubmoduleFix } from "./renamed-submodule.js";
import type { Node } from "web-tree-sitter";
import type { FileAnalysis } from "../../checks/types.js";
import type { ImportStatement } from "../../parse/facts.js";
import { removeName } from "../edit-import.js";
import { lineText, positionAt, useSites } from "../source.js";
import type { Fix, TextEdit } from "../types.js";
import { submoduleNames } from "../../checks/describe.js";
import { closeMatches } from "../../checks/similar.js";
import type { FixContext, Fixer } from "./context.js";
import { fixUnknownImportName } from "./unknown-import-name.js";

/** The innermost function whose body (not its decorators, defaults or annotations, which run at `def` time) holds `n`. */
function bodyOwner(n: Node): Node | null {
  for (let p: Node | null = n; p?.parent; p = p.parent) {
    const f = p.parent;
    if (f.type === "function_definition" && f.childForFieldName("body")?.id === p.id) return f;
  }
  return null;
}

/** Whether `n` is part of an annotation (a parameter's, a return type, a variable's). */
function inAnnotation(n: Node): boolean {
  for (let p: Node | null = n.parent; p; p = p.parent) {
    if (p.type === "type") return true;
    if (p.type.endsWith("statement") || p.type === "function_definition" || p.type === "class_definition" || p.type === "block") return false;
  }
  return false;
}

/** Where a function's body starts for an added import: after its docstring. */
function insertionPoint(fn: Node): Node | null {
  const body = fn.childForFieldName("body");
  const stmts = (body?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== "comment");
  if (!body || stmts.length === 0 || stmts[0]!.startPosition.row === fn.startPosition.row) return null; // `def f(): return x`
  const first = stmts[0]!;
  const docstring = first.type === "expression_statement" && first.namedChildren[0]?.type === "string";
  return docstring ? stmts[1] ?? null : first;
}

const isFutureAnnotations = (s: ImportStatement): boolean => s.future && s.names.some((n) => n.name === "annotations");

/** The edits that defer every name of `stmt` (a plain module-level `from M import …`), or null when one cannot be. */
async function defer(fx: FixContext, file: FileAnalysis, stmt: ImportStatement): Promise<Fix | null> {
  if (stmt.kind !== "from" || stmt.context.scope !== "module" || stmt.context.guards.length > 0 || stmt.context.conditional || stmt.context.typeChecking !== null || stmt.range.column !== 1) return null;
  if (stmt.names.some((n) => n.name === "*")) return null;
  // Only names the module does provide once it has finished initializing: deferring an import that fails anyway
  // would hide the failure until the function runs.
  const result = file.results.find((r) => r.stmt === stmt);
  if (!result || result.resolution?.kind !== "first-party" || !result.names.every((n) => n.verdict.kind === "ok")) return null;
  const rel = file.ctx.rel;
  const facts = file.facts;
  if (!facts || !fx.source(rel)) return null;
  const lazyAnnotations = facts.imports.some(isFutureAnnotations);
  const spec = ".".repeat(stmt.level) + stmt.module;
  const plan = await fx.withTree(rel, (root, text) => {
    const owners = new Map<number, { fn: Node; names: string[] }>();
    const typingOnly: string[] = [];
    for (const n of stmt.names) {
      const bound = n.alias ?? n.name;
      const item = n.alias ? `${n.name} as ${n.alias}` : n.name;
      let annotations = 0;
      const fns = new Set<Node>();
      for (const s of useSites(root, text, bound)) {
        if (lazyAnnotations && inAnnotation(s)) {
          annotations++;
          continue;
        }
        const fn = bodyOwner(s);
        // A use at import time, or a rebinding of the name, keeps the import where it is.
        const parent = s.parent;
        if (!fn || (parent && (parent.type === "assignment" || parent.type === "augmented_assignment") && parent.childForFieldName("left")?.id === s.id)) return null;
        fns.add(fn);
      }
      if (fns.size === 0 && annotations === 0) return null; // unused here: perhaps a re-export, which must stay
      // A nested function's own import would run on each call of it; the outermost owner's serves it.
      const outer = [...fns].filter((f) => ![...fns].some((g) => g.id !== f.id && g.startIndex <= f.startIndex && f.endIndex <= g.endIndex));
      for (const fn of outer) (owners.get(fn.id) ?? owners.set(fn.id, { fn, names: [] }).get(fn.id)!).names.push(item);
      if (annotations > 0) typingOnly.push(item);
    }
    const edits: TextEdit[] = [];
    for (const { fn, names } of owners.values()) {
      const at = insertionPoint(fn);
      if (!at) return null;
      const pos = positionAt(text, at.startIndex);
      edits.push({ path: rel, range: { line: pos.line, column: pos.column, endLine: pos.line, endColumn: pos.column }, newText: `from ${spec} import ${names.join(", ")}\n${" ".repeat(at.startPosition.column)}` });
    }
    return { edits, functions: [...owners.values()].map((o) => o.fn.childForFieldName("name")?.text ?? "?"), typingOnly };
  });
  if (!plan) return null;
  // The statement goes (every name is deferred); several names leave a marker where it was.
  const removal = stmt.names.length === 1 ? await removeName(fx, rel, stmt, stmt.names[0]!, null) : [{ path: rel, range: stmt.range, newText: "pass  # import-doctor: deferred, see below" }];
  if (!removal) return null;
  const edits = [...removal, ...plan.edits];
  if (plan.typingOnly.length > 0) {
    const hasFlag = facts.imports.some((i) => i.kind === "from" && i.module === "typing" && i.level === 0 && i.names.some((n) => n.name === "TYPE_CHECKING" && !n.alias));
    const text = fx.source(rel)!.text;
    const guard = `${hasFlag ? "" : "from typing import TYPE_CHECKING\n"}if TYPE_CHECKING:\n    from ${spec} import ${plan.typingOnly.join(", ")}\n`;
    const lastLine = [...lineText(text, stmt.range.endLine)].length;
    const tail = stmt.range.endLine + 1;
    const atEnd = offsetOfLine(text, tail) === null;
    edits.push(atEnd ? { path: rel, range: { line: stmt.range.endLine, column: lastLine + 1, endLine: stmt.range.endLine, endColumn: lastLine + 1 }, newText: `\n${guard}` } : { path: rel, range: { line: tail, column: 1, endLine: tail, endColumn: 1 }, newText: guard });
  }
  const what = stmt.names.map((n) => `\`${n.name}\``).join(", ");
  const where = [plan.functions.length ? `inside ${plan.functions.map((f) => `\`${f}\``).join(", ")}` : "", plan.typingOnly.length ? "under `if TYPE_CHECKING:` (annotations only)" : ""].filter(Boolean).join(" and ");
  return { strategy: "defer-import", safety: "unsafe", description: `In ${rel}, import ${what} from \`${spec}\` ${where} instead of at import time`, edits, fileOps: [] };
}

function offsetOfLine(text: string, line: number): number | null {
  let at = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) return null;
    at = nl + 1;
  }
  return at >= text.length && line > 1 ? null : at;
}

export const fixCircularImport: Fixer = async (d, origin, fx) => {
  const { file, result } = origin;
  // Not a cycle at heart: the module will never bind the name (a renamed submodule, say). IMP002's repairs apply.
  if (result.names.some((n) => n.name.name === d.name && n.verdict.kind === "missing")) return fixUnknownImportName(d, origin, fx);
  // A package whose module `__getattr__` hides what it lacks: a name that is no submodule but is close to one.
  const target = result.resolution?.kind === "first-party" ? result.resolution.chain[result.resolution.chain.length - 1]! : null;
  if (target && (target.kind === "package" || target.kind === "namespace") && d.name) {
    const subs = submoduleNames(fx.cc, target.searchDirs);
    // Bound by something other than this very statement (`from . import setters` in the package's own __init__.py).
    const self = (line: number): boolean => target.file === file.ctx.abs && line >= result.stmt.range.line && line <= result.stmt.range.endLine;
    const bound = target.file ? (fx.cc.factsOf(target.file)?.bindings ?? []).some((b) => b.name === d.name && !self(b.line)) : false;
    const close = !subs.includes(d.name) && !bound ? closeMatches(d.name, subs, 1) : [];
    const n = result.stmt.names.find((x) => x.name === d.name);
    if (close.length === 1 && n) {
      return [renamedSubmoduleFix(fx, target, n.name, close[0]!)];
    }
  }
  const found = fx.cc.circular.get(result.stmt) ?? [];
  const cycle = found.find((f) => f.name === d.name)?.stack ?? found[0]?.stack ?? [];
  const byModule = new Map<string, FileAnalysis>();
  for (const f of fx.byAbs.values()) for (const id of f.ctx.identities) if (!byModule.has(id.name)) byModule.set(id.name, f);
  // The failing statement first, then every other import that closes the cycle: each module's imports of the next.
  const edges: { file: FileAnalysis; stmt: ImportStatement }[] = [{ file, stmt: result.stmt }];
  for (let i = 0; i < cycle.length; i++) {
    const from = byModule.get(cycle[i]!);
    const to = cycle[(i + 1) % cycle.length]!;
    if (!from) continue;
    for (const r of from.results) if (r.absolute === to && r.stmt !== result.stmt && r.stmt.kind === "from") edges.push({ file: from, stmt: r.stmt });
  }
  const out: Fix[] = [];
  for (const e of edges) {
    const c = await defer(fx, e.file, e.stmt);
    if (c) out.push(c);
  }
  return out;
};
