// IMP001 unresolved-import: a first-party module (or submodule) that does not exist, or a stdlib module absent from the target version.
import { besideInPackage, otherVersionExtensions, providesDynamicSubmodules, rel, searchedNote, submoduleNames } from "./describe.js";
import { didYouMean } from "./similar.js";
import { versionRanges } from "../resolve/stdlib-names.js";
import type { ImportRule } from "./types.js";

export const unresolvedImport: ImportRule = {
  code: "IMP001",
  name: "unresolved-import",
  summary: "A first-party module that does not exist",
  docs: `## What it does
Flags imports of first-party modules (modules of this repository) that do not exist on the search path of the
context the file runs in, and standard-library modules that the target Python version does not have.

## Why is this bad?
CPython raises \`ModuleNotFoundError: No module named 'pkg.missing'\` when the statement runs.

## Example
\`\`\`python
from app import utilz  # app/utils.py exists, app/utilz.py does not
\`\`\`

## Fix safety
A relative import one dot short or over: the one other dot count that resolves and provides the imported names
(unsafe). When exactly one close spelling of the missing component resolves (and provides the imported names), the fix
rewrites the path; it is unsafe, since the module imported changes. \`import a.bb\` without an alias is not fixed: the
code reads \`a.bb.x\` through \`a\`.`,
  detect(result, file, cc) {
    const r = result.resolution;
    const stmt = result.stmt;
    if (!r) return [];
    if (r.kind === "missing") {
      const parent = r.chain[r.chain.length - 1]!;
      const from = stmt.context.scope === "module" ? { file: file.ctx.abs, line: stmt.range.line } : undefined;
      if (r.chain.some((m) => providesDynamicSubmodules(cc, m, from))) return [];
      const part = r.failedName.slice(r.failedName.lastIndexOf(".") + 1);
      const siblings = submoduleNames(cc, parent.searchDirs);
      const builtForOthers = otherVersionExtensions(cc, parent.searchDirs, part);
      const forTarget = builtForOthers.length > 0 ? ` that Python ${cc.version} loads` : "";
      const notes = [`${parent.name} is ${parent.kind === "namespace" ? "a namespace package" : "a package"} at ${parent.searchDirs.map((d) => rel(cc, d) + "/").join(", ")}; it has no module or package '${part}'${forTarget}`, ...builtForOthers];
      const dym = didYouMean(part, siblings);
      if (dym) notes.push(dym.replace(/'([^']+)'/g, (_, n: string) => `'${parent.name}.${n}'`));
      return [{
        range: stmt.moduleRange,
        message: `Module \`${r.failedName}\` does not exist: \`${parent.name}\` has no submodule \`${part}\``,
        runtimeError: `ModuleNotFoundError: No module named '${r.failedName}'`,
        errorClass: "ModuleNotFoundError",
        name: null,
        notes,
        severity: "error",
      }];
    }
    if (r.kind === "not-found-top" && stmt.level === 0) {
      // One dot too few: `from globals import x` in pkg/mod.py, where pkg/globals.py is `pkg.globals`.
      const top = stmt.module.split(".")[0]!;
      const beside = besideInPackage(cc, file, top);
      // Only where something says what is installed: without an environment, a lock or declarations, an installed
      // distribution of that name may be what the import wants.
      const known = cc.env !== null || cc.thirdParty.lock.kind === "locked" || cc.thirdParty.hasDeclarations;
      if (beside && known && !cc.thirdParty.isDeclared(top, file.ctx.rel) && !cc.settings.knownThirdParty.includes(top)) {
        const dots = stmt.kind === "from" ? `from .${stmt.module} import …` : `from . import ${top}`;
        return [{
          range: stmt.moduleRange,
          message: `Module \`${top}\` is not on sys.path: ${rel(cc, beside)} beside this file is \`${file.ctx.identities[0]?.name.split(".").slice(0, -1).join(".") || "?"}.${top}\`, which a relative import reaches (\`${dots}\`)`,
          runtimeError: `ModuleNotFoundError: No module named '${top}'`,
          errorClass: "ModuleNotFoundError",
          name: null,
          notes: [searchedNote(cc, r.searched), "a module's own directory is on sys.path only when it runs as a script, not when its package imports it"],
          severity: "error",
          dependsOnSearchPath: true,
        }];
      }
    }
    const into = result.installed?.missing;
    if (r.kind === "third-party" && into) {
      const { failedName, parent, notPackage } = into;
      const part = failedName.slice(parent.name.length + 1);
      const where = parent.searchDirs.length > 0 ? parent.searchDirs.join(", ") : (parent.file ?? parent.name);
      const notes = [`${parent.name} is installed at ${where} (${cc.env?.source ?? "the environment"})`];
      if (!notPackage) {
        const dym = didYouMean(part, submoduleNames(cc, parent.searchDirs));
        if (dym) notes.push(dym.replace(/'([^']+)'/g, (_, n: string) => `'${parent.name}.${n}'`));
      }
      return [{
        range: stmt.moduleRange,
        message: notPackage
          ? `Module \`${failedName}\` does not exist: the installed \`${parent.name}\` is a module, not a package`
          : `Module \`${failedName}\` does not exist: the installed package \`${parent.name}\` has no submodule \`${part}\``,
        runtimeError: `ModuleNotFoundError: No module named '${failedName}'${notPackage ? `; '${parent.name}' is not a package` : ""}`,
        errorClass: "ModuleNotFoundError",
        name: null,
        notes,
        severity: "error",
      }];
    }
    if (r.kind === "stdlib" && r.missing) {
      const { failedName, parent, parentIsModule } = r.missing;
      const part = failedName.slice(parent.length + 1);
      const names = cc.stdlib.names();
      const entry = cc.removed.stdlib(failedName, null);
      const notes: string[] = [];
      if (entry) notes.push(`removed in Python ${entry.removedIn}${entry.replacement ? `; use \`${entry.replacement}\`` : ""}: ${entry.message} (${entry.reference})`);
      const had = names.versionsWith(parent, part);
      if (!entry && had.length > 0) notes.push(`\`${failedName}\` exists on Python ${versionRanges(had)}`);
      const p = names.lookup(parent);
      if (!entry && p.kind === "module" && p.module.package) {
        const dym = didYouMean(part, p.module.names().filter((n) => names.lookup(`${parent}.${n}`).kind === "module"));
        if (dym) notes.push(dym.replace(/'([^']+)'/g, (_, n: string) => `'${parent}.${n}'`));
      }
      notes.push(`Python ${cc.version}'s modules: ${names.source()}`);
      return [{
        range: stmt.moduleRange,
        message: parentIsModule
          ? `Module \`${failedName}\` does not exist: \`${parent}\` is a module, not a package, on Python ${cc.version}`
          : `Module \`${failedName}\` does not exist on Python ${cc.version}: \`${parent}\` has no submodule \`${part}\``,
        runtimeError: `ModuleNotFoundError: No module named '${failedName}'${parentIsModule ? `; '${parent}' is not a package` : ""}`,
        errorClass: "ModuleNotFoundError",
        name: null,
        notes,
        severity: "error",
      }];
    }
    if (r.kind === "not-found-top") {
      const top = (result.absolute ?? stmt.module).split(".")[0]!;
      const added = cc.stdlib.addedIn(top);
      const removed = cc.stdlib.removedIn(top);
      const inCatalogue = cc.deprecated.lookup(top, cc.minor);
      if (cc.thirdParty.isDeclared(top)) return [];
      const versionOf = (v: string): number => Number(v.split(".")[1]);
      let why: string | null = null;
      if (added && versionOf(added) > cc.minor) why = `\`${top}\` is in the standard library only from Python ${added}; the target is ${cc.version}`;
      else if (removed && versionOf(removed) <= cc.minor && !inCatalogue) why = `\`${top}\` was removed from the standard library in Python ${removed}; the target is ${cc.version}`;
      else if (cc.settings.knownFirstParty.includes(top)) why = `\`${top}\` is configured as first-party but no such module exists`;
      if (!why) return [];
      return [{
        range: stmt.moduleRange,
        message: why,
        runtimeError: `ModuleNotFoundError: No module named '${top}'`,
        errorClass: "ModuleNotFoundError",
        name: null,
        notes: [searchedNote(cc, r.searched)],
        severity: "error",
        dependsOnSearchPath: true,
      }];
    }
    return [];
  },
};
