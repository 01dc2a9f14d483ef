// IMP007 circular-import: `from M import X` while M is still initializing and has not bound X yet.
import path from "node:path";
import { otherVersionExtensions, rel } from "./describe.js";
import type { CircularEntry, CircularFinding } from "../graph/simulate.js";
import type { ImportRule } from "./types.js";

export const circularImport: ImportRule = {
  code: "IMP007",
  name: "circular-import",
  summary: "A from-import of a name that a partially initialized module has not bound yet",
  docs: `## What it does
Simulates the order in which CPython runs module-level code, starting from each module that sits on an import
cycle, tracking which names each module has bound when each import statement runs. It flags \`from M import X\`
when \`M\` is still initializing (it is on the import stack) and has not yet reached the statement that binds \`X\`,
and \`X\` is not a submodule. The context names the entry module, and the notes show the cycle.

## Why is this bad?
CPython raises \`ImportError: cannot import name 'X' from partially initialized module 'M' (most likely due to a
circular import) (path)\`. Whether it does depends on which module of the cycle is imported first.

## Fix safety
Unsafe: an import of the cycle is deferred, on the failing statement or on any other import that closes the cycle
(each is a candidate, verified in turn). A name read only inside function bodies is imported inside those functions;
a name read only in annotations of a module with \`from __future__ import annotations\` is imported under
\`if TYPE_CHECKING:\`. A name used at import time, rebound, or not provided by the module at all is never deferred (a
name the module lacks but whose close spelling is one of its submodules is imported as that submodule, aliased).

## Example
\`\`\`python
# a.py                      # b.py
from b import helper        from a import CONFIG   # a is half-way through its first line
CONFIG = {}                 def helper(): ...
\`\`\``,
  detect(result, _file, cc) {
    const found = cc.circular.get(result.stmt) ?? [];
    return found.map((f) => {
      const range = f.use?.range ?? f.range ?? result.stmt.names[f.nameIndex]!.range;
      const where = f.moduleFile ?? "unknown location";
      const entries = [...new Set(f.entries.map(entryName))];
      const script = f.entries[0]?.script;
      // 3.13+ explains an error about a module whose file sits in sys.path[0] (the script's directory) as shadowing.
      const shadowing = script !== undefined && f.moduleFile !== null && path.dirname(f.moduleFile) === script.dir;
      return {
        range,
        message: f.range
          ? `\`${f.module}.${f.name}\` is neither an attribute of \`${f.module}\` nor in sys.modules when this \`import … as\` walks down to it (a failed import left a submodule behind)`
          : f.use?.submodule
          ? `\`${f.module}.${f.name}\` is still initializing when it is read here as an attribute of \`${f.module}\` (circular import)`
          : f.use
          ? `\`${f.module}\` is still initializing when \`${f.module}.${f.name}\` is read here and has not bound \`${f.name}\` yet (circular import)`
          : f.attribute
          ? `\`${f.module}.__all__\` lists \`${f.name}\`, which it has not bound when this star import runs${f.partial ? " (circular import)" : ""}`
          : f.partial
          ? `\`${f.module}\` is still initializing when this runs and has not bound \`${f.name}\` yet (circular import)`
          : cc.definedIn(f.name).length === 0
          ? `\`${f.module}\` does not define \`${f.name}\`, and no module its star imports copy from does: it is missing whatever order its import cycle runs in`
          : `\`${f.module}\` has not bound \`${f.name}\` when this runs: a star import in its import cycle copies names in whatever order the cycle runs`,
        runtimeError: f.attribute ? attributeError(f, cc.minor, shadowing && cc.stdlib.has(f.module) ? "stdlib" : shadowing ? "other" : null) : importError(f, where, cc.minor, shadowing && cc.stdlib.has(f.module) ? "stdlib" : shadowing ? "other" : null),
        errorClass: f.attribute ? ("AttributeError" as const) : ("ImportError" as const),
        name: f.name,
        notes: [
          `import cycle: ${[...f.stack, f.use?.submodule ? `${f.module}.${f.name}` : f.module].join(" -> ")}`,
          script && f.moduleFile === path.join(script.dir, path.basename(script.shown))
            ? `\`python ${script.shown}\` runs the file as __main__, and \`${f.module}\` imports it again (the script's directory comes first on sys.path): it has the same name as the module it means to import`
            : script
            ? `fails when \`python ${script.shown}\` runs`
            : `fails when ${entries[0]} is imported before the rest of the cycle${entries.length > 1 ? ` (also from ${entries.slice(1, 4).join(", ")}${entries.length > 4 ? ", ..." : ""})` : ""}`,
          ...(f.moduleFile ? [`${f.module} is ${rel(cc, f.moduleFile)}`] : []),
          // The name it lacks may be a submodule that exists only for another Python (a package's extension).
          ...(f.moduleFile && path.basename(f.moduleFile) === "__init__.py" ? otherVersionExtensions(cc, [path.dirname(f.moduleFile)], f.name) : []),
        ],
        // A module found nowhere ran first: if it is missing, CPython fails there instead.
        severity: f.uncertain ? ("warning" as const) : ("error" as const),
        contextOverride: script ? `when \`python ${script.shown}\` runs` : `when ${entries[0]} is imported first`,
        ...(f.use ? { site: { context: f.use.context, lines: [f.use.range.line, f.use.range.endLine] as [number, number] } } : {}),
      };
    });
  },
};

const entryName = (e: CircularEntry): string => (e.script ? `python ${e.script.shown}` : e.name);

/** A module file in sys.path[0] (3.13's _PyModule_IsPossiblyShadowing), named like a standard-library module or not. */
type Shadowing = "stdlib" | "other" | null;

/** module_getattro's wording, which changed in 3.11 (uninitialized submodules) and 3.13 (the module's origin, shadowing). */
function attributeError(f: CircularFinding, minor: number, shadowing: Shadowing): string {
  const circular = " (most likely due to a circular import)";
  if (f.use?.submodule && minor >= 11) return `AttributeError: cannot access submodule '${f.name}' of module '${f.module}'${circular}`;
  if (minor >= 13 && shadowing === "stdlib") return `AttributeError: module '${f.module}' has no attribute '${f.name}' (consider renaming '${f.moduleFile}' since it has the same name as the standard library module named '${f.module}' and the import system gives it precedence)`;
  if (!f.partial) return `AttributeError: module '${f.module}' has no attribute '${f.name}'`;
  if (minor >= 13 && shadowing === "other") return `AttributeError: module '${f.module}' has no attribute '${f.name}' (consider renaming '${f.moduleFile}' if it has the same name as a third-party module you intended to import)`;
  const origin = minor >= 13 && f.moduleFile ? ` from '${f.moduleFile}'` : "";
  return `AttributeError: partially initialized module '${f.module}'${origin} has no attribute '${f.name}'${circular}`;
}

/** import_from's wording; 3.14 explains shadowing as 3.13 does for attributes. */
function importError(f: CircularFinding, where: string, minor: number, shadowing: Shadowing): string {
  if (minor >= 14 && shadowing === "stdlib") return `ImportError: cannot import name '${f.name}' from '${f.module}' (consider renaming '${f.moduleFile}' since it has the same name as the standard library module named '${f.module}' and prevents importing that standard library module)`;
  if (!f.partial) return `ImportError: cannot import name '${f.name}' from '${f.module}' (${where})`;
  if (minor >= 14 && shadowing === "other") return `ImportError: cannot import name '${f.name}' from '${f.module}' (consider renaming '${f.moduleFile}' if it has the same name as a library you intended to import)`;
  return `ImportError: cannot import name '${f.name}' from partially initialized module '${f.module}' (most likely due to a circular import) (${where})`;
}
