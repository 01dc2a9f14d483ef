// IMP002's fixes: re-export from a submodule, import from the one module that defines the name, a did-you-mean, a scaffold or a removal.
import path from "node:path";
import type { FileAnalysis } from "../../checks/types.js";
import type { ImportedName, ImportStatement } from "../../parse/facts.js";
import { closeMatches } from "../../checks/similar.js";
import type { ResolvedModule } from "../../resolve/resolver.js";
import { scaffoldModule } from "../scaffold.js";
import { lineText, offsetAt, spanEdit } from "../source.js";
import type { Fix, TextEdit } from "../types.js";
import type { FixContext, Fixer } from "./context.js";

const IDENT = /^[A-Za-z_]\w*$/;

/** The dotted name under which `abs` is importable from `file`'s search path, if any. */
function importableAs(fx: FixContext, file: FileAnalysis, abs: string): string | null {
  const target = fx.byAbs.get(abs);
  for (const id of target?.ctx.identities ?? []) {
    const r = fx.resolver.resolve(id.name, file.ctx.search);
    if (r.kind === "first-party" && r.chain[r.chain.length - 1]!.file === abs) return id.name;
  }
  return null;
}

/** Whether `file`'s module-level imports reach the package `pkg` (adding `from .x import n` to pkg would close a cycle). */
function importsPackage(fx: FixContext, file: string, pkg: string): boolean {
  const f = fx.byAbs.get(file);
  return (f?.results ?? []).some((r) => r.stmt.context.scope !== "function" && r.absolute !== null && (r.absolute === pkg || (r.absolute.startsWith(`${pkg}.`) && r.resolution?.kind === "first-party" && r.resolution.chain.some((m) => m.name === pkg && m.file !== null))));
}

/** Edits that take `n` out of `stmt` (the whole statement when it is the only name), or null when that is not expressible. */
async function removeName(fx: FixContext, rel: string, stmt: ImportStatement, n: ImportedName, replacement: string | null): Promise<TextEdit[] | null> {
  const src = fx.source(rel)!;
  const names = stmt.names;
  const i = names.indexOf(n);
  const edits: TextEdit[] = [];
  if (names.length > 1) {
    const [s, e] = i > 0
      ? [offsetAt(src.text, names[i - 1]!.range.endLine, names[i - 1]!.range.endColumn), offsetAt(src.text, n.range.endLine, n.range.endColumn)]
      : [offsetAt(src.text, n.range.line, n.range.column), offsetAt(src.text, names[1]!.range.line, names[1]!.range.column)];
    edits.push(spanEdit(rel, src.text, s, e, ""));
    if (replacement !== null) {
      const first = lineText(src.text, stmt.range.line);
      const indent = first.slice(0, stmt.range.column - 1);
      if (indent.trim() !== "") return null; // `if x: from a import b` has no line of its own
      const endLine = lineText(src.text, stmt.range.endLine);
      edits.push({ path: rel, range: { line: stmt.range.endLine, column: [...endLine].length + 1, endLine: stmt.range.endLine, endColumn: [...endLine].length + 1 }, newText: `\n${indent}${replacement}` });
    }
    return edits;
  }
  if (replacement !== null) return [{ path: rel, range: stmt.range, newText: replacement }];
  // The only name: the statement goes, or becomes `pass` when it is the only statement of its block.
  const start = offsetAt(src.text, stmt.range.line, stmt.range.column);
  const alone = await fx.withTree(rel, (root) => {
    const node = root.descendantForIndex(start);
    let s: typeof node | null = node;
    while (s && s.type !== "import_from_statement") s = s.parent;
    const block = s?.parent;
    return block?.type === "block" && block.namedChildren.filter((c) => c && c.type !== "comment").length === 1;
  });
  if (alone) return [{ path: rel, range: stmt.range, newText: "pass" }];
  const line = lineText(src.text, stmt.range.line);
  const last = lineText(src.text, stmt.range.endLine);
  const wholeLines = line.slice(0, stmt.range.column - 1).trim() === "" && [...last].slice(stmt.range.endColumn - 1).join("").trim() === "";
  if (!wholeLines) return [{ path: rel, range: stmt.range, newText: "pass" }];
  const s = offsetAt(src.text, stmt.range.line, 1);
  const nextLine = offsetAt(src.text, stmt.range.endLine + 1, 1);
  return [spanEdit(rel, src.text, s, nextLine, "")];
}

function importLine(module: string, n: ImportedName): string {
  return `from ${module} import ${n.alias ? `${n.name} as ${n.alias}` : n.name}`;
}

export const fixUnknownImportName: Fixer = async (d, { file, result }, fx) => {
  const nr = result.names.find((x) => x.name.name === d.name && x.verdict.kind === "missing");
  if (!nr || nr.verdict.kind !== "missing") return null;
  const target: ResolvedModule = nr.verdict.target;
  const n = nr.name;
  const stmt = result.stmt;
  const rel = file.ctx.rel;
  if (!fx.source(rel)) return null;
  const definers = fx.cc.definedIn(n.name).filter((f) => f !== target.file && f !== file.ctx.abs);
  const pkgDir = target.kind === "package" || target.kind === "namespace" ? target.searchDirs[0] : undefined;

  // (c) A submodule of the package defines it: the package re-exports it.
  if (pkgDir && target.kind === "package" && target.file) {
    const inside = definers.filter((f) => f.startsWith(pkgDir + path.sep));
    if (inside.length === 1) {
      const sub = path.relative(pkgDir, inside[0]!).replace(/\.py$/, "").replace(/[\\/]__init__$/, "").split(path.sep);
      // The defining file must be what `pkg.sub` imports (not a file behind a shadowing module, say).
      const reached = sub.every((s) => IDENT.test(s)) ? fx.resolver.resolve(`${target.name}.${sub.join(".")}`, file.ctx.search) : null;
      if (reached?.kind === "first-party" && reached.chain[reached.chain.length - 1]!.file === inside[0]) {
        const init = fx.source(target.file);
        if (init) {
          const cyclic = importsPackage(fx, inside[0]!, target.name);
          const tail = init.text.length === 0 || init.text.endsWith("\n") ? "" : "\n";
          const end = init.text.length;
          return {
            safety: cyclic ? "unsafe" : "safe",
            description: `Re-export \`${n.name}\` from \`.${sub.join(".")}\` in ${fx.rel(target.file)}${cyclic ? ` (${fx.rel(inside[0]!)} imports ${target.name}: a cycle)` : ""}`,
            edits: [spanEdit(fx.rel(target.file), init.text, end, end, `${tail}from .${sub.join(".")} import ${n.name}\n`)],
            fileOps: [],
          };
        }
      }
    }
  }
  // (a) Exactly one other first-party module defines it: import it from there.
  if (definers.length === 1) {
    const module = importableAs(fx, file, definers[0]!);
    if (module && module !== target.name) {
      const edits = await removeName(fx, rel, stmt, n, importLine(module, n));
      if (edits) return { safety: "unsafe", description: `Import \`${n.name}\` from \`${module}\` (${fx.rel(definers[0]!)}), which defines it`, edits, fileOps: [] };
    }
  }
  // (b) A close name: shown, never applied.
  const close = closeMatches(n.name, [...nr.verdict.bound, ...nr.verdict.submodules], 1);
  if (close.length === 1 && definers.length === 0) {
    return { safety: "display-only", description: `Did you mean \`${close[0]}\`?`, edits: [{ path: rel, range: { line: n.range.line, column: n.range.column, endLine: n.range.line, endColumn: n.range.column + [...n.name].length }, newText: close[0]! }], fileOps: [] };
  }
  if (definers.length > 0) return null;
  // (d) Nothing defines it: drop it when the importer never uses it, else scaffold the module importers expect.
  const bound = n.alias ?? n.name;
  const use = await fx.use(rel, bound);
  if (!use.used) {
    const edits = await removeName(fx, rel, stmt, n, null);
    if (edits) return { safety: "unsafe", description: `Remove the unused \`${n.name}\` from the import`, edits, fileOps: [] };
    return null;
  }
  // A called or subclassed name is a function or class: a new module of that name would not be what importers need.
  if (!pkgDir || !IDENT.test(n.name) || use.called) return null;
  const peers = result.names.filter((x) => x.verdict.kind === "ok" && x.verdict.submodule?.kind === "module" && x.verdict.submodule.file).map((x) => (x.verdict as { submodule: ResolvedModule }).submodule.file!);
  // Every importer of the same missing name shapes the module.
  const importers: string[] = [];
  const attributes = new Set(use.attributes);
  for (const other of fx.importersOfMissing(target.file ?? target.name, n.name)) {
    importers.push(other.file.ctx.rel);
    if (other.file === file) continue;
    const u = await fx.use(other.file.ctx.abs, other.name.name.alias ?? other.name.name.name);
    if (u.called) return null;
    for (const a of u.attributes) attributes.add(a);
  }
  const created = fx.rel(path.join(pkgDir, `${n.name}.py`));
  const content = await scaffoldModule(fx, { dir: pkgDir, packageName: target.name, name: n.name, attributes: [...attributes], peers, importers: [...new Set(importers)].sort() });
  const fix: Fix = { safety: "unsafe", description: `Create ${created}, scaffolded from how importers use \`${target.name}.${n.name}\``, edits: [], fileOps: [{ op: "create", path: created, content }] };
  return fix;
};
