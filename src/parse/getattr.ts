// A module's `__getattr__` (PEP 562) whose answers can be listed: it serves names tested against string literals
// (`if name == "X": … return`, `if name in ("X", "Y"): …`, or a module-level constant holding such literals) and
// raises AttributeError for every other name, either at its end or after the branches that serve
// (`if name not in ("X", "Y"): raise AttributeError(…)`). It is a `def __getattr__` at module level, or the
// function a module-level factory returns (`__getattr__ = _make_getattr(__name__)`, attrs' shape). Any other shape
// is opaque.
import type { Node } from "web-tree-sitter";
import type { Binding } from "./facts.js";
import { literal, named } from "./literals.js";

/** The strings a module-level constant holds, for a name used in a test (`if name in _LAZY:`), or null. */
type Constants = (name: string) => string[] | null;

/** The literals a comparison of `param` tests with `==`/`in` (`not`: with `!=`/`not in`), or null. */
function tested(cond: Node, param: string, negated: boolean, constants: Constants): string[] | null {
  if (cond.type === "parenthesized_expression") return named(cond).length === 1 ? tested(named(cond)[0]!, param, negated, constants) : null;
  if (cond.type === "boolean_operator" && !negated) {
    const op = cond.children.find((c) => c && !c.isNamed)?.text;
    const [l, r] = [cond.childForFieldName("left"), cond.childForFieldName("right")];
    if (op !== "or" || !l || !r) return null;
    const [a, b] = [tested(l, param, false, constants), tested(r, param, false, constants)];
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
  if (op === (negated ? "not in" : "in")) return value.type === "identifier" ? constants(value.text) : literals(value);
  return null;
}

/** The strings of a literal tuple, list or set of plain string literals, or null. */
function literals(value: Node): string[] | null {
  if (!["tuple", "list", "set"].includes(value.type)) return null;
  const items = named(value).map(literal);
  return items.every((s): s is string => s !== null) ? items : null;
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
export function getattrNames(def: Node, constants: Constants = () => null): string[] | null {
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
    // Every name but these raises (names served by the branches above included).
    const only = tested(cond, param, true, constants);
    if (only && named(consequence).some(raisesAttributeError)) return [...names, ...only];
    const served = tested(cond, param, false, constants);
    if (!served) return null;
    names.push(...served);
  }
  return null; // falls off the end: returns None for every other name
}

/** Module-level statements, comments left out. */
const topLevel = (root: Node): Node[] => named(root);

const defNamed = (stmts: Node[], name: string): Node | undefined => stmts.find((s) => s.type === "function_definition" && s.childForFieldName("name")?.text === name);

/** `name = <right>` as a module-level expression statement: the right-hand side. */
function assignedValue(stmts: Node[], name: string): Node | undefined {
  for (const s of stmts) {
    const a = s.type === "expression_statement" ? named(s)[0] : undefined;
    if (a?.type !== "assignment") continue;
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (left?.type === "identifier" && left.text === name && right) return right;
  }
  return undefined;
}

/** Every identifier in the tree with this text. */
function identifiers(n: Node, name: string, out: Node[] = []): Node[] {
  if (n.type === "identifier") {
    if (n.text === name) out.push(n);
    return out;
  }
  if (n.type === "string" || n.type === "comment") return out;
  for (const c of named(n)) identifiers(c, name, out);
  return out;
}

/**
 * The module-level `__getattr__` and the names it serves. `range`: the lines of the function that answers (the
 * factory's inner function), whose code runs only when one of `names` is looked up.
 */
export function moduleGetattr(root: Node, bindings: Binding[]): { names: string[] | null; range: [number, number] | null } {
  const opaque = { names: null, range: null };
  const bound = bindings.filter((b) => b.name === "__getattr__");
  if (bound.length !== 1 || bound[0]!.conditional) return opaque;
  const stmts = topLevel(root);
  let def: Node | undefined;
  if (bound[0]!.kind === "def") def = defNamed(stmts, "__getattr__");
  else if (bound[0]!.kind === "assign") def = factoryProduct(stmts, bindings);
  if (!def) return opaque;
  const once = (name: string): boolean => bindings.filter((b) => b.name === name).length === 1;
  const constants: Constants = (name) => {
    // Bound once, to a literal, and only ever tested for membership (never mutated, rebound or passed on).
    const value = once(name) ? assignedValue(stmts, name) : undefined;
    if (!value) return null;
    const held = value.type === "call" ? frozenset(value) : literals(value);
    if (held === null) return null;
    const uses = identifiers(root, name);
    const plain = uses.every((u) => {
      const p = u.parent;
      if (p?.type === "assignment") return p.childForFieldName("left")?.id === u.id && p.childForFieldName("right")?.id === value.id;
      return p?.type === "comparison_operator" && p.children.filter((c): c is Node => !!c)[2]?.id === u.id;
    });
    return plain ? held : null;
  };
  const names = getattrNames(def, constants);
  return { names, range: names === null ? null : [def.startPosition.row + 1, def.endPosition.row + 1] };
}

/** `frozenset({"a", "b"})` / `frozenset(("a", "b"))`: its strings, or null. */
function frozenset(call: Node): string[] | null {
  const fn = call.childForFieldName("function");
  const args = named(call.childForFieldName("arguments") ?? call);
  return fn?.type === "identifier" && fn.text === "frozenset" && args.length === 1 ? literals(args[0]!) : null;
}

/**
 * `__getattr__ = make(...)` where `make` is a module-level function defined once that defines an inner function and
 * ends by returning it: that inner function.
 */
function factoryProduct(stmts: Node[], bindings: Binding[]): Node | undefined {
  const value = assignedValue(stmts, "__getattr__");
  const fn = value?.type === "call" ? value.childForFieldName("function") : undefined;
  if (fn?.type !== "identifier") return undefined;
  const made = bindings.filter((b) => b.name === fn.text);
  if (made.length !== 1 || made[0]!.kind !== "def" || made[0]!.conditional) return undefined;
  const body = defNamed(stmts, fn.text)?.childForFieldName("body");
  const inner = body ? named(body) : [];
  const last = inner[inner.length - 1];
  const returned = last?.type === "return_statement" ? named(last)[0] : undefined;
  if (returned?.type !== "identifier") return undefined;
  const defs = inner.filter((s) => s.type === "function_definition" && s.childForFieldName("name")?.text === returned.text);
  // The returned name is bound once in the factory, by that def.
  return defs.length === 1 && identifiers(body!, returned.text).length === 2 ? defs[0] : undefined;
}
