// Which files run as scripts (`python tools/report.py`): `__main__`, no package, their directory first on sys.path.
// A file says so itself (`if __name__ == "__main__":`, a `#!` line) or the configuration's `scripts` globs do. A file
// outside every regular package and outside the project roots (`tools/x.py`, `examples/x.py`) that no first-party
// module imports by its dotted name can only be run: it is judged as a script whatever it says. So is a file with no
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
export function scriptRuns(files: FileAnalysis[], builder: ContextBuilder, globs: string[], importedAs: Map<string, Set<string>>): ScriptRuns {
  const matchers = globs.map((g) => compileGlob(g));
  const extra: FileContext[] = [];
  for (const f of files) {
    const ctx = f.ctx;
    if (ctx.kind !== "module" || ctx.script !== undefined || !f.facts || ctx.unreachable) continue;
    const configured = matchers.some((m) => m(ctx.rel));
    if (ctx.identities.length === 0) {
      f.ctx = builder.scriptContext(ctx.rel);
      continue;
    }
    const place = builder.placeOf(ctx.rel);
    if (place === "loose") {
      if (!importedAs.has(ctx.abs)) {
        f.ctx = builder.scriptContext(ctx.rel);
        continue;
      }
      // Imported, but perhaps only by a test or a script of its directory, by a name that directory gives it
      // (`import helpers`): what its own imports find there is looked up last, so that it changes nothing else.
      f.ctx.search = { ...ctx.search, after: [...ctx.search.after, { dir: path.dirname(ctx.abs), kind: "script-dir" }] };
    }
    // A module of a regular package that tests `__name__` is run with `python -m`, as a module: only the
    // configuration makes it a script there.
    if (configured || (place !== "package" && f.facts.script !== undefined)) extra.push(builder.scriptContext(ctx.rel));
  }
  return { extra };
}
