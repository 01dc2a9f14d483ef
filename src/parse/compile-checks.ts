// What CPython's grammar and compiler reject in import statements and `match` statements that tree-sitter's grammar
// takes. Each is a suspect that python3 confirms (with its own message) before it becomes IMP000.
import type { Node } from "web-tree-sitter";

/** Records a suspect: the node, and the message CPython would give. */
export type Report = (node: Node, message: string) => void;

import { named as namedChildren } from "./literals.js";

/** `from a import b.c`: tree-sitter takes a dotted name there; CPython's grammar does not (suspect: python3 confirms). */
export function checkFromNames(stmt: Node, report: Report): void {
  for (const n of stmt.childrenForFieldName("name")) {
    const name = n?.type === "aliased_import" ? n.childForFieldName("name") : n;
    if (name?.type === "dotted_name" && namedChildren(name).length > 1) report(name, "invalid syntax");
  }
}

/** A pattern that matches anything: a capture (`case x:`) or the wildcard (`case _:`), with the name. */
function irrefutable(pattern: Node): string | null {
  const kids = namedChildren(pattern);
  const only = kids.length === 1 ? kids[0]! : null;
  if (only?.type === "dotted_name" && namedChildren(only).length === 1) return only.text;
  if (only?.type === "case_pattern") return irrefutable(only);
  return null;
}

/** The names an alternative of an or-pattern binds (captures and `as` targets), approximately: python3 confirms. */
function bound(n: Node, out: Set<string>): Set<string> {
  if (n.type === "class_pattern") {
    for (const c of namedChildren(n).slice(1)) bound(c, out); // the class itself binds nothing
    return out;
  }
  if (n.type === "keyword_pattern") {
    for (const c of namedChildren(n).slice(1)) bound(c, out);
    return out;
  }
  if (n.type === "dotted_name") {
    if (namedChildren(n).length === 1 && n.text !== "_") out.add(n.text);
    return out;
  }
  if (n.type === "identifier" && n.parent?.type === "as_pattern") out.add(n.text);
  for (const c of namedChildren(n)) bound(c, out);
  return out;
}

/**
 * What CPython's compiler rejects in a `match` that tree-sitter takes (suspects, which python3 confirms): a case that
 * matches anything before the last one ("name capture 'x' makes remaining patterns unreachable", "wildcard makes
 * remaining patterns unreachable"), and alternatives that bind different names.
 */
export function checkMatch(stmt: Node, report: Report): void {
  const body = stmt.childForFieldName("body");
  const cases = body ? namedChildren(body).filter((c) => c.type === "case_clause") : [];
  cases.forEach((c, i) => {
    const pattern = namedChildren(c).find((x) => x.type === "case_pattern");
    if (!pattern) return;
    const name = irrefutable(pattern);
    if (name !== null && i < cases.length - 1 && !c.childForFieldName("guard")) {
      report(pattern, name === "_" ? "wildcard makes remaining patterns unreachable" : `name capture '${name}' makes remaining patterns unreachable`);
    }
    const walk = (n: Node): void => {
      if (n.type === "union_pattern") {
        const sets = namedChildren(n).map((alt) => [...bound(alt, new Set())].sort().join(","));
        if (new Set(sets).size > 1) report(n, "alternative patterns bind different names");
      }
      for (const k of namedChildren(n)) walk(k);
    };
    walk(pattern);
  });
}
