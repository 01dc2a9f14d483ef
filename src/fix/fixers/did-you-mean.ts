// IMP001 / IMP008 fixes: the one dot count, or the one close module path, that would resolve (unsafe).
import type { RawDiagnostic } from "../../diagnostic.js";
import { submoduleNames } from "../../checks/describe.js";
import { closeMatches } from "../../checks/similar.js";
import { resolveRelative } from "../../resolve/imports.js";
import path from "node:path";
import { lineText } from "../source.js";
import { moveIntoPackage } from "./into-package.js";
import type { Fix } from "../types.js";
import type { FixContext, Fixer, Origin } from "./context.js";

/** The range of the dotted path as written (`..a.b`, without ` as x`), when the source spells it plainly. */
function pathEdit(fx: FixContext, { file, result }: Origin, newPath: string, description: string): Fix | null {
  const stmt = result.stmt;
  const written = ".".repeat(stmt.level) + stmt.module;
  const line = [...lineText(fx.source(file.ctx.abs)!.text, stmt.moduleRange.line)];
  if (line.slice(stmt.moduleRange.column - 1, stmt.moduleRange.column - 1 + written.length).join("") !== written) return null;
  const range = { line: stmt.moduleRange.line, column: stmt.moduleRange.column, endLine: stmt.moduleRange.line, endColumn: stmt.moduleRange.column + written.length };
  return { safety: "unsafe", description, edits: [{ path: file.ctx.rel, range, newText: newPath }], fileOps: [] };
}

/** Whether `from <abs> import names` (or `import abs`) would work from this file. */
function works(fx: FixContext, origin: Origin, abs: string): boolean {
  const r = fx.resolver.resolve(abs, origin.file.ctx.search);
  if (r.kind !== "first-party") return false;
  const target = r.chain[r.chain.length - 1]!;
  return origin.result.stmt.names.every((n) => n.name === "*" || fx.analyzer.nameVerdict(target, n.name).kind !== "missing");
}

/**
 * `from globals import x` in pkg/mod.py, where pkg/globals.py exists: `from .globals import x`; `import helpers [as h]`
 * (one name, undotted): `from . import helpers [as h]`. Only when the relative form resolves with every name.
 */
function oneDotMore(fx: FixContext, origin: Origin): Fix | null {
  const { file, result } = origin;
  const stmt = result.stmt;
  const id = file.ctx.identities[0];
  if (stmt.level !== 0 || !id || !id.name.includes(".") || id.isPackageInit || !fx.source(file.ctx.abs)) return null;
  const pkg = id.name.split(".").slice(0, -1).join(".");
  if (!works(fx, origin, `${pkg}.${stmt.module}`)) return null;
  const description = `Import \`${stmt.module}\` relatively (\`${pkg}.${stmt.module}\`, beside this file)`;
  if (stmt.kind === "from") {
    const fix = pathEdit(fx, origin, `.${stmt.module}`, description);
    return fix && { ...fix, strategy: "dot-count" };
  }
  // `import a` alone on its statement: the whole statement becomes a from-import.
  const text = fx.source(file.ctx.abs)!.text;
  const siblings = (fx.cc.factsOf(file.ctx.abs)?.imports ?? []).filter((i) => i.range.line === stmt.range.line && i.range.column === stmt.range.column);
  if (stmt.module.includes(".") || siblings.length !== 1 || stmt.range.line !== stmt.range.endLine) return null;
  const line = [...lineText(text, stmt.range.line)];
  const written = line.slice(stmt.range.column - 1, stmt.range.endColumn - 1).join("");
  if (!/^import\s+\w+(\s+as\s+\w+)?$/.test(written)) return null;
  return { strategy: "dot-count", safety: "unsafe", description, edits: [{ path: file.ctx.rel, range: stmt.range, newText: `from . import ${stmt.module}${stmt.alias ? ` as ${stmt.alias}` : ""}` }], fileOps: [] };
}

export const fixUnresolvedImport: Fixer = async (d, origin, fx) => {
  if (origin.result.resolution?.kind === "not-found-top") return [oneDotMore(fx, origin)].filter((f): f is Fix => f !== null);
  const missing = origin.result.resolution?.kind === "missing";
  const dots = missing ? dotCount(fx, origin) : null;
  // `pkg/licenses.py` beside `pkg/licenses/` (no __init__.py) whose `from ._spdx import x` names `licenses/_spdx.py`:
  // the file was that package's __init__.py.
  const into = missing ? intoShadowedDirectory(fx, origin) : null;
  const close = await didYouMean(d, origin, fx);
  return [dots, into, close].filter((f): f is Fix => f !== null);
};

async function didYouMean(_d: RawDiagnostic, origin: Origin, fx: FixContext): Promise<Fix | null> {
  const { result } = origin;
  const r = result.resolution;
  if (!r || r.kind !== "missing" || !result.absolute || !fx.source(origin.file.ctx.abs)) return null;
  // `import a.bb` binds `a`: the code reads `a.bb.x`, which a new path in the import alone would not change.
  if (result.stmt.kind === "import" && !result.stmt.alias) return null;
  const parent = r.chain[r.chain.length - 1]!;
  const failed = r.failedName.split(".");
  const part = failed[failed.length - 1]!;
  const siblings = submoduleNames(fx.cc, parent.searchDirs);
  const candidates = closeMatches(part, siblings, 3).filter((c) => {
    const abs = result.absolute!.split(".");
    abs[failed.length - 1] = c;
    return works(fx, origin, abs.join("."));
  });
  if (candidates.length !== 1) return null;
  const stmt = result.stmt;
  // The failing component's position within the path as written (a relative import writes fewer components).
  const written = stmt.module.split(".");
  const offset = result.absolute.split(".").length - written.length;
  const index = failed.length - 1 - offset;
  if (index < 0 || index >= written.length) return null;
  written[index] = candidates[0]!;
  const fix = pathEdit(fx, origin, ".".repeat(stmt.level) + written.join("."), `Import \`${[...r.failedName.split(".").slice(0, -1), candidates[0]].join(".")}\` (did you mean it?)`);
  return fix && { ...fix, strategy: "did-you-mean" };
}

/**
 * The one other dot count at which a relative import resolves to a module that has every imported name, as a fix.
 * An absolute import only into the file's own top-level package: any other would resolve only where the right
 * directory happens to be on sys.path (one test layout).
 */
function dotCount(fx: FixContext, origin: Origin): Fix | null {
  const { file, result } = origin;
  const stmt = result.stmt;
  if (stmt.level === 0 || !fx.source(file.ctx.abs)) return null;
  const id = file.ctx.identities[0];
  const pkg = id ? (id.isPackageInit ? id.name : id.name.split(".").slice(0, -1).join(".")) : "";
  const depth = pkg ? pkg.split(".").length : 0;
  const options: { path: string; abs: string }[] = [];
  for (let level = 1; level <= depth; level++) {
    if (level === stmt.level) continue;
    const r = resolveRelative(pkg, stmt.module, level);
    if (r.ok && works(fx, origin, r.name)) options.push({ path: ".".repeat(level) + stmt.module, abs: r.name });
  }
  // An absolute path only into the file's own top-level package, under every name the file is imported as: it then
  // resolves wherever the file itself does.
  const top = stmt.module.split(".")[0]!;
  const ownTop = file.ctx.identities.length > 0 && file.ctx.identities.every((i) => i.name.split(".")[0] === top);
  if (options.length === 0 && stmt.module && ownTop && works(fx, origin, stmt.module)) options.push({ path: stmt.module, abs: stmt.module });
  if (options.length !== 1) return null;
  const fix = pathEdit(fx, origin, options[0]!.path, `Import from \`${options[0]!.path}\` (\`${options[0]!.abs}\`), the one dot count that resolves`);
  return fix && { ...fix, strategy: "dot-count" };
}

/**
 * A module file beside a directory of its own name without `__init__.py` (a package's `__init__.py` moved out of
 * it, `pkg.py` beside `pkg/`), whose relative import names a module of that directory: it moves back in.
 */
function intoShadowedDirectory(fx: FixContext, origin: Origin): Fix | null {
  const { file, result } = origin;
  const abs = file.ctx.abs;
  if (!abs.endsWith(".py") || path.basename(abs) === "__init__.py" || result.stmt.level !== 1) return null;
  const dir = abs.slice(0, -3);
  if (!fx.cc.fs.isDir(dir) || fx.cc.fs.isFile(path.join(dir, "__init__.py"))) return null;
  // `from .sub import x` names `sub`; `from . import a, b` names `a` and `b`.
  const named = result.stmt.module ? [result.stmt.module.split(".")[0]!] : result.stmt.names.map((n) => n.name);
  const exists = (n: string): boolean => fx.cc.fs.isFile(path.join(dir, `${n}.py`)) || fx.cc.fs.isDir(path.join(dir, n));
  if (named.length === 0 || !named.every(exists)) return null;
  const facts = fx.cc.factsOf(abs);
  const src = fx.source(abs);
  if (!facts || !src || facts.syntaxErrors.length > 0) return null;
  const { fileOps, edits, risky } = moveIntoPackage(fx, abs, dir, facts, src.text);
  return { strategy: "move", safety: risky ? "unsafe" : "safe", description: `Move ${fx.rel(abs)} to ${fileOps[0]!.to}: its relative imports name modules of ${fx.rel(dir)}/, which it shadows`, edits, fileOps };
}

export const fixRelativeImportError: Fixer = async (_d, origin, fx) => [intoShadowedDirectory(fx, origin), dotCount(fx, origin)].filter((f): f is Fix => f !== null);
