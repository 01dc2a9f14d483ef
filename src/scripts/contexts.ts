// Which files run as scripts (`python tools/report.py`): `__main__`, no package, their directory first on sys.path.
// A file says so itself (`if __name__ == "__main__":`, a `#!` line), or the configuration's `scripts` globs do, or a
// command of the repository runs it (`python tools/x.py` in a Makefile, tox.ini or CI workflow: commands.ts). A file
// outside every regular package and outside the project roots (`tools/x.py`, `examples/x.py`) that no other
// first-party file imports, in a directory no import treats as a namespace package (`import company.plugins`), and
// that imports nothing relatively (which only a module of a namespace package can), can only be run: it is judged as a script whatever it says. So is a file with no
// dotted name at all (`gen-docs.py`). A top-level module or an imported one that says it runs as a script keeps its
// module context and is judged as a script too (a second context: `extra`).
import path from "node:path";
import type { FileAnalysis } from "../checks/types.js";
import type { ContextBuilder, FileContext } from "../discover/contexts.js";
import { compileGlob } from "../discover/glob.js";

export interface ScriptRuns {
  /** Script contexts of files whose module context stays the primary one. */
  extra: FileContext[];
}

/** Replaces the context of each file that only runs as a script (in place); returns the other script contexts. */
/** `reached`: the files some statement of another file runs, and the directories of namespace packages imported. */
export function scriptRuns(files: FileAnalysis[], builder: ContextBuilder, named: { globs: string[]; commands: ReadonlySet<string> }, reached: ReadonlySet<string>): ScriptRuns {
  const matchers = named.globs.map((g) => compileGlob(g));
  const extra: FileContext[] = [];
  for (const f of files) {
    const ctx = f.ctx;
    if (ctx.kind !== "module" || ctx.script !== undefined || !f.facts || ctx.unreachable) continue;
    const configured = named.commands.has(ctx.rel) || matchers.some((m) => m(ctx.rel));
    if (ctx.identities.length === 0) {
      f.ctx = builder.scriptContext(ctx.rel);
      continue;
    }
    const place = builder.placeOf(ctx.rel);
    if (place === "loose") {
      // A relative import says the file is a module of its namespace package (a script has no package).
      if (!reached.has(ctx.abs) && !inImportedNamespace(ctx.abs, builder.absOf(""), reached) && !f.facts.imports.some((s) => s.level > 0)) {
        f.ctx = builder.scriptContext(ctx.rel);
        continue;
      }
      // Imported, but perhaps only by a test or a script of its directory, by a name that directory gives it
      // (`import helpers`): what its own imports find there is looked up last, so that it changes nothing else
      // (and never the file itself).
      if (reached.has(ctx.abs)) f.ctx = ownDirLast(ctx);
    }
    // A module of a regular package that tests `__name__` is run with `python -m`, as a module: only the
    // configuration or a command makes it a script there.
    if (configured || (place !== "package" && f.facts.script !== undefined)) extra.push(builder.scriptContext(ctx.rel));
  }
  return { extra };
}

/** A module outside packages and roots that another file imports: its own directory searched last (see above). */
export function ownDirLast(ctx: FileContext): FileContext {
  // Searched for its siblings, never for the module itself under another name (resolver.ts: `except`).
  return { ...ctx, search: { ...ctx.search, after: [...ctx.search.after, { dir: path.dirname(ctx.abs), kind: "script-dir", except: ctx.abs }] } };
}

/** Whether a directory holding the file, below the repository root, is a namespace package some import reaches. */
function inImportedNamespace(abs: string, root: string, reached: ReadonlySet<string>): boolean {
  for (let d = path.dirname(abs); d.startsWith(root + path.sep); d = path.dirname(d)) if (reached.has(d)) return true;
  return false;
}
