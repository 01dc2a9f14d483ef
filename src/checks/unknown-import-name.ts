// IMP002 unknown-import-name: `from M import n` where M exists but neither binds n nor (as a package) has a submodule n.
import { otherVersionExtensions, rel, shadowedDirectory, stdlibLocation } from "./describe.js";
import { RemovedNames } from "./removed-names.js";
import { versionRanges } from "../resolve/stdlib-names.js";
import { didYouMean } from "./similar.js";
import type { ImportRule } from "./types.js";

export const unknownImportName: ImportRule = {
  code: "IMP002",
  name: "unknown-import-name",
  summary: "A name that the imported module does not provide",
  docs: `## What it does
Flags \`from M import n\` when \`M\` resolves but does not bind \`n\` at module level (def, class, assignment, import,
\`global\`, star import) and, when \`M\` is a package, has no submodule \`n\`. Modules that define \`__getattr__\`
(PEP 562) or edit their namespace dynamically are never flagged, unless the \`__getattr__\` only serves names it
tests against string literals and raises AttributeError for every other name (a deprecation shim): then a name it
does not serve is flagged.

## Why is this bad?
CPython raises \`ImportError: cannot import name 'n' from 'M' (path)\`; \`except ModuleNotFoundError\` does not catch it.

## Example
\`\`\`python
# routers/__init__.py defines auth and players only
from .routers import auth, players, settings
\`\`\`

## Fix safety
- The name is defined in exactly one submodule of the package: re-export it from the package's \`__init__.py\`; safe
  unless that submodule imports the package (a cycle), then unsafe.
- The name is defined in exactly one other first-party module, or exactly one other package has a submodule of that
  name: import it from there, relative where the statement was (unsafe).
- A close name exists: "did you mean", shown and never applied (display-only); when the close name is a submodule
  (a module renamed), it is imported under the old name (\`from . import typess as types\`, unsafe).
- Nothing defines it: remove it from the import when the importer never uses it; remove it with the code that uses
  it when every use is a whole call statement (\`app.include_router(x.router)\`), an element of a literal tuple or list,
  or an \`__all__\` entry; or create the missing submodule, modelled on a sibling that defines what importers read
  (templates in \`rules/templates/\`), copying only imports of the standard library and of first-party modules that
  resolve. All unsafe, in that order of preference.
- Every copy of the statement in the file (a \`try\` body and its \`except ImportError:\` fallback, two branches) is
  edited by the same candidate.`,
  detect(result, file, cc) {
    const findings = [];
    for (const { name, verdict } of result.names) {
      if (verdict.kind !== "missing") continue;
      const target = verdict.target;
      // A module importing from itself is always partially initialized then: IMP007 words that error. So is a
      // module of a cycle that, in every simulated order, runs this statement before the target has finished.
      if (target.file === file.ctx.abs) continue;
      // Its names depend on the order its cycle runs in (a star import within the cycle): the simulation decides.
      if (target.file && cc.orderDependent(target.file, name.name)) continue;
      // A package on the same cycle as its submodule: unless some order runs the statement after the package has
      // finished, the submodule only runs during the package's __init__.
      if (target.file && cc.inSameCycle(file.ctx.abs, target.file)) {
        const ancestor = file.ctx.identities.some((id) => id.name.startsWith(`${target.name}.`));
        if (cc.onlyWhileInitializing.has(result.stmt) || (ancestor && !cc.ranAfterInitialized.has(result.stmt))) continue;
      }
      const where = target.file ?? "unknown location";
      const isPkg = target.kind === "package" || target.kind === "namespace";
      const message = isPkg
        ? `\`${target.name}\` does not define \`${name.name}\` and has no submodule \`${name.name}\``
        : `\`${target.name}\` does not define \`${name.name}\``;
      const notes: string[] = [];
      const dym = didYouMean(name.name, [...verdict.bound, ...verdict.submodules]);
      if (dym) notes.push(dym);
      const elsewhere = cc.definedIn(name.name).filter((f) => f !== target.file).map((f) => rel(cc, f));
      if (elsewhere.length > 0 && elsewhere.length <= 5) notes.push(`\`${name.name}\` is defined in ${elsewhere.join(", ")}`);
      const shadowed = shadowedDirectory(cc, target, (d) => cc.fs.list(d));
      if (shadowed) notes.push(`${target.file ? rel(cc, target.file) : target.name} shadows the directory ${shadowed} (no __init__.py), so its submodules are unreachable`);
      if (target.file) notes.push(`${target.name} is ${rel(cc, target.file)}`);
      if (isPkg) notes.push(...otherVersionExtensions(cc, target.searchDirs, name.name));
      // CPython 3.14+ explains a likely shadowing module that sits in sys.path[0] (_PyModule_IsPossiblyShadowing); 3.13
      // does so for attribute reads only.
      const first = file.ctx.search.before[0]?.dir;
      const shadowing = cc.minor >= 14 && target.file !== null && !target.name.includes(".") && first !== undefined && target.entry.dir === first;
      const hint = !shadowing
        ? `(${where})`
        : cc.stdlib.has(target.name)
          ? `(consider renaming '${target.file}' since it has the same name as the standard library module named '${target.name}' and prevents importing that standard library module)`
          : `(consider renaming '${target.file}' if it has the same name as a library you intended to import)`;
      findings.push({
        range: name.range,
        message,
        runtimeError: `ImportError: cannot import name '${name.name}' from '${target.name}' ${hint}`,
        errorClass: "ImportError" as const,
        name: name.name,
        notes,
        severity: "error" as const,
      });
    }
    for (const { name, module } of result.stdlibMissing) {
      // Some first-party code assigns the attribute (`collections.Mapping = ...`): it may exist when this runs.
      if (cc.mayBeStored(name.name)) continue;
      const notes: string[] = [];
      const entry = cc.removed.stdlib(module.name, name.name);
      const had = cc.stdlib.names().versionsWith(module.name, name.name);
      if (entry) {
        const now = entry.replacement ? `; \`${RemovedNames.newName(entry, name.name)}\` is in \`${entry.replacement}\`` : "";
        notes.push(`removed in Python ${entry.removedIn}${now}: ${entry.message} (${entry.reference})`);
      } else if (had.length > 0) notes.push(`\`${module.name}.${name.name}\` exists on Python ${versionRanges(had)}`);
      const dym = didYouMean(name.name, module.names());
      if (dym && !entry) notes.push(dym);
      notes.push(`Python ${cc.version}'s names: ${cc.stdlib.names().source()}`);
      findings.push({
        range: name.range,
        message: `\`${module.name}\` does not define \`${name.name}\` on Python ${cc.version}${module.package ? ` and has no submodule \`${name.name}\`` : ""}`,
        runtimeError: `ImportError: cannot import name '${name.name}' from '${module.realName}' (${stdlibLocation(cc, module.file)})`,
        errorClass: "ImportError" as const,
        name: name.name,
        notes,
        severity: "error" as const,
      });
    }
    for (const { name, verdict } of result.installed?.names ?? []) {
      if (verdict.kind !== "missing" || cc.mayBeStored(name.name)) continue;
      const target = verdict.target;
      const isPkg = target.kind === "package" || target.kind === "namespace";
      const notes: string[] = [];
      const dym = didYouMean(name.name, [...verdict.bound, ...verdict.submodules]);
      if (dym) notes.push(dym);
      notes.push(`${target.name} is installed at ${target.file ?? target.searchDirs.join(", ")} (${cc.env?.source ?? "the environment"})`);
      findings.push({
        range: name.range,
        message: `The installed \`${target.name}\` does not define \`${name.name}\`${isPkg ? ` and has no submodule \`${name.name}\`` : ""}`,
        runtimeError: `ImportError: cannot import name '${name.name}' from '${target.name}' (${target.file ?? "unknown location"})`,
        errorClass: "ImportError" as const,
        name: name.name,
        notes,
        severity: "error" as const,
      });
    }
    const star = result.starMissing;
    // On an import cycle the star import may run before __all__ exists, or after a guarded star import of the
    // cycle bound nothing: which name fails, if any, depends on the order, so IMP007's simulation reports it.
    const cyclic = star?.target.file && (cc.inSameCycle(file.ctx.abs, star.target.file) || cc.orderDependent(star.target.file, star.name));
    if (star?.nonString !== undefined && !cyclic) {
      const starName = result.stmt.names.find((n) => n.name === "*")!;
      findings.push({
        range: starName.range,
        message: `\`${star.target.name}.__all__\` holds an item that is no string (${star.nonString}): a star import raises TypeError`,
        runtimeError: `TypeError: Item in ${star.target.name}.__all__ must be str, not ${star.nonString}`,
        errorClass: "TypeError" as const,
        name: null,
        notes: star.target.file ? [`${star.target.name} is ${rel(cc, star.target.file)}`] : [],
        severity: "error" as const,
      });
    } else if (star && !cyclic) {
      const { name, target } = star;
      const starName = result.stmt.names.find((n) => n.name === "*")!;
      findings.push({
        range: starName.range,
        message: `\`${target.name}.__all__\` lists \`${name}\`, which \`${target.name}\` does not define${target.kind === "package" ? " and is not a submodule" : ""}`,
        runtimeError: `AttributeError: module '${target.name}' has no attribute '${name}'`,
        errorClass: "AttributeError" as const,
        name,
        notes: target.file ? [`${target.name} is ${rel(cc, target.file)}`] : [],
        severity: "error" as const,
      });
    }
    return findings;
  },
};
