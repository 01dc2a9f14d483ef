// Whether a use of `sys.modules` (or of `globals()`) can change what some module's namespace holds (an escape hatch), or only reads it.
// Writes: `sys.modules[k] = v`, `del sys.modules[k]`, its mutating methods, attribute stores through an entry
// (`sys.modules[__name__].x = 1`, `setattr(sys.modules[n], ...)`, `.__dict__`), and anything the code could write
// through later: the dict or an entry bound to a name that is then written through, or passed to a call that is not
// known to only read (`mock.patch.dict(sys.modules, ...)`). Reads: `sys.modules.get(n)`, `n in sys.modules`,
// `sys.modules[n]` read or bound to a name that nothing writes through, iteration.
import type { Node } from "web-tree-sitter";

const MUTATING = new Set(["update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"]);
const READING = new Set(["get", "keys", "values", "items", "copy", "__contains__", "__getitem__"]);
/** Calls that only read their argument (a module or the dict). */
const READ_ONLY_CALLS = new Set(["list", "dict", "set", "tuple", "sorted", "len", "iter", "any", "all", "print", "repr", "str", "hasattr", "getattr", "isinstance", "id", "type", "bool", "enumerate", "reversed", "frozenset"]);
/** Statements that open a scope: an alias is looked for in the one that binds it. */
const SCOPES = new Set(["function_definition", "lambda", "class_definition", "module"]);

const text = (src: string, n: Node): string => src.slice(n.startIndex, n.endIndex);

/** Whether `n` is (or is inside) the target of an assignment or a `del`. */
function isTarget(n: Node): boolean {
  for (let cur: Node = n, up = n.parent; up; cur = up, up = up.parent) {
    if (up.type === "assignment" || up.type === "augmented_assignment") return up.childForFieldName("left")?.equals(cur) ?? false;
    if (up.type === "delete_statement") return true;
    // Stop where the expression ends: a subscript's index, a call's arguments are not written by an assignment to it.
    if (up.type !== "attribute" && up.type !== "subscript" && up.type !== "pattern_list" && up.type !== "tuple_pattern" && up.type !== "list_pattern" && up.type !== "expression_list") return false;
    if ((up.type === "attribute" || up.type === "subscript") && !up.child(0)?.equals(cur)) return false;
  }
  return false;
}

/** The function a call node calls, as written (`setattr`, `mock.patch.dict`). */
function calleeOf(src: string, call: Node): string {
  const fn = call.childForFieldName("function");
  return fn ? text(src, fn) : "";
}

/** Whether the name bound to an entry or to the dict is written through anywhere in the scope that binds it. */
function aliasWritten(src: string, name: string, at: Node, entries: boolean): boolean {
  let scope: Node | null = at;
  while (scope && !SCOPES.has(scope.type)) scope = scope.parent;
  if (!scope) return true;
  let written = false;
  const visit = (n: Node): void => {
    if (written) return;
    if (n.type === "identifier" && text(src, n) === name && !n.equals(at)) written = writesThrough(src, n, 0, entries);
    for (const c of n.namedChildren) visit(c);
  };
  visit(scope);
  return written;
}

/**
 * Whether the expression `e` (`sys.modules`, an entry of it, or a name bound to either) is used to change something.
 * `entries`: whether changing an entry counts (a module in sys.modules; not a value in `globals()`).
 */
function writesThrough(src: string, e: Node, depth: number, entries: boolean): boolean {
  const up = e.parent;
  if (!up || depth > 4) return true;
  // The alias itself bound again (`mod = None`): nothing is written through it.
  if (e.type === "identifier" && (up.type === "assignment" || up.type === "augmented_assignment") && up.childForFieldName("left")?.equals(e)) return up.type === "augmented_assignment";
  if (isTarget(e)) return true;
  switch (up.type) {
    case "subscript":
      // `e[k]` is an entry: what is done with it decides (the index itself is only read).
      if (!up.child(0)?.equals(e)) return false;
      return entries ? writesThrough(src, up, depth, entries) : isTarget(up);
    case "attribute": {
      const attr = up.childForFieldName("attribute");
      const name = attr ? text(src, attr) : "";
      // A module's namespace as a dict: writing into it counts, its values do not (`g.update(m.__dict__)` only reads).
      if (name === "__dict__") return writesThrough(src, up, depth + 1, false);
      const call = up.parent?.type === "call" && up.parent.childForFieldName("function")?.equals(up) ? up.parent : null;
      if (call) {
        if (MUTATING.has(name)) return true;
        // `sys.modules.get(n)` is an entry: judged like `sys.modules[n]`.
        if (READING.has(name)) return entries && (name === "get" || name === "__getitem__") ? writesThrough(src, call, depth + 1, entries) : false;
        return true; // a method of an entry: it may set attributes
      }
      return isTarget(up);
    }
    case "argument_list": {
      const call = up.parent!;
      const callee = calleeOf(src, call);
      if (callee === "setattr" || callee === "delattr" || callee === "vars") return up.namedChildren[0]?.equals(e) ?? true;
      // `other.update(e)` copies from `e`: only read.
      if (/\.update$/.test(callee)) return false;
      return !READ_ONLY_CALLS.has(callee);
    }
    case "assignment": {
      // Bound to a name: written through later, or not.
      const left = up.childForFieldName("left");
      if (!up.childForFieldName("right")?.equals(e)) return true;
      return left?.type === "identifier" ? aliasWritten(src, text(src, left), left, entries) : true;
    }
    case "comparison_operator":
    case "for_statement":
    case "for_in_clause":
    case "boolean_operator":
    case "not_operator":
    case "if_statement":
    case "conditional_expression":
    case "expression_statement":
      return false;
    case "parenthesized_expression":
      return writesThrough(src, up, depth + 1, entries);
    default:
      return true;
  }
}

/** For an `attribute` node that reads `sys.modules`: whether the code around it can change a module's namespace. */
export function writesSysModules(src: string, node: Node): boolean {
  return writesThrough(src, node, 0, true);
}

/** For a `globals()` call: whether the code around it can change the module's namespace (not only read it). */
export function writesGlobals(src: string, call: Node): boolean {
  return writesThrough(src, call, 0, false);
}
