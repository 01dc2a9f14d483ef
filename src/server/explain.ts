// "Why does this import resolve here": an import statement at a position, what it reaches in its file's context (or
// what was searched), with which sys.path; and the file a module name goes to.
import path from "node:path";
import type { FileAnalysis } from "../checks/types.js";
import { statementText } from "../checks/describe.js";
import type { RawDiagnostic } from "../diagnostic.js";
import type { RootCause } from "../graph/impact.js";
import type { Range } from "../parse/facts.js";
import type { ImportResult } from "../resolve/imports.js";
import type { ResolvedModule, SearchEntry } from "../resolve/resolver.js";

const within = (r: Range, line: number, column: number): boolean =>
  (line > r.line || (line === r.line && column >= r.column)) && (line < r.endLine || (line === r.endLine && column <= r.endColumn));

/** The import at a 1-based line and code-point column of a file, if any. */
export function importAt(file: FileAnalysis, line: number, column: number): ImportResult | null {
  return file.results.find((r) => within(r.stmt.range, line, column)) ?? null;
}

/** The file a position of an import goes to: the module its name there reaches (a submodule for `from m import sub`). */
export function definitionAt(r: ImportResult, line: number, column: number): string | null {
  const res = r.resolution;
  if (!res) return null;
  const chain: ResolvedModule[] = "chain" in res ? res.chain : res.kind === "third-party" ? [res.top] : [];
  const name = r.stmt.names.find((n) => within(n.range, line, column));
  if (name && chain.length > 0 && res.kind === "first-party") {
    const last = chain[chain.length - 1]!;
    for (const dir of last.searchDirs) {
      for (const candidate of [path.join(dir, name.name, "__init__.py"), path.join(dir, `${name.name}.py`)]) if (r.submoduleFiles.includes(candidate)) return candidate;
    }
  }
  // The module path: the component under the cursor (`a.b.c`: each component is one module of the chain; a relative
  // import's components are the last ones of its absolute name's chain).
  if (within(r.stmt.moduleRange, line, column) && chain.length > 0) {
    const comps = r.stmt.module ? r.stmt.module.split(".") : [];
    const offset = (line === r.stmt.moduleRange.line ? column - r.stmt.moduleRange.column : 0) - r.stmt.level;
    const at = offset <= 0 ? 0 : r.stmt.module.slice(0, offset).split(".").length - 1;
    for (let i = Math.max(0, chain.length - comps.length + at); i < chain.length; i++) if (chain[i]!.file) return chain[i]!.file;
  }
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i]!.file) return chain[i]!.file;
  return null;
}

const shown = (root: string, abs: string): string => {
  const r = path.relative(root, abs).split(path.sep).join("/");
  return r === "" ? "." : r.startsWith("..") ? abs : r;
};

function entryText(root: string, e: SearchEntry): string {
  const why: Record<SearchEntry["kind"], string> = { "pytest-rootdir": "pytest's rootdir/basedir insertion", "script-dir": "the script's directory", pythonpath: "pytest's pythonpath", configured: "a configured root", project: "the installed project", "site-packages": "site-packages" };
  return `\`${shown(root, e.dir) + (e.dir === root ? "" : "/")}\` (${why[e.kind]})`;
}

/** Markdown for a hover over an import. */
/** Root causes, with the diagnostics (of the analysis that found them) their indices point into. */
export interface Impact {
  causes: RootCause[];
  diagnostics: RawDiagnostic[];
}

/** `impact`: root causes from an analysis of the same state (its diagnostics are matched by place, rule and message). */
export function hoverText(root: string, file: FileAnalysis, r: ImportResult, findings: RawDiagnostic[], impact?: Impact): string {
  const same = (a: RawDiagnostic, b: RawDiagnostic): boolean => a.path === b.path && a.line === b.line && a.column === b.column && a.code === b.code && a.message === b.message;
  const out: string[] = [`**import-doctor** · \`${statementText(r.stmt)}\``, "", `*${file.ctx.describe}*`, ""];
  const res = r.resolution;
  const module = r.absolute ?? r.stmt.module;
  if (r.relative?.kind === "error") out.push(`Relative import fails: ${r.relative.message} (${r.relative.detail}).`);
  else if (!res) out.push(`\`${module}\` is not resolved.`);
  else if (res.kind === "first-party") {
    const last = res.chain[res.chain.length - 1]!;
    out.push(`\`${module}\` resolves to ${last.file ? `\`${shown(root, last.file)}\`` : `the namespace package at ${last.searchDirs.map((d) => `\`${shown(root, d)}/\``).join(", ")}`}, found through ${entryText(root, res.chain[0]!.entry)}.`);
  } else if (res.kind === "stdlib") out.push(`\`${module}\` is the standard library's${res.builtin ? " (built in)" : ""}${res.missing ? `, which has no submodule \`${res.missing.failedName}\` on this version` : ""}.`);
  else if (res.kind === "third-party") out.push(`\`${module}\` is installed: \`${res.top.file ? shown(root, res.top.file) : res.top.name}\`, found through ${entryText(root, res.entry)}.`);
  else if (res.kind === "not-found-top") out.push(`\`${module.split(".")[0]}\` is found nowhere. Searched: ${res.searched.map((e) => entryText(root, e)).join(", ") || "nothing"}, and the standard library.`);
  else if (res.kind === "missing") out.push(`\`${res.failedName}\` does not exist. Searched: ${res.searched.map((d) => `\`${shown(root, d)}/\``).join(", ")}.`);
  else if (res.kind === "not-a-package") out.push(`\`${res.parent.name}\` is a module, not a package: it has no submodule \`${res.failedName}\`.`);
  else out.push(`\`${module}\` cannot be followed statically: ${res.reason}.`);
  const search = file.ctx.search;
  out.push("", "sys.path here:", ...[...search.before.map((e) => entryText(root, e)), "the standard library", ...search.after.map((e) => entryText(root, e))].map((t, i) => `${i + 1}. ${t}`));
  for (const d of findings) {
    out.push("", `**${d.code}** ${d.message}`);
    if (d.runtimeError) out.push("", `\`${d.runtimeError}\``);
    const cause = impact?.causes.find((c) => c.diagnostics.some((i) => impact.diagnostics[i] !== undefined && same(d, impact.diagnostics[i]!)));
    const blocked = cause ? (cause.certain ? cause.blockedTests : cause.mayBlockTests) : [];
    if (blocked.length > 0) out.push("", `${cause!.certain ? "Blocks" : "May block"} ${blocked.length} test file${blocked.length === 1 ? "" : "s"}: ${blocked.slice(0, 10).map((t) => `\`${t}\``).join(", ")}${blocked.length > 10 ? ", …" : ""}`);
  }
  return out.join("\n");
}
