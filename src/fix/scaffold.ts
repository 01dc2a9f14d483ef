// IMP002's scaffold: a new submodule for a name nothing defines, modelled on a sibling module that defines what importers use.
import path from "node:path";
import type { Node } from "web-tree-sitter";
import type { ImportStatement, ModuleFacts } from "../parse/facts.js";
import { loadRule } from "../rules.js";
import type { FixContext } from "./fixers/context.js";

interface Templates {
  module: string;
  modelNote: string;
  value: string;
  function: string;
  class: string;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? "");
}

interface Assignment {
  text: string;
  reads: string[];
  /** Spans of string contents within `text`. */
  strings: [number, number][];
}

/** Every module-level `name = ...` statement of a tree, as text, with the identifiers it reads. */
function assignmentsOf(root: Node): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.type !== "expression_statement") continue;
    const a = stmt.namedChildren[0];
    const left = a?.childForFieldName("left");
    const right = a?.childForFieldName("right");
    if (!a || a.type !== "assignment" || left?.type !== "identifier" || !right || out.has(left.text)) continue;
    const reads = new Set<string>();
    for (const id of right.descendantsOfType("identifier")) {
      const p = id.parent;
      if (p?.type === "attribute" && p.childForFieldName("attribute")?.id === id.id) continue;
      if (p?.type === "keyword_argument" && p.childForFieldName("name")?.id === id.id) continue;
      reads.add(id.text);
    }
    if (right.type === "identifier") reads.add(right.text);
    const strings = right.descendantsOfType("string_content").map((x): [number, number] => [x.startIndex - stmt.startIndex, x.endIndex - stmt.startIndex]);
    out.set(left.text, { text: stmt.text, reads: [...reads], strings });
  }
  return out;
}

const parsed = new WeakMap<FixContext, Map<string, Promise<Map<string, Assignment>>>>();

/** A file's module-level assignments, parsed once per fix run. */
function assignments(fx: FixContext, file: string): Promise<Map<string, Assignment>> {
  const cache = parsed.get(fx) ?? parsed.set(fx, new Map()).get(fx)!;
  let p = cache.get(file);
  if (!p) {
    p = fx.withTree(file, assignmentsOf).then((x) => x ?? new Map());
    cache.set(file, p);
  }
  return p;
}

/** Whether an import of the model imports cleanly from anywhere: the standard library, or first-party modules that resolve. */
function clean(fx: FixContext, model: string, i: ImportStatement): boolean {
  const r = fx.byAbs.get(model)?.results.find((x) => x.stmt === i);
  const kind = r?.resolution?.kind;
  if (kind !== "stdlib" && kind !== "first-party") return false;
  return r!.names.every((n) => n.verdict.kind === "ok") && r!.stdlibMissing.length === 0;
}

/**
 * Import lines of the model that bind `names` (only those names), rebuilt from its facts; null when one of them is not
 * clean (a third-party import: a scaffold must import wherever its importers do, installed packages or not).
 */
function importsFor(fx: FixContext, model: string, facts: ModuleFacts, names: Set<string>): string[] | null {
  const out: string[] = [];
  for (const i of facts.imports) {
    if (i.context.scope !== "module" || i.future) continue;
    if (i.kind === "from") {
      const kept = i.names.filter((n) => names.has(n.alias ?? n.name));
      if (!kept.length) continue;
      if (!clean(fx, model, i)) return null;
      out.push(`from ${".".repeat(i.level)}${i.module} import ${kept.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name)).join(", ")}`);
    } else if (names.has(i.alias ?? i.module.split(".")[0]!)) {
      if (!clean(fx, model, i)) return null;
      out.push(`import ${i.module}${i.alias ? ` as ${i.alias}` : ""}`);
    }
  }
  return [...new Set(out)];
}

export interface ScaffoldRequest {
  /** The package directory the module goes in, and its dotted name. */
  dir: string;
  packageName: string;
  name: string;
  /** Attributes importers read from the new module. */
  attributes: string[];
  /** Sibling module files the importer uses the same way (imported in the same statement), best models first. */
  peers: string[];
  importers: string[];
}

/** The content of the new module: sibling definitions where one serves as a model, template placeholders for the rest. */
export async function scaffoldModule(fx: FixContext, req: ScaffoldRequest): Promise<string> {
  const t = loadRule<Templates>("templates/scaffold.json");
  const module = `${req.packageName}.${req.name}`;
  const siblings = req.peers.length > 0 ? req.peers : [...fx.cc.fs.list(req.dir)].filter(([n, k]) => k === "file" && n.endsWith(".py") && n !== "__init__.py" && n !== `${req.name}.py`).map(([n]) => path.join(req.dir, n)).sort();
  const models = siblings.filter((s) => fx.cc.factsOf(s));
  for (const m of models) fx.cc.nameUses.all(m); // what they define is the model
  // What every sibling defines at module level is what its importers treat them as providing (a router, a setup()).
  const common = models.length >= 2 ? [...new Set(fx.cc.factsOf(models[0]!)!.bindings.filter((b) => !b.conditional && (b.kind === "assign" || b.kind === "def" || b.kind === "class")).map((b) => b.name))]
    .filter((n) => !n.startsWith("_") && models.every((m) => fx.cc.factsOf(m)!.bindings.some((b) => b.name === n && !b.conditional))) : [];
  const wanted = [...new Set([...req.attributes, ...common])];
  const imports = new Set<string>();
  const defs: string[] = [];
  let modelUsed: string | null = null;
  for (const name of wanted) {
    let done = false;
    for (const m of models) {
      const facts = fx.cc.factsOf(m)!;
      const b = facts.bindings.find((x) => x.name === name && !x.conditional);
      if (!b) continue;
      const stem = path.basename(m, ".py");
      if (b.kind === "assign") {
        const a = (await assignments(fx, m)).get(name);
        if (!a) continue;
        // Strings that name the sibling (a route prefix, a tag, a logger name) name the new module instead.
        let text = a.text;
        for (const [s, e] of [...a.strings].reverse()) text = text.slice(0, s) + text.slice(s, e).replace(new RegExp(`\\b${stem}\\b`, "g"), req.name) + text.slice(e);
        const lines = importsFor(fx, m, facts, new Set(a.reads));
        if (lines === null) continue; // not a model: its definition needs a third-party import
        for (const line of lines) imports.add(line);
        defs.push(text + "\n");
      } else if (b.kind === "def") defs.push(fill(t.function, { name, module }));
      else if (b.kind === "class") defs.push(fill(t.class, { name, sibling: path.basename(m) }));
      else continue;
      modelUsed ??= path.basename(m);
      done = true;
      break;
    }
    if (!done) defs.push(fill(t.value, { name, module }));
  }
  return fill(t.module, {
    module,
    model: modelUsed ? fill(t.modelNote, { sibling: modelUsed }) : "",
    importers: req.importers.join(", "),
    imports: imports.size ? [...imports].join("\n") + "\n\n" : defs.length ? "\n" : "",
    definitions: defs.join("\n"),
  });
}
