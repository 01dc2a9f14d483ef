// `__all__` holding an item that is no string: what `from m import *` raises there (TypeError, with the item's type).
import type { Node } from "web-tree-sitter";
import type { Binding } from "./facts.js";
import { literal, named as namedChildren } from "./literals.js";

/** The type names of literals CPython's TypeError gives ("Item in m.__all__ must be str, not int"). */
const LITERAL_TYPES: Record<string, string> = { integer: "int", float: "float", true: "bool", false: "bool", none: "NoneType", list: "list", tuple: "tuple", dictionary: "dict", set: "set" };

/**
 * In a literal list or tuple of plain strings and one other item: the strings before that item, and its type (a
 * literal's, or `ident:NAME` for a name resolved once the module's bindings are known). Null for any other shape.
 */
export function nonStringItem(node: Node): { before: string[]; type: string | null } | null {
  if (node.type !== "list" && node.type !== "tuple") return null;
  const before: string[] = [];
  for (const item of namedChildren(node)) {
    if (item.type === "comment") continue;
    const s = item.type === "string" ? literal(item) : null;
    const prefix = item.type === "string" ? /^[A-Za-z]*/.exec(item.text)![0].toLowerCase() : "";
    if (s !== null && !prefix.includes("b") && !prefix.includes("f")) {
      before.push(s);
      continue;
    }
    if (item.type === "string") return prefix.includes("b") ? { before, type: "bytes" } : null;
    if (item.type === "identifier") return { before, type: `ident:${item.text}` };
    return { before, type: LITERAL_TYPES[item.type] ?? null };
  }
  return null;
}

/** A name's type when the module binds it once, by a plain class (`type`) or an undecorated def (`function`). */
export function typeOfName(root: Node, bindings: Binding[], name: string): string | null {
  const bound = bindings.filter((b) => b.name === name);
  if (bound.length !== 1 || bound[0]!.conditional) return null;
  const def = namedChildren(root).find((s) => (s.type === "class_definition" || s.type === "function_definition") && s.childForFieldName("name")?.text === name);
  if (!def) return null;
  if (def.type === "function_definition") return "function";
  const supers = def.childForFieldName("superclasses");
  return supers && namedChildren(supers).some((a) => a.type === "keyword_argument") ? null : "type";
}
