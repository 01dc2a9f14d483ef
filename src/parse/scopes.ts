// Scopes around a node: which names a function has of its own, and whether a function can run while its module
// body runs (for the escape hatches extract.ts records).
import type { Node } from "web-tree-sitter";

import { named as namedChildren } from "./literals.js";

/** Whether `name` is a parameter of, or assigned in (without `global`), a function around `at`. */
export function localTo(at: Node, name: string): boolean {
  for (let fn = at.parent; fn; fn = fn.parent) {
    if (fn.type !== "function_definition" && fn.type !== "lambda") continue;
    const params = fn.childForFieldName("parameters");
    const paramNames = (params ? namedChildren(params) : []).map((p) => (p.type === "identifier" ? p : namedChildren(p).find((c) => c.type === "identifier"))?.text);
    if (paramNames.includes(name)) return true;
    const body = fn.childForFieldName("body");
    if (body && fn.type === "function_definition" && assignedIn(body, name)) return true;
  }
  return false;
}

/** Whether a function body binds `name` by a plain assignment or a for target, with no `global name` (nested scopes left out). */
function assignedIn(body: Node, name: string): boolean {
  let assigned = false;
  let global = false;
  const visit = (n: Node): void => {
    if (n.type === "function_definition" || n.type === "class_definition" || n.type === "lambda") return;
    if (n.type === "global_statement" || n.type === "nonlocal_statement") global ||= namedChildren(n).some((c) => c.text === name);
    if (n.type === "assignment" || n.type === "for_statement") {
      const target = n.childForFieldName("left");
      if (target?.type === "identifier" && target.text === name) assigned = true;
    }
    for (const c of namedChildren(n)) visit(c);
  };
  visit(body);
  return assigned && !global;
}

/** Decorators that register a function to be called later (by pytest), never at import time. */
const LATER = /^@\s*(pytest\.)?(fixture|mark\.[\w.]+)\b/;

/**
 * Whether a sys.path edit inside a function body can only run after the module has been imported: the outermost
 * function around it is a top-level `def` that nothing at module level mentions (no call, no reference) and that is
 * undecorated or only registered with pytest. A method, or a function module-level code mentions, may run at import.
 */
export function onlyAfterImport(root: Node, at: Node): boolean {
  let outer: Node | null = null;
  for (let p = at.parent; p && p.id !== root.id; p = p.parent) if (p.type === "function_definition") outer = p;
  if (!outer) return false;
  const top = outer.parent?.type === "decorated_definition" ? outer.parent : outer;
  if (top.parent?.id !== root.id) return false; // a method, or a def under a condition
  if (top.type === "decorated_definition" && !namedChildren(top).filter((c) => c.type === "decorator").every((d) => LATER.test(d.text))) return false;
  const name = outer.childForFieldName("name")?.text;
  if (!name) return false;
  // Mentioned by module-level code (outside every function body): it may be called while the module runs.
  const mentioned = (n: Node): boolean => {
    if (n.type === "function_definition" || n.type === "lambda") return false;
    if (n.type === "identifier" && n.text === name) return true;
    return namedChildren(n).some(mentioned);
  };
  return !namedChildren(root).some((stmt) => stmt.id !== top.id && mentioned(stmt));
}
