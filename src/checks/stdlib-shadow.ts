// IMP006 stdlib-shadow: an import of a standard-library name that reaches a first-party module instead.
import { rel } from "./describe.js";
import type { ImportRule } from "./types.js";

export const stdlibShadow: ImportRule = {
  code: "IMP006",
  name: "stdlib-shadow",
  summary: "A first-party module that hides a standard-library module",
  docs: `## What it does
Flags imports of a standard-library module name (for the target version) that resolve to a first-party file
because a directory on the context's search path comes before the standard library: the script's own directory,
pytest's rootdir/basedir insertion, \`pythonpath\`, or a configured root. The standard-library module becomes
unreachable there. Builtin and frozen modules, and modules already imported at start-up (or by pytest before it
collects), cannot be shadowed and are never reported.

## Why is this bad?
The code gets the wrong module. Names it expects are missing (IMP002 then predicts the ImportError, which
CPython 3.13+ words as \`(consider renaming '/path/json.py' since it has the same name as the standard library
module named 'json' and prevents importing that standard library module)\`), and everything else that imports
the standard module in that process gets the first-party file too.

## Example
\`\`\`text
tests/json.py          # tests/ has no __init__.py: pytest puts tests/ first on sys.path
tests/test_api.py      # import json  ->  tests/json.py
\`\`\``,
  detect(result, _file, cc) {
    const r = result.resolution;
    if (!r || r.kind !== "first-party" || result.stmt.level > 0) return [];
    const top = r.chain[0]!;
    if (!cc.stdlib.has(top.name) || cc.stdlib.isUnshadowable(top.name)) return [];
    const where = top.file ? rel(cc, top.file) : `${rel(cc, top.searchDirs[0] ?? cc.root)}/`;
    return [{
      range: result.stmt.moduleRange,
      message: `\`${top.name}\` is the standard-library module, but here it resolves to the first-party ${where}, which hides it`,
      runtimeError: null,
      errorClass: null,
      name: null,
      notes: [`${rel(cc, top.entry.dir)} comes before the standard library on sys.path in this context; rename ${where} or move it into a package`],
      severity: "warning",
    }];
  },
};
