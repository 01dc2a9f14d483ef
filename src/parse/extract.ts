// Walks a tree-sitter-python tree and copies out plain ModuleFacts: imports with their context, bindings, __all__, escape hatches.
import { moduleGetattr } from "./getattr.js";
import { nonStringItem, typeOfName } from "./all-items.js";
import { checkFromNames, checkMatch } from "./compile-checks.js";
import { localTo, onlyAfterImport } from "./scopes.js";
import type { Node } from "web-tree-sitter";
import { checkNesting } from "./nesting.js";
import { writesGlobals, writesSysModules } from "./sys-modules.js";
import type {
  Binding,
  Condition,
  EscapeHatch,
  ImportContext,
  ImportedName,
  ImportStatement,
  ModuleFacts,
  Range,
  StarImport,
  Suppression,
  SyntaxProblem,
  TryGuard,
} from "./facts.js";

interface Walk {
  text: string;
  /** Inside `if TYPE_CHECKING:` (> 0): nothing there runs, so nothing is bound at runtime. */
  typeCheckingOnly: number;
  /** A module-level statement other than the docstring and `from __future__` imports has been seen. */
  pastFutureImports: boolean;
  /** Module-level names bound to a literal sys.version_info comparison: `PY311 = sys.version_info >= (3, 11)`. */
  versionAliases: Map<string, Omit<Condition, "branch">>;
  facts: ModuleFacts;
  tryCounter: number;
  /** Module- and class-level statements whose attribute reads are scanned at the end. */
  deferred: { stmt: Node; ctx: ImportContext }[];
  /** A `.pyi` stub: `x: int` declares a name the module has (in a `.py` file it binds nothing). */
  stub: boolean;
  /** sys.path edits found inside function bodies, with where: whether they can run at import time is decided last. */
  pathEditsInFunctions: { hatch: EscapeHatch; at: Node }[];
}

const ROOT_CONTEXT: ImportContext = {
  scope: "module",
  functionName: null,
  typeChecking: null,
  guards: [],
  inHandlerOf: null,
  mainGuard: false,
  conditions: [],
  conditional: false,
};

/** Copies a string so it does not keep the whole source alive (V8 sliced strings). */
function own(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

function column(text: string, index: number, col: number): number {
  // tree-sitter counts UTF-16 units; report code points, as ruff and editors do.
  const lineStart = index - col;
  let surrogates = 0;
  for (let i = lineStart; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) surrogates++;
  }
  return col - surrogates + 1;
}

function rangeOf(w: Walk, node: Node): Range {
  const s = node.startPosition;
  const e = node.endPosition;
  return {
    line: s.row + 1,
    column: column(w.text, node.startIndex, s.column),
    endLine: e.row + 1,
    endColumn: column(w.text, node.endIndex, e.column),
  };
}

function nodeText(w: Walk, node: Node): string {
  return own(w.text.slice(node.startIndex, node.endIndex));
}

/** The named children, marshalled in one call into the parser (much cheaper than child(i) one by one). */
function namedChildren(node: Node): Node[] {
  return node.namedChildren;
}

function childrenByField(node: Node, field: string): Node[] {
  return node.childrenForFieldName(field).filter((c): c is Node => c !== null);
}

function dottedText(w: Walk, node: Node): string {
  // dotted_name text may contain whitespace or comments inside parentheses; rebuild from identifiers.
  if (node.type === "identifier") return nodeText(w, node);
  return namedChildren(node)
    .filter((c) => c.type === "identifier")
    .map((c) => nodeText(w, c))
    .join(".");
}

function addBinding(w: Walk, name: string, line: number, conditional: boolean, kind: Binding["kind"]): void {
  if (w.typeCheckingOnly > 0) return;
  w.facts.bindings.push({ name: own(name), line, conditional, kind });
}

/** Names bound by an assignment target / for target / with-as target. */
function bindTargets(w: Walk, node: Node, conditional: boolean, kind: Binding["kind"]): void {
  switch (node.type) {
    case "identifier":
      addBinding(w, nodeText(w, node), node.startPosition.row + 1, conditional, kind);
      return;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
    case "tuple":
    case "list":
    case "expression_list":
    case "list_splat_pattern":
    case "list_splat":
    case "parenthesized_expression":
    case "as_pattern_target":
      for (const c of namedChildren(node)) bindTargets(w, c, conditional, kind);
      return;
    default:
      return; // attribute, subscript: no module-level name
  }
}

function isTypeCheckingTest(w: Walk, node: Node): "if" | "else" | null {
  let n = node;
  let negated = false;
  while (n.type === "not_operator" || n.type === "parenthesized_expression") {
    if (n.type === "not_operator") negated = !negated;
    const inner = n.type === "not_operator" ? n.childForFieldName("argument") : namedChildren(n)[0];
    if (!inner) return null;
    n = inner;
  }
  const t = nodeText(w, n);
  if (t === "TYPE_CHECKING" || (n.type === "attribute" && t.endsWith(".TYPE_CHECKING"))) return negated ? "else" : "if";
  return null;
}

function isMainTest(w: Walk, node: Node): boolean {
  if (node.type !== "comparison_operator") return false;
  const parts = namedChildren(node);
  if (parts.length !== 2) return false;
  const op = node.child(1);
  if (!op || op.type !== "==") return false;
  const texts = parts.map((p) => nodeText(w, p).replace(/'/g, '"'));
  return (texts[0] === "__name__" && texts[1] === '"__main__"') || (texts[1] === "__name__" && texts[0] === '"__main__"');
}

/** A version/platform test, following `if PY311:` / `if not PY311:` through module-level aliases. */
function conditionOf(w: Walk, node: Node): { cond: Omit<Condition, "branch">; negated: boolean } | null {
  let negated = false;
  let n = node;
  while (n.type === "not_operator" || n.type === "parenthesized_expression") {
    if (n.type === "not_operator") negated = !negated;
    const inner = n.type === "not_operator" ? n.childForFieldName("argument") : namedChildren(n)[0];
    if (!inner) return null;
    n = inner;
  }
  if (n.type === "identifier") {
    const alias = w.versionAliases.get(nodeText(w, n));
    return alias ? { cond: alias, negated } : null;
  }
  const cond = versionOrPlatform(w, n);
  if (!cond) return null;
  if (negated) return { cond: { kind: cond.kind, text: `not ${cond.text}` }, negated: false }; // `not <test>` is not evaluated
  return { cond, negated: false };
}

function versionOrPlatform(w: Walk, node: Node): Omit<Condition, "branch"> | null {
  const text = nodeText(w, node);
  if (!text.includes("sys.version_info") && !text.includes("sys.platform")) return null;
  const cond: Omit<Condition, "branch"> = { kind: text.includes("sys.version_info") ? "version" : "platform", text };
  if (node.type === "comparison_operator") {
    const parts = namedChildren(node);
    const op = node.child(1);
    if (parts.length === 2 && op) {
      const left = nodeText(w, parts[0]!);
      const right = parts[1]!;
      if (cond.kind === "version" && /^sys\.version_info(\[:\d\]|\[0:\d\])?$/.test(left) && right.type === "tuple") {
        const nums = namedChildren(right).map((c) => (c.type === "integer" ? Number(nodeText(w, c)) : NaN));
        if (nums.every((x) => Number.isInteger(x))) {
          cond.op = op.type;
          cond.version = nums;
        }
      } else if (cond.kind === "platform" && left === "sys.platform" && right.type === "string") {
        cond.op = op.type;
        cond.platform = nodeText(w, right).replace(/^[rbu]*['"]|['"]$/gi, "");
      }
    }
  }
  return cond;
}

function exceptionNames(w: Walk, clause: Node): string[] {
  // except_clause: 'except' [value ['as' alias]] ':' block  (value may be an as_pattern wrapping the type)
  let value: Node | null = null;
  for (const c of namedChildren(clause)) {
    if (c.type === "block") break;
    value = c;
    break;
  }
  if (!value) return ["*"];
  if (value.type === "as_pattern") value = namedChildren(value)[0] ?? null;
  if (!value) return ["*"];
  const out: string[] = [];
  const collect = (n: Node): void => {
    if (n.type === "tuple" || n.type === "parenthesized_expression" || n.type === "expression_list") {
      for (const c of namedChildren(n)) collect(c);
    } else {
      out.push(nodeText(w, n).replace(/\s+/g, ""));
    }
  };
  collect(value);
  return out;
}

function exceptAlias(clause: Node): Node | null {
  for (const c of namedChildren(clause)) {
    if (c.type === "block") return null;
    if (c.type === "as_pattern") return c.childForFieldName("alias");
    return null;
  }
  return null;
}

function recordImport(w: Walk, node: Node, ctx: ImportContext): void {
  const range = rangeOf(w, node);
  const atModule = ctx.scope === "module";
  const conditional = ctx.conditional || ctx.guards.length > 0 || ctx.inHandlerOf !== null || ctx.conditions.length > 0 || ctx.typeChecking !== null || ctx.mainGuard;
  if (node.type === "import_statement") {
    for (const item of childrenByField(node, "name")) {
      const nameNode = item.type === "aliased_import" ? item.childForFieldName("name") : item;
      const aliasNode = item.type === "aliased_import" ? item.childForFieldName("alias") : null;
      if (!nameNode) continue;
      const module = dottedText(w, nameNode);
      const alias = aliasNode ? nodeText(w, aliasNode) : null;
      w.facts.imports.push({
        kind: "import",
        module,
        level: 0,
        alias,
        names: [],
        range,
        moduleRange: rangeOf(w, item),
        context: ctx,
        future: false,
      });
      if (atModule) addBinding(w, alias ?? module.split(".")[0]!, range.line, conditional, "import");
    }
    return;
  }
  const future = node.type === "future_import_statement";
  let module = "__future__";
  let level = 0;
  let moduleRange = range;
  const moduleNode = future ? null : node.childForFieldName("module_name");
  if (moduleNode) {
    moduleRange = rangeOf(w, moduleNode);
    if (moduleNode.type === "relative_import") {
      module = "";
      for (const c of namedChildren(moduleNode)) {
        if (c.type === "import_prefix") level = c.endIndex - c.startIndex;
        else if (c.type === "dotted_name") module = dottedText(w, c);
      }
    } else {
      module = dottedText(w, moduleNode);
    }
  }
  const names: ImportedName[] = [];
  for (const c of namedChildren(node)) {
    if (c.type === "wildcard_import") {
      names.push({ name: "*", alias: null, range: rangeOf(w, c) });
      // Under `if TYPE_CHECKING:` it is still at module level (valid), but never runs: no star import to follow.
      if (!atModule) w.facts.syntaxErrors.push({ range: rangeOf(w, c), message: "import * only allowed at module level" });
      else if (w.typeCheckingOnly === 0) w.facts.starImports.push({ module, level, line: range.line });
    }
  }
  for (const item of childrenByField(node, "name")) {
    const nameNode = item.type === "aliased_import" ? item.childForFieldName("name") : item;
    const aliasNode = item.type === "aliased_import" ? item.childForFieldName("alias") : null;
    if (!nameNode) continue;
    const name = dottedText(w, nameNode);
    if (name.includes(".")) continue; // `from a import b.c` does not compile (checkFromNames): no name to look up
    const alias = aliasNode ? nodeText(w, aliasNode) : null;
    names.push({ name, alias, range: rangeOf(w, item) });
    if (atModule) addBinding(w, alias ?? name, range.line, conditional, "import");
  }
  w.facts.imports.push({ kind: "from", module, level, alias: null, names, range, moduleRange, context: ctx, future });
  if (future) {
    if (w.pastFutureImports || !atModule || ctx.guards.length > 0 || ctx.conditions.length > 0 || ctx.conditional || ctx.typeChecking) {
      w.facts.syntaxErrors.push({ range, message: "from __future__ imports must occur at the beginning of the file" });
    }
    for (const n of names) {
      if (!FUTURE_FEATURES.has(n.name)) w.facts.syntaxErrors.push({ range: n.range, message: n.name === "*" ? "future feature * is not defined" : `future feature ${n.name} is not defined` });
    }
  }
}

const FUTURE_FEATURES = new Set(["nested_scopes", "generators", "division", "absolute_import", "with_statement", "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations"]);

/** Text that makes a function body worth walking: an import, a `global`, or an escape-hatch trigger. */
const FUNCTION_BODY_MATTERS = /import|global|sys\.path|sys\.modules|sys\.meta_path|__path__|extend_path|declare_namespace|setattr|__all__\.|vars\(|exec\(|globals\(/;

const HATCH_TRIGGERS = ["sys.path", "import_module", "__import__", "__path__", "extend_path", "sys.modules", "sys.meta_path", "globals()", "declare_namespace", "setattr", "__all__.", "vars(", "exec("];

function scanEscapeHatches(w: Walk, node: Node, inFunction = false): void {
  const text = w.text.slice(node.startIndex, node.endIndex);
  if (!HATCH_TRIGGERS.some((t) => text.includes(t))) return;
  const found = new Set<string>();
  const line = node.startPosition.row + 1;
  let literalNamespace = false;
  const visit = (n: Node): void => {
    const t = n.type;
    if (t === "attribute") {
      const at = w.text.slice(n.startIndex, n.endIndex);
      if (at === "sys.path") found.add("sys.path");
      else if (at === "sys.modules" && writesSysModules(w.text, n)) found.add("sys.modules");
      else if (at === "sys.meta_path") found.add("sys.meta_path");
    } else if (t === "identifier") {
      const id = w.text.slice(n.startIndex, n.endIndex);
      if (id === "__path__") found.add("__path__");
      else if (id === "__import__") found.add("__import__");
      else if (id === "import_module") found.add("importlib.import_module");
      else if (id === "extend_path" || id === "declare_namespace") {
        // With a literal package name, it adds portions of that package only: judged against the module's own name.
        const literal = namespaceLiteral(w, n, id === "extend_path" ? 1 : 0);
        if (literal !== null) {
          w.facts.escapeHatches.push({ kind: "pkgutil.extend_path", line, target: literal });
          literalNamespace = true;
        }
        else found.add("pkgutil.extend_path");
      }
    } else if (t === "call") {
      const fn = n.childForFieldName("function");
      const fnText = fn ? w.text.slice(fn.startIndex, fn.endIndex) : "";
      // vars() and exec() without arguments touch the module namespace only at module level.
      if ((fnText === "globals" && writesGlobals(w.text, n)) || (!inFunction && (fnText === "vars" || fnText === "exec"))) found.add("globals");
      else if (fnText === "setattr") {
        const first = namedChildren(n.childForFieldName("arguments") ?? n)[0];
        // A local of the function around it (`def test(attr): setattr(attr, ...)`) is not the module of that name.
        if (first?.type === "identifier" && !(inFunction && localTo(n, nodeText(w, first)))) w.facts.escapeHatches.push({ kind: "setattr", line, target: nodeText(w, first) });
      } else if (inFunction && (fnText === "__all__.append" || fnText === "__all__.extend")) {
        found.add("globals"); // names added to the module when some function runs
      }
    } else if (t === "string" || t === "comment") {
      return;
    }
    for (const c of namedChildren(n)) visit(c);
  };
  visit(node);
  // `__path__ = extend_path(__path__, "pkg")`: the __path__ edit is that call, judged by its literal.
  if (literalNamespace) found.delete("__path__");
  for (const kind of found) {
    const hatch: EscapeHatch = { kind: kind as EscapeHatch["kind"], line };
    w.facts.escapeHatches.push(hatch);
    // A sys.path edit in a function body runs when the function is called: judged at the end (afterImport).
    if (kind === "sys.path" && inFunction) w.pathEditsInFunctions.push({ hatch, at: node });
  }
}

/** The string literal a call of `callee` (`pkgutil.extend_path(__path__, "pkg")`) passes as argument `index`, or null. */
function namespaceLiteral(w: Walk, callee: Node, index: number): string | null {
  let fn: Node = callee;
  if (fn.parent?.type === "attribute" && fn.parent.childForFieldName("attribute")?.id === fn.id) fn = fn.parent;
  const call = fn.parent;
  if (call?.type !== "call" || call.childForFieldName("function")?.id !== fn.id) return null;
  const arg = namedChildren(call.childForFieldName("arguments") ?? call).filter((a) => a.type !== "comment")[index];
  return arg?.type === "string" ? stringValue(w, arg) : null;
}

/**
 * Calls that import a module named by a string literal, run while the module body runs: `importlib.import_module(
 * "pkg.mod")`, `import_module(".mod", __package__)` (imported from importlib), `__import__("pkg.mod")`. Each is
 * recorded as the import statement it amounts to. A name computed at run time, or a package that is not this
 * module's own, is left alone.
 */
function recordDynamicImports(w: Walk, stmt: Node, ctx: ImportContext): void {
  const text = w.text.slice(stmt.startIndex, stmt.endIndex);
  if (!text.includes("import_module(") && !text.includes("__import__(")) return;
  const fromImportlib = w.facts.imports.some((i) => i.module === "importlib" && i.level === 0 && i.names.some((n) => n.name === "import_module" && n.alias === null));
  const visit = (n: Node): void => {
    if (n.type === "lambda" || n.type === "function_definition" || n.type === "class_definition") return;
    if (n.type === "call") {
      const fn = n.childForFieldName("function");
      const callee = fn ? nodeText(w, fn) : "";
      const args = namedChildren(n.childForFieldName("arguments") ?? n).filter((a) => a.type !== "comment");
      const isImportModule = callee === "importlib.import_module" || (callee === "import_module" && fromImportlib);
      if ((isImportModule && args.length >= 1 && args.length <= 2) || (callee === "__import__" && args.length === 1)) {
        const nameNode = args[0]!;
        const name = nameNode.type === "string" ? stringValue(w, nameNode) : null;
        if (name !== null && /^\.*[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$|^\.+$/.test(name)) {
          const level = /^\.*/.exec(name)![0].length;
          // A relative name needs the package argument to be this module's own package.
          const pkg = args[1];
          const pkgValue = pkg?.type === "keyword_argument" && pkg.childForFieldName("name")?.text === "package" ? pkg.childForFieldName("value") : pkg;
          const ownPackage = pkgValue !== undefined && pkgValue !== null && (pkgValue.text === "__package__" || pkgValue.text === "__spec__.parent");
          if (level === 0 || (isImportModule && ownPackage)) {
            const range = rangeOf(w, n);
            w.facts.imports.push({ kind: "import", module: name.slice(level), level, alias: null, names: [], range, moduleRange: rangeOf(w, nameNode), context: ctx, future: false, dynamic: true });
          }
        }
      }
    }
    for (const c of namedChildren(n)) visit(c);
  };
  visit(stmt);
}

function stringValue(w: Walk, node: Node): string | null {
  if (node.type !== "string") return null;
  const parts = namedChildren(node);
  if (parts.some((p) => p.type === "interpolation")) return null;
  return parts.filter((p) => p.type === "string_content").map((p) => nodeText(w, p)).join("");
}

/** A literal list/tuple of strings (or, with `single`, one string) as a string array; null if not literal. */
function stringList(w: Walk, node: Node, single = false): string[] | null {
  if (single) {
    const v = stringValue(w, node);
    return v === null ? null : [v];
  }
  if (node.type !== "list" && node.type !== "tuple" && node.type !== "parenthesized_expression") return null;
  const out: string[] = [];
  for (const c of namedChildren(node)) {
    if (c.type === "comment") continue;
    const v = stringValue(w, c);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** Tracks `__all__` from literal assignments, `+=`, `.append(...)` and `.extend(...)`. */
/** Subtrees whose evaluation is lazy, conditional or a new scope: reads inside may not happen when the statement runs. */
const NOT_EAGER = new Set([
  "block", "lambda", "generator_expression", "list_comprehension", "set_comprehension", "dictionary_comprehension",
  "conditional_expression", "boolean_operator", "type", "parameters", "elif_clause", "else_clause", "except_clause",
  "except_group_clause", "finally_clause", "case_clause", "string", "comment", "ERROR",
]);

/** The identifier chain of an attribute node (`a.b.c` -> ["a", "b", "c"]), or null for anything else (calls, subscripts). */
function attributeChain(w: Walk, node: Node): string[] | null {
  const parts: string[] = [];
  let n: Node | null = node;
  while (n?.type === "attribute") {
    const attr = n.childForFieldName("attribute");
    if (!attr) return null;
    parts.unshift(nodeText(w, attr));
    n = n.childForFieldName("object");
  }
  if (n?.type !== "identifier") return null;
  parts.unshift(nodeText(w, n));
  return parts;
}

/** Records the attribute reads a module- or class-level statement makes when it runs (its own header, not its blocks). */
function scanAttributeUses(w: Walk, stmt: Node, ctx: ImportContext, imported: Set<string>): void {
  const add = (base: string, path: string[], n: Node): void => {
    if (imported.has(base) && path.length > 0) w.facts.attributeUses.push({ base, path: path.map(own), range: rangeOf(w, n), context: ctx });
  };
  const visit = (n: Node, store: boolean): void => {
    if (NOT_EAGER.has(n.type)) return;
    // A def's body runs on call; a nested definition (under decorators) is scanned as its own statement.
    if (n.type === "function_definition" || (n !== stmt && n.type === "class_definition")) return;
    if (n.type === "attribute") {
      const chain = attributeChain(w, n);
      if (chain) {
        // A store target (`m.a.b = ...`) still reads everything before its last attribute.
        add(chain[0]!, store ? chain.slice(1, -1) : chain.slice(1), n);
        return;
      }
    }
    if (n.type === "assignment" || n.type === "augmented_assignment") {
      const left = n.childForFieldName("left");
      const right = n.childForFieldName("right");
      if (left) visit(left, n.type === "assignment");
      if (right) visit(right, false);
      return;
    }
    for (const c of namedChildren(n)) visit(c, false);
  };
  visit(stmt, false);
}

/**
 * `x.attr = ...`, `x.attr += ...`, `x.attr: T = ...` anywhere (any scope, even in strings: an over-approximation is
 * safe): the attribute may exist on whatever module x is. One regular-expression pass over the text.
 */
const ATTRIBUTE_STORE = /\.\s*([\p{L}_][\p{L}\p{N}_]*)\s*(?::[^=\n]*)?(?:\*\*|\/\/|<<|>>|[-+*/%&|^@])?=(?!=)/gu;

function scanAttributeStores(w: Walk): void {
  const found = new Set<string>();
  for (const m of w.text.matchAll(ATTRIBUTE_STORE)) found.add(m[1]!);
  w.facts.attributeStores = [...found].map(own);
}

function recordAll(w: Walk, stmt: Node): void {
  const expr = namedChildren(stmt)[0];
  if (!expr) return;
  if (expr.type === "assignment" || expr.type === "augmented_assignment") {
    const left = expr.childForFieldName("left");
    const right = expr.childForFieldName("right");
    if (!left || nodeText(w, left) !== "__all__") return;
    const list = right ? stringList(w, right) : null;
    if (!right) return; // annotation only
    if (list === null) {
      w.facts.allDynamic = true;
      const nonString = expr.type === "assignment" ? nonStringItem(right) : null;
      if (nonString) w.facts.allNonString = nonString;
      return;
    }
    if (expr.type === "assignment") {
      w.facts.all = list;
      delete w.facts.allNonString; // a later plain list replaces it
    }
    else w.facts.all = [...(w.facts.all ?? []), ...list];
    return;
  }
  if (expr.type === "call") {
    const fn = expr.childForFieldName("function");
    const fnText = fn ? nodeText(w, fn) : "";
    if (fnText !== "__all__.append" && fnText !== "__all__.extend") return;
    const args = expr.childForFieldName("arguments");
    const first = args ? namedChildren(args)[0] : undefined;
    if (!first) return;
    const list = fnText === "__all__.append" ? stringList(w, first, true) : stringList(w, first);
    if (list) {
      w.facts.all = [...(w.facts.all ?? []), ...list];
      return;
    }
    w.facts.allDynamic = true;
  }
}

function walrusTargets(w: Walk, node: Node, conditional: boolean): void {
  if (!w.text.slice(node.startIndex, node.endIndex).includes(":=")) return;
  const visit = (n: Node): void => {
    if (n.type === "named_expression") {
      const name = n.childForFieldName("name");
      if (name) addBinding(w, nodeText(w, name), name.startPosition.row + 1, conditional, "walrus");
    }
    // A walrus inside a comprehension binds in the enclosing scope too, so comprehensions are searched as well.
    for (const c of namedChildren(n)) visit(c);
  };
  visit(node);
}

function recordGlobals(w: Walk, node: Node): void {
  // `global x` anywhere inside a function binds x at module level once the function runs.
  for (const c of namedChildren(node)) {
    if (c.type === "identifier") addBinding(w, nodeText(w, c), c.startPosition.row + 1, true, "global");
  }
}

function recordComment(w: Walk, node: Node): void {
  const text = w.text.slice(node.startIndex, node.endIndex);
  const line = node.startPosition.row + 1;
  const noqa = /#\s*noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i.exec(text);
  const ours = /#\s*import-doctor:\s*ignore(?:\[([A-Z0-9,\s]+)\])?/i.exec(text);
  const push = (codes: string | undefined, kind: Suppression["kind"]): void => {
    const s: Suppression = { line, codes: codes ? codes.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()) : null, kind };
    w.facts.suppressions.push(s);
  };
  if (noqa) push(noqa[1], "noqa");
  if (ours) push(ours[1], "ignore");
  if (/#\s*import-doctor:\s*skip-file\b/i.test(text)) push(undefined, "skip-file");
}

/** Statements and clauses that hold blocks: the only nodes the indentation check descends into. */
const COMPOUND = new Set([
  "function_definition", "class_definition", "decorated_definition", "if_statement", "elif_clause", "else_clause", "for_statement",
  "while_statement", "try_statement", "except_clause", "except_group_clause", "finally_clause", "with_statement", "match_statement",
  "case_clause",
]);

/**
 * Where a statement is, for the errors CPython's compiler raises and tree-sitter's grammar lets through: the scope it
 * runs in, whether a loop's body encloses it (in that scope), and whether any function does.
 */
interface Enclosing {
  scope: "module" | "class" | "function";
  loop: boolean;
  inFunction: boolean;
}

const AT_MODULE: Enclosing = { scope: "module", loop: false, inFunction: false };

/**
 * tree-sitter accepts a statement indented deeper than its siblings, where CPython raises IndentationError; and a
 * `return`, `break` or Python 2's `print x` where CPython's compiler raises SyntaxError. Flag them (python3 then gives
 * the verdict on every suspect file).
 */
function checkBlock(w: Walk, block: Node, moduleLevel: boolean, at: Enclosing): void {
  let indent = moduleLevel ? 0 : -1;
  let lastRow = -1;
  for (const stmt of namedChildren(block)) {
    const type = stmt.type; // each read of a node's type is a call into the parser
    if (type === "comment") continue;
    const { row, column } = stmt.startPosition;
    if (row !== lastRow) {
      if (indent < 0) indent = column;
      else if (column !== indent) syntaxError(w, stmt, "unexpected indent");
    }
    lastRow = stmt.endPosition.row;
    if (COMPOUND.has(type)) checkClauses(w, stmt, type, at);
    else checkPlacement(w, stmt, type, at);
    if (type === "import_from_statement") checkFromNames(stmt, (n, m) => syntaxError(w, n, m));
    else if (type === "match_statement") checkMatch(stmt, (n, m) => syntaxError(w, n, m));
  }
}

/** The parts of a compound statement that begin a line of their own at the statement's own indentation. */
const CLAUSES: Record<string, ReadonlySet<string>> = {
  if_statement: new Set(["elif_clause", "else_clause"]),
  try_statement: new Set(["except_clause", "except_group_clause", "else_clause", "finally_clause"]),
  for_statement: new Set(["else_clause"]),
  while_statement: new Set(["else_clause"]),
  decorated_definition: new Set(["decorator", "function_definition", "class_definition"]),
};

/** What a `try` needs one of: tree-sitter takes a `try:` block alone (or with only an `else:`). */
const TRY_HANDLERS = new Set(["except_clause", "except_group_clause", "finally_clause"]);

function checkClauses(w: Walk, stmt: Node, type: string, at: Enclosing): void {
  const clauses = CLAUSES[type];
  if (type === "try_statement" && !namedChildren(stmt).some((c) => TRY_HANDLERS.has(c.type))) syntaxError(w, stmt, "expected 'except' or 'finally' block");
  // A definition's body is a scope of its own, outside any loop; a loop's own block (not its `else:`) is in a loop.
  let inner = at;
  if (type === "function_definition") inner = { scope: "function", loop: false, inFunction: true };
  else if (type === "class_definition") inner = { scope: "class", loop: false, inFunction: at.inFunction };
  // Python 2's `except E, e:` (two exception values unparenthesized).
  if (type === "except_clause" && childrenByField(stmt, "value").length > 1) syntaxError(w, stmt, "multiple exception types must be parenthesized");
  const loopBody = type === "for_statement" || type === "while_statement";
  for (const c of namedChildren(stmt)) {
    const childType = c.type;
    // tree-sitter takes `else:` (or `except`, a decorated `def`) at any indentation; CPython's tokenizer does not.
    if (clauses?.has(childType)) checkClauseIndent(w, stmt, c);
    if (childType === "block") checkBlock(w, c, false, loopBody ? { ...inner, loop: true } : inner);
    else if (COMPOUND.has(childType)) checkClauses(w, c, childType, inner);
    else if (childType === "parameters" && type === "function_definition") checkParameters(w, c);
  }
}

/** Records a syntax-error suspect, the first 20 of a file only. */
function syntaxError(w: Walk, node: Node, message: string): void {
  if (w.facts.syntaxErrors.length < 20) w.facts.syntaxErrors.push({ range: rangeOf(w, node), message });
}

/** A simple statement's own compile errors that depend on where it is (CPython's messages). */
function checkPlacement(w: Walk, stmt: Node, type: string, at: Enclosing): void {
  switch (type) {
    case "return_statement":
      if (at.scope !== "function") syntaxError(w, stmt, "'return' outside function");
      return;
    case "break_statement":
      if (!at.loop) syntaxError(w, stmt, "'break' outside loop");
      return;
    case "continue_statement":
      if (!at.loop) syntaxError(w, stmt, "'continue' not properly in loop");
      return;
    case "nonlocal_statement":
      if (at.scope === "module") syntaxError(w, stmt, "nonlocal declaration not allowed at module level");
      else if (!at.inFunction) syntaxError(w, stmt, `no binding for nonlocal '${nodeText(w, namedChildren(stmt)[0] ?? stmt)}' found`);
      return;
    // tree-sitter-python parses Python 2's statements too; CPython 3 rejects them.
    case "print_statement":
      // `print >>f, x` is also an expression Python 3 compiles (a shift, then a tuple).
      if (!namedChildren(stmt).some((c) => c.type === "chevron")) syntaxError(w, stmt, "Missing parentheses in call to 'print'. Did you mean print(...)?");
      return;
    case "exec_statement":
      syntaxError(w, stmt, "Missing parentheses in call to 'exec'. Did you mean exec(...)?");
      return;
    case "raise_statement":
      if (stmt.firstNamedChild?.type === "expression_list") syntaxError(w, stmt, "invalid syntax"); // raise E, "message"
      return;
  }
}

/**
 * Tokens that tree-sitter-python parses and CPython 3 rejects, found from their text: Python 2's backticks (read as
 * a string), `<>`, decimal integers with leading zeros (`0777`) or a long suffix (`10L`) and `ur''` strings; and
 * `yield` or `await` outside a function (a lambda is one), `async for`/`async with` outside an async function, and
 * `async` or `await` used as a name.
 * The text is searched once; the tree is asked only about what the search found (most of it in strings and comments,
 * which the tree tells apart).
 */
const MARKED = /`|<>|\b0[0-9_]*[1-9][0-9_]*[lL]?\b|\b[0-9]+[lL]\b|\b[uU][rR]['"]|\b(?:yield|await|async)\b/g;

function checkMarkedTokens(w: Walk, root: Node): void {
  for (const m of w.text.matchAll(MARKED)) {
    if (w.facts.syntaxErrors.length >= 20) return;
    const node = root.descendantForIndex(m.index, m.index + m[0].length - 1);
    if (!node) continue;
    const type = node.type;
    if (type === "integer") {
      const text = nodeText(w, node);
      if (/[lL]$/.test(text)) syntaxError(w, node, "invalid decimal literal");
      else if (/^0[0-9_]*[1-9][0-9_]*$/.test(text)) syntaxError(w, node, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
    } else if (type === "string_start") {
      const prefix = nodeText(w, node);
      if (prefix.startsWith("`") || /^[uU][rR]/.test(prefix)) syntaxError(w, node.parent ?? node, "invalid syntax");
    } else if (type === "<>") {
      syntaxError(w, node.parent ?? node, "invalid syntax");
    } else if ((type === "yield" || type === "await") && !node.isNamed) {
      const expr = node.parent;
      const message = expr?.type === type ? (type === "yield" ? yieldError(expr) : awaitError(expr)) : null;
      if (message) syntaxError(w, expr!, message);
    } else if (type === "identifier") {
      // `async = 1`, `await = x` (`yield` too): keywords, which tree-sitter still takes for names in some places.
      syntaxError(w, node, "invalid syntax");
    } else if (type === "async" && !node.isNamed) {
      // `async for` / `async with` statements (a comprehension's `async for`, version-dependent, is left to python3).
      const stmt = node.parent;
      if ((stmt?.type === "for_statement" || stmt?.type === "with_statement") && !inAsyncFunction(stmt)) syntaxError(w, stmt, `'async ${stmt.type === "for_statement" ? "for" : "with"}' outside async function`);
    }
  }
}

/** Whether the innermost scope around a statement is an async function (a class body or the module is not). */
function inAsyncFunction(stmt: Node): boolean {
  for (const scope of scopesAround(stmt)) return isAsyncDef(scope);
  return false;
}

const isAsyncDef = (scope: Node): boolean => scope.type === "function_definition" && scope.firstChild?.type === "async";

const COMPREHENSIONS = new Set(["list_comprehension", "set_comprehension", "dictionary_comprehension"]);

/**
 * The scopes around `expr`, innermost first, as the node that makes each: a function, lambda or class whose body
 * holds it (a definition's parameters, decorators and bases run in the scope around it), a comprehension or
 * generator expression (except for its first `for`'s iterable, which runs in the scope around it), and last the
 * module.
 */
function* scopesAround(expr: Node): Generator<Node> {
  let grandchild: Node | null = null;
  let child = expr;
  for (let n = expr.parent; n; grandchild = child, child = n, n = n.parent) {
    const type = n.type;
    if (type === "function_definition" || type === "lambda" || type === "class_definition") {
      if (n.childForFieldName("body")?.id === child.id) yield n;
    } else if (type === "generator_expression" || COMPREHENSIONS.has(type)) {
      const firstFor = namedChildren(n).find((c) => c.type === "for_in_clause");
      const firstIterable = firstFor?.id === child.id && firstFor.childForFieldName("right")?.id === grandchild?.id;
      if (!firstIterable) yield n;
    } else if (type === "module") yield n;
  }
}

/** CPython's error for a `yield` here, if any: only a function (a lambda is one) may hold it, not a comprehension. */
function yieldError(expr: Node): string | null {
  for (const scope of scopesAround(expr)) {
    const type = scope.type;
    if (type === "function_definition" || type === "lambda") return null;
    if (type === "generator_expression") return "'yield' inside generator expression";
    if (COMPREHENSIONS.has(type)) return `'yield' inside ${type.replace("dictionary", "dict").replace("_", " ")}`;
    return "'yield' outside function";
  }
  return "'yield' outside function";
}

/**
 * CPython's error for an `await` here, if any: an async function may hold it, and so may a generator expression
 * anywhere (it makes an async generator); a comprehension takes the verdict of the scope around it.
 */
function awaitError(expr: Node): string | null {
  for (const scope of scopesAround(expr)) {
    const type = scope.type;
    if (type === "generator_expression") return null;
    if (COMPREHENSIONS.has(type)) continue;
    if (type === "function_definition") return isAsyncDef(scope) ? null : "'await' outside async function";
    if (type === "lambda") return "'await' outside async function";
    return "'await' outside function";
  }
  return "'await' outside function";
}

/**
 * A parameter without a default after one with a default, before any `*`, and Python 2's tuple parameters: CPython's
 * compiler rejects the `def`. Only parameter lists with a default or a nested parenthesis are walked.
 */
function checkParameters(w: Walk, params: Node): void {
  const text = w.text.slice(params.startIndex + 1, params.endIndex);
  if (!text.includes("=") && !text.includes("(")) return;
  let sawDefault = false;
  for (const p of namedChildren(params)) {
    if (p.type === "tuple_pattern") return syntaxError(w, p, "Function parameters cannot be parenthesized"); // def f(a, (b, c))
    const star = p.type === "typed_parameter" ? namedChildren(p)[0]?.type : p.type;
    if (star === "list_splat_pattern" || star === "dictionary_splat_pattern" || p.type === "keyword_separator") return;
    if (p.type === "default_parameter" || p.type === "typed_default_parameter") sawDefault = true;
    else if (sawDefault && (p.type === "identifier" || p.type === "typed_parameter")) {
      syntaxError(w, p, "non-default argument follows default argument");
      return;
    }
  }
}

function checkClauseIndent(w: Walk, stmt: Node, clause: Node): void {
  const at = clause.startPosition;
  const own = stmt.startPosition;
  if (at.row === own.row || at.column === own.column || w.facts.syntaxErrors.length >= 20) return;
  // Only a clause that starts its line is indented (one after other code on its line is another error, or none).
  const lineStart = clause.startIndex - at.column;
  for (let i = lineStart; i < clause.startIndex; i++) {
    const c = w.text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 12) return;
  }
  syntaxError(w, clause, at.column > own.column ? "unexpected indent" : "unindent does not match any outer indentation level");
}

function collectSyntaxErrors(w: Walk, node: Node): void {
  if (!node.hasError) return;
  const visit = (n: Node): void => {
    if (w.facts.syntaxErrors.length >= 20) return;
    if (n.isMissing) {
      w.facts.syntaxErrors.push({ range: rangeOf(w, n), message: `expected '${n.type}'` });
      return;
    }
    if (n.type === "ERROR") {
      const snippet = w.text.slice(n.startIndex, Math.min(n.endIndex, n.startIndex + 30)).split("\n")[0];
      w.facts.syntaxErrors.push({ range: rangeOf(w, n), message: `invalid syntax near '${own(snippet ?? "")}'` });
      return;
    }
    if (!n.hasError) return;
    const count = n.childCount;
    for (let i = 0; i < count; i++) {
      const c = n.child(i);
      if (c) visit(c);
    }
  };
  visit(node);
}

/** Visits the statements of a block (module, block, ERROR) in order. */
function visitBlock(w: Walk, block: Node, ctx: ImportContext, conditional: boolean): void {
  const count = block.childCount;
  let first = true;
  for (let i = 0; i < count; i++) {
    const stmt = block.child(i);
    if (!stmt) continue;
    if (block.type === "module") {
      visitStatement(w, stmt, ctx, conditional);
      // Only a leading docstring and `from __future__` imports may precede `from __future__` imports.
      const docstring = first && stmt.type === "expression_statement" && namedChildren(stmt)[0]?.type === "string";
      if (stmt.type !== "comment" && stmt.type !== "future_import_statement" && !docstring) w.pastFutureImports = true;
      if (stmt.type !== "comment") first = false;
      continue;
    }
    visitStatement(w, stmt, ctx, conditional);
  }
}

function visitStatement(w: Walk, stmt: Node, ctx: ImportContext, conditional: boolean): void {
  const atModule = ctx.scope === "module";
  // Attribute reads matter only through names an import binds, known at the end: defer (the tree lives until then).
  if (ctx.scope !== "function" && w.typeCheckingOnly === 0 && stmt.type !== "import_statement" && stmt.type !== "import_from_statement") w.deferred.push({ stmt, ctx });
  switch (stmt.type) {
    case "import_statement":
    case "import_from_statement":
    case "future_import_statement":
      recordImport(w, stmt, ctx);
      for (const c of namedChildren(stmt)) if (c.type === "comment") recordComment(w, c);
      return;
    case "comment":
      recordComment(w, stmt);
      return;
    case "decorated_definition": {
      const def = stmt.childForFieldName("definition");
      // enum.global_enum copies the members into the module namespace.
      for (const c of namedChildren(stmt)) {
        if (c.type === "decorator" && /global_enum\b/.test(nodeText(w, c))) w.facts.escapeHatches.push({ kind: "globals", line: c.startPosition.row + 1 });
      }
      if (def) visitStatement(w, def, ctx, conditional);
      return;
    }
    case "function_definition": {
      const name = stmt.childForFieldName("name");
      const nameText = name ? nodeText(w, name) : "<lambda>";
      if (atModule && name) {
        addBinding(w, nameText, stmt.startPosition.row + 1, conditional, "def");
        if (nameText === "__getattr__") w.facts.hasGetattr = true; // what it serves: moduleGetattr, at the end
      }
      const body = stmt.childForFieldName("body");
      // A body contributes only imports, `global` statements and escape hatches: skip the walk when its text
      // mentions none of them (most function bodies).
      if (body && FUNCTION_BODY_MATTERS.test(w.text.slice(body.startIndex, body.endIndex))) visitBlock(w, body, { ...ctx, scope: "function", functionName: nameText }, true);
      return;
    }
    case "class_definition": {
      const name = stmt.childForFieldName("name");
      if (atModule && name) addBinding(w, nodeText(w, name), stmt.startPosition.row + 1, conditional, "class");
      const body = stmt.childForFieldName("body");
      const scope = ctx.scope === "function" ? "function" : "class";
      if (body) visitBlock(w, body, { ...ctx, scope }, conditional);
      return;
    }
    case "if_statement":
      visitIf(w, stmt, ctx, conditional);
      return;
    case "try_statement":
      visitTry(w, stmt, ctx, conditional);
      return;
    case "for_statement":
    case "while_statement": {
      if (stmt.type === "for_statement" && atModule) {
        const left = stmt.childForFieldName("left");
        if (left) bindTargets(w, left, true, "for");
      }
      const inner = { ...ctx, conditional: true };
      for (const c of namedChildren(stmt)) {
        if (c.type === "block") visitBlock(w, c, inner, true);
        else if (c.type === "else_clause") {
          const body = c.childForFieldName("body");
          if (body) visitBlock(w, body, inner, true);
        } else if (atModule) {
          scanEscapeHatches(w, c);
          walrusTargets(w, c, true);
        }
      }
      return;
    }
    case "with_statement": {
      for (const c of namedChildren(stmt)) {
        if (c.type === "with_clause") {
          for (const item of namedChildren(c)) {
            const value = item.childForFieldName("value");
            if (value?.type === "as_pattern" && atModule) {
              const alias = value.childForFieldName("alias");
              if (alias) bindTargets(w, alias, conditional, "with");
            }
            if (value) scanEscapeHatches(w, value);
          }
        } else if (c.type === "block") {
          visitBlock(w, c, ctx, conditional);
        }
      }
      return;
    }
    case "match_statement": {
      const body = stmt.childForFieldName("body");
      const inner = { ...ctx, conditional: true };
      if (body) {
        for (const clause of namedChildren(body)) {
          const cons = clause.childForFieldName("consequence");
          if (cons) visitBlock(w, cons, inner, true);
        }
      }
      return;
    }
    case "global_statement":
      if (ctx.scope === "function") recordGlobals(w, stmt);
      return;
    case "type_alias_statement": {
      const left = stmt.childForFieldName("left");
      const id = left ? namedChildren(left)[0] ?? left : null;
      if (atModule && id) addBinding(w, nodeText(w, id).replace(/\[.*$/s, ""), stmt.startPosition.row + 1, conditional, "assign");
      return;
    }
    case "expression_statement": {
      scanEscapeHatches(w, stmt, ctx.scope === "function");
      if (ctx.scope !== "function") recordDynamicImports(w, stmt, ctx);
      if (!atModule) return;
      const expr = namedChildren(stmt)[0];
      if (!expr) return;
      if (expr.type === "assignment") {
        const left = expr.childForFieldName("left");
        const right = expr.childForFieldName("right");
        if (left?.type === "identifier" && right) {
          const vp = versionOrPlatform(w, right);
          if (vp?.op) w.versionAliases.set(nodeText(w, left), vp);
          else w.versionAliases.delete(nodeText(w, left));
        }
        let a: Node | null = expr;
        while (a && a.type === "assignment") {
          const left = a.childForFieldName("left");
          const right = a.childForFieldName("right");
          if (!right) {
            if (w.stub && left) bindTargets(w, left, conditional, "assign"); // a stub's `x: int` declares x
            break; // `x: int` binds nothing
          }
          if (left) bindTargets(w, left, conditional, "assign");
          a = right;
        }
      } else if (expr.type === "augmented_assignment") {
        const left = expr.childForFieldName("left");
        if (left) bindTargets(w, left, conditional, "assign");
      }
      if (w.text.slice(stmt.startIndex, stmt.endIndex).includes("__all__")) recordAll(w, stmt);
      walrusTargets(w, stmt, conditional);
      return;
    }
    case "ERROR":
      // tree-sitter's error recovery: statements may hide inside; keep what parsed.
      visitBlock(w, stmt, ctx, conditional);
      return;
    case "block":
      visitBlock(w, stmt, ctx, conditional);
      return;
    default:
      if (stmt.isNamed) scanEscapeHatches(w, stmt);
      return;
  }
}

function visitIf(w: Walk, stmt: Node, ctx: ImportContext, conditional: boolean): void {
  const atModule = ctx.scope === "module";
  // Each branch sees the negation of the tests before it.
  const branches: { test: Node | null; body: Node | null }[] = [];
  branches.push({ test: stmt.childForFieldName("condition"), body: stmt.childForFieldName("consequence") });
  for (const alt of childrenByField(stmt, "alternative")) {
    if (alt.type === "elif_clause") branches.push({ test: alt.childForFieldName("condition"), body: alt.childForFieldName("consequence") });
    else branches.push({ test: null, body: alt.childForFieldName("body") });
  }
  const previous: { test: Node }[] = [];
  for (const { test, body } of branches) {
    let inner: ImportContext = { ...ctx, conditions: [...ctx.conditions] };
    let special = false;
    for (const p of previous) {
      const tc = isTypeCheckingTest(w, p.test);
      if (tc) {
        inner.typeChecking = tc === "if" ? "else" : "if";
        special = true;
      }
      const vp = conditionOf(w, p.test);
      if (vp) {
        inner.conditions.push({ ...vp.cond, branch: vp.negated });
        special = true;
      }
      if (isMainTest(w, p.test)) special = true;
    }
    if (test) {
      if (atModule) {
        scanEscapeHatches(w, test);
        walrusTargets(w, test, conditional);
      }
      const tc = isTypeCheckingTest(w, test);
      const vp = conditionOf(w, test);
      if (tc) {
        inner.typeChecking = tc;
        special = true;
      } else if (vp) {
        inner.conditions.push({ ...vp.cond, branch: !vp.negated });
        special = true;
      } else if (isMainTest(w, test)) {
        inner.mainGuard = true;
        special = true;
        if (atModule) w.facts.script = "main-guard";
      }
      previous.push({ test });
    }
    if (!special) inner = { ...inner, conditional: true };
    if (!body) continue;
    const typeCheckingOnly = inner.typeChecking === "if";
    if (typeCheckingOnly) w.typeCheckingOnly++;
    visitBlock(w, body, inner, true);
    if (typeCheckingOnly) w.typeCheckingOnly--;
  }
}

function visitTry(w: Walk, stmt: Node, ctx: ImportContext, conditional: boolean): void {
  const tryId = ++w.tryCounter;
  const catches: string[] = [];
  const clauses = namedChildren(stmt);
  for (const c of clauses) {
    if (c.type === "except_clause" || c.type === "except_group_clause") catches.push(...exceptionNames(w, c));
  }
  const guard: TryGuard = { tryId, catches };
  for (const c of clauses) {
    if (c.type === "block") {
      visitBlock(w, c, { ...ctx, guards: [...ctx.guards, guard] }, true);
    } else if (c.type === "except_clause" || c.type === "except_group_clause") {
      if (ctx.scope === "module") {
        const alias = exceptAlias(c);
        if (alias) bindTargets(w, alias, true, "except");
      }
      for (const b of namedChildren(c)) if (b.type === "block") visitBlock(w, b, { ...ctx, inHandlerOf: tryId }, true);
    } else if (c.type === "else_clause") {
      const body = c.childForFieldName("body");
      if (body) visitBlock(w, body, ctx, true);
    } else if (c.type === "finally_clause") {
      for (const b of namedChildren(c)) if (b.type === "block") visitBlock(w, b, ctx, conditional);
    } else if (c.type === "comment") {
      recordComment(w, c);
    }
  }
}

/** ASCII word characters ([A-Za-z0-9_]) by code. */
const ASCII_WORD = new Uint8Array(128).map((_, c) => Number(/[A-Za-z0-9_]/.test(String.fromCharCode(c))));
const NON_ASCII_WORD = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]/u;
/** Identifier characters (surrogates count: astral letters are two of them). */
const isWordCode = (c: number): boolean => (c < 128 ? ASCII_WORD[c] === 1 : (c >= 0xd800 && c <= 0xdfff) || NON_ASCII_WORD.test(String.fromCharCode(c)));
/** What `\s` matches in a regular expression. */
const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/**
 * Where the text mentions `name.` (spaces allowed before the dot) for one of `names`, the word not preceded by a
 * dot: found from each dot backwards, and whether a mention overlaps a range of the text. A mention the tree does
 * not hold (in a string or a comment) only costs a walk of its statement.
 */
export function mentionSpans(text: string, names: ReadonlySet<string>): { overlaps(start: number, end: number): boolean } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let dot = text.indexOf("."); dot !== -1; dot = text.indexOf(".", dot + 1)) {
    let end = dot;
    while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isWordCode(text.charCodeAt(start - 1))) start--;
    if (start === end || (start > 0 && text.charCodeAt(start - 1) === 46 /* . */) || !names.has(text.slice(start, end))) continue;
    starts.push(start);
    ends.push(dot + 1);
  }
  // Mentions do not overlap each other: each ends at its dot, and its word holds none.
  return { overlaps: (start, end) => overlapsAny(starts, ends, start, end) };
}

/**
 * Whether one of the spans (`starts[i]`..`ends[i]`, not overlapping each other, in order) overlaps `start`..`end`:
 * their ends increase with their starts, so the first that ends after `start` is the only candidate.
 */
function overlapsAny(starts: number[], ends: number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! > start) hi = mid;
    else lo = mid + 1;
  }
  return lo < starts.length && starts[lo]! < end;
}

export function extractFacts(root: Node, text: string, stub = false): ModuleFacts {
  const facts: ModuleFacts = {
    imports: [],
    bindings: [],
    starImports: [],
    all: null,
    allDynamic: false,
    hasGetattr: false,
    getattrNames: null,
    escapeHatches: [],
    attributeUses: [],
    attributeStores: [],
    suppressions: [],
    syntaxErrors: [],
  };
  const w: Walk = { text, typeCheckingOnly: 0, pastFutureImports: false, versionAliases: new Map(), facts, tryCounter: 0, deferred: [], stub, pathEditsInFunctions: [] };
  visitBlock(w, root, ROOT_CONTEXT, false);
  const imported = new Set(facts.bindings.filter((b) => b.kind === "import").map((b) => b.name));
  if (imported.size > 0) {
    // A cheap text test first: only statements that mention `name.` for an imported name are walked. The text is
    // searched once; a statement is walked when a mention overlaps it.
    const mentions = mentionSpans(text, imported);
    for (const { stmt, ctx } of w.deferred) {
      if (mentions.overlaps(stmt.startIndex, stmt.endIndex)) scanAttributeUses(w, stmt, ctx, imported);
    }
  }
  scanAttributeStores(w);
  collectSyntaxErrors(w, root);
  checkBlock(w, root, true, AT_MODULE);
  checkNesting(root, text, (node, message) => syntaxError(w, node, message));
  checkMarkedTokens(w, root);
  for (const { hatch, at } of w.pathEditsInFunctions) if (onlyAfterImport(root, at)) hatch.afterImport = true;
  if (!facts.script && text.startsWith("#!")) facts.script = "shebang";
  const nonString = facts.allNonString;
  if (nonString?.type?.startsWith("ident:")) nonString.type = typeOfName(root, facts.bindings, nonString.type.slice("ident:".length));
  if (facts.hasGetattr || facts.bindings.some((b) => b.name === "__getattr__")) {
    facts.hasGetattr = true;
    // Served names are listed only for one unconditional binding, to a def or a factory's product.
    const served = moduleGetattr(root, facts.bindings);
    facts.getattrNames = served.names;
    // What the function does runs only when a served name is looked up: sys.modules writes and imports there
    // neither add other names to the module nor provide submodules to an import statement.
    const [from, to] = served.range ?? [0, -1];
    for (const h of facts.escapeHatches) if (h.line >= from && h.line <= to && h.kind !== "sys.path" && h.kind !== "setattr") h.inGetattr = true;
  }
  return facts;
}

export type { ImportStatement, SyntaxProblem, StarImport };
