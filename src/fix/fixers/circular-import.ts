// IMP007's repair: a name a cycle's module imports at import time but reads only inside function bodies is imported
// inside those functions instead, when they run (after every module of the cycle has finished initializing).
import type { Node } from "web-tree-sitter";
import { removeName } from "../edit-import.js";
import { positionAt, useSites } from "../source.js";
import type { TextEdit } from "../types.js";
import type { Fixer } from "./context.js";

/** The innermost function whose body (not its decorators, defaults or annotations, which run at `def` time) holds `n`. */
function bodyOwner(n: Node): Node | null {
  for (let p: Node | null = n; p?.parent; p = p.parent) {
    const f = p.parent;
    if (f.type === "function_definition" && f.childForFieldName("body")?.id === p.id) return f;
  }
  return null;
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

export const fixCircularImport: Fixer = async (d, { file, result }, fx) => {
  const stmt = result.stmt;
  // Only a plain module-level `from M import n` (not under if/try, where moving it changes what runs).
  if (stmt.kind !== "from" || stmt.context.scope !== "module" || stmt.context.guards.length > 0 || stmt.range.column !== 1) return null;
  const n = stmt.names.find((x) => x.name === d.name && x.name !== "*");
  const rel = file.ctx.rel;
  if (!n || !fx.source(rel)) return null;
  const bound = n.alias ?? n.name;
  const spec = ".".repeat(stmt.level) + stmt.module;
  const line = `from ${spec} import ${n.alias ? `${n.name} as ${n.alias}` : n.name}`;
  const inserts = await fx.withTree(rel, (root, text) => {
    const sites = useSites(root, text, bound);
    if (sites.length === 0) return null;
    const owners = new Map<number, Node>();
    for (const s of sites) {
      const fn = bodyOwner(s);
      // A use at import time, or a function that rebinds the name (`global`, an assignment) is left alone.
      if (!fn) return null;
      const parent = s.parent;
      if (parent && (parent.type === "assignment" || parent.type === "augmented_assignment") && parent.childForFieldName("left")?.id === s.id) return null;
      owners.set(fn.id, fn);
    }
    // A nested function's own import would run on each call of it; the outermost owner's suffices when it encloses.
    const outer = [...owners.values()].filter((f) => ![...owners.values()].some((g) => g.id !== f.id && g.startIndex <= f.startIndex && f.endIndex <= g.endIndex));
    const edits: TextEdit[] = [];
    for (const fn of outer) {
      const at = insertionPoint(fn);
      if (!at) return null;
      const pos = positionAt(text, at.startIndex);
      const indent = " ".repeat(at.startPosition.column);
      edits.push({ path: rel, range: { line: pos.line, column: pos.column, endLine: pos.line, endColumn: pos.column }, newText: `${line}\n${indent}` });
    }
    return { edits, functions: outer.map((f) => f.childForFieldName("name")?.text ?? "?") };
  });
  if (!inserts) return null;
  const removed = await removeName(fx, rel, stmt, n, null);
  if (!removed) return null;
  const fns = inserts.functions.map((f) => `\`${f}\``);
  return {
    strategy: "import-in-function",
    safety: "unsafe",
    description: `Import \`${n.name}\` inside ${fns.length === 1 ? fns[0] : `${fns.length} functions (${fns.join(", ")})`}, the only place${fns.length === 1 ? "" : "s"} it is used, instead of at import time`,
    edits: [...removed, ...inserts.edits],
    fileOps: [],
  };
};
