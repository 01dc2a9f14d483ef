// A module's `__getattr__` (PEP 562) whose answers can be listed: it serves names tested against string literals
// (`if name == "X": … return`, `if name in ("X", "Y"): …`) and raises AttributeError for every other name, either
// at its end or up front (`if name not in ("X", "Y"): raise AttributeError(…)`). Any other shape is opaque.
import type { Node } from "web-tree-sitter";

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");

/** The string value of a plain literal (no f-string, no implicit concatenation), or null. */
function literal(n: Node): string | null {
  if (n.type !== "string") return null;
  const parts = named(n);
  if (parts.some((p) => p.type === "interpolation" || p.type === "escape_sequence")) return null;
  const content = parts.filter((p) => p.type === "string_content");
  return content.length === 0 ? "" : content.length === 1 ? content[0]!.text : null;
}

/** The literals a comparison of `param` tests with `==`/`in` (`not`: with `!=`/`not in`), or null. */
function tested(cond: Node, param: string, negated: boolean): string[] | null {
  if (cond.type === "parenthesized_expression") return named(cond).length === 1 ? tested(named(cond)[0]!, param, negated) : null;
  if (cond.type === "boolean_operator" && !negated) {
    const op = cond.children.find((c) => c && !c.isNamed)?.text;
    const [l, r] = [cond.childForFieldName("left"), cond.childForFieldName("right")];
    if (op !== "or" || !l || !r) return null;
    const [a, b] = [tested(l, param, false), tested(r, param, false)];
    return a && b ? [...a, ...b] : null;
  }
  if (cond.type !== "comparison_operator") return null;
  const kids = cond.children.filter((c): c is Node => !!c);
  if (kids.length !== 3 || kids[0]!.type !== "identifier" || kids[0]!.text !== param) return null;
  const op = kids[1]!.text;
  const value = kids[2]!;
  if (op === (negated ? "!=" : "==")) {
    const s = literal(value);
    return s === null ? null : [s];
  }
  if (op === (negated ? "not in" : "in") && ["tuple", "list", "set"].includes(value.type)) {
    const items = named(value).map(literal);
    return items.every((s): s is string => s !== null) ? items : null;
  }
  return null;
}

const raisesAttributeError = (s: Node): boolean => {
  if (s.type !== "raise_statement") return false;
  const e = named(s)[0];
  const callee = e?.type === "call" ? e.childForFieldName("function") : e;
  return callee?.type === "identifier" && callee.text === "AttributeError";
};

/** Statements that neither return nor raise anything but AttributeError at the top of the body. */
const inert = (s: Node): boolean => s.type === "import_statement" || s.type === "import_from_statement" || s.type === "pass_statement" || (s.type === "expression_statement" && named(s).length === 1 && named(s)[0]!.type === "string");

/** The names a `def __getattr__(name): …` serves, or null when they cannot be listed. */
export function getattrNames(def: Node): string[] | null {
  const params = def.childForFieldName("parameters");
  const first = params ? named(params)[0] : undefined;
  const param = first?.type === "identifier" ? first.text : first?.type === "typed_parameter" ? named(first).find((c) => c.type === "identifier")?.text : undefined;
  const body = def.childForFieldName("body");
  if (!param || !params || named(params).length !== 1 || !body) return null;
  const stmts = named(body);
  const names: string[] = [];
  for (const [i, s] of stmts.entries()) {
    if (inert(s)) continue;
    if (s.type !== "if_statement") return i === stmts.length - 1 && raisesAttributeError(s) ? names : null;
    const cond = s.childForFieldName("condition");
    const consequence = s.childForFieldName("consequence");
    if (!cond || !consequence || s.childForFieldName("alternative")) return null;
    // Up front: every name but these raises.
    const only = tested(cond, param, true);
    if (only && named(consequence).some(raisesAttributeError)) return names.length === 0 ? only : null;
    const served = tested(cond, param, false);
    if (!served) return null;
    names.push(...served);
  }
  return null; // falls off the end: returns None for every other name
}
