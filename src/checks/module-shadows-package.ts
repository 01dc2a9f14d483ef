// IMP003 module-shadows-package: a dotted import passes through a module file, which cannot have submodules.
import { providesDynamicSubmodules, rel, shadowedDirectory } from "./describe.js";
import type { ImportRule } from "./types.js";

export const moduleShadowsPackage: ImportRule = {
  code: "IMP003",
  name: "module-shadows-package",
  summary: "A dotted import passes through a module file, not a package",
  docs: `## What it does
Flags \`import a.b.c\` and \`from a.b.c import x\` where \`a.b\` resolves to a module file (\`a/b.py\`). A module has no
\`__path__\`, so CPython cannot look for submodules in it. The usual cause is \`a/b.py\` sitting beside a directory
\`a/b/\` without \`__init__.py\`: the finder prefers the module file, and the directory is unreachable.

## Why is this bad?
CPython raises \`ModuleNotFoundError: No module named 'a.b.c'; 'a.b' is not a package\`.

## Example
\`\`\`text
pkg/performance.py
pkg/performance/response_time_monitor.py   # no pkg/performance/__init__.py
\`\`\`
\`\`\`python
from pkg.performance.response_time_monitor import get_response_time_monitor
\`\`\`

## Fix safety
Moves \`pkg/mod.py\` to \`pkg/mod/__init__.py\` (joining the directory) and adds a dot to each of its relative imports
that names something today (it keeps its meaning one level deeper); one that names nothing today but names a module
of the directory as written is left as it is (the file was that package's \`__init__.py\`).
Safe unless the module reads \`__file__\`, \`__package__\`, \`__spec__\`, \`__path__\` or edits its namespace, whose values
change with the move (then unsafe). Creating a submodule that re-exports names importers expect there is unsafe.`,
  detect(result, importer, cc) {
    const r = result.resolution;
    if (!r || r.kind !== "not-a-package") return [];
    const parent = r.parent;
    if (providesDynamicSubmodules(cc, parent, result.stmt.context.scope === "module" ? { file: importer.ctx.abs, line: result.stmt.range.line } : undefined)) return [];
    const shadowed = shadowedDirectory(cc, parent, (d) => cc.fs.list(d));
    const file = parent.file ? rel(cc, parent.file) : parent.name;
    const message = shadowed
      ? `\`${parent.name}\` is the module file ${file}, which shadows the directory ${shadowed} (it has no __init__.py), so \`${r.failedName}\` cannot be imported`
      : `\`${parent.name}\` is the module file ${file}, not a package, so \`${r.failedName}\` cannot be imported`;
    const notes: string[] = [];
    if (shadowed) {
      const sub = r.failedName.slice(parent.name.length + 1).split(".")[0]!;
      const entry = [...cc.fs.list(parent.file!.replace(/\.py$/, ""))].find(([n]) => n === sub || n === `${sub}.py`);
      const what = entry ? `${shadowed}${entry[0]}${entry[1] === "dir" ? "/" : ""} exists but is unreachable` : `${shadowed} is unreachable`;
      notes.push(`within one directory, a module file beats a directory without __init__.py (FileFinder); ${what}`);
    }
    return [{
      range: result.stmt.moduleRange,
      message,
      runtimeError: `ModuleNotFoundError: No module named '${r.failedName}'; '${parent.name}' is not a package`,
      errorClass: "ModuleNotFoundError",
      name: null,
      notes,
      severity: "error",
    }];
  },
};
