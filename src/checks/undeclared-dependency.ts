// IMP005 undeclared-dependency: a third-party module that is neither installed in the found environment nor declared.
import { besideInPackage, searchedNote } from "./describe.js";
import type { CheckContext, ImportRule } from "./types.js";

const elsewhere = new WeakMap<CheckContext, Map<string, { module: string; dir: string }[]>>();

/** First-party modules or packages named `top` that no root makes importable by that name: where they are. */
function firstPartyElsewhere(cc: CheckContext, top: string): { module: string; dir: string }[] {
  let index = elsewhere.get(cc);
  if (!index) {
    index = new Map();
    const seen = new Set<string>();
    for (const f of cc.files) {
      const parts = f.ctx.rel.split("/");
      for (let i = 1; i < parts.length; i++) {
        // `dir/top.py`, or `dir/top/` holding Python files (a package, or a namespace portion).
        const last = i === parts.length - 1;
        if (last && (!parts[i]!.endsWith(".py") || parts[i] === "__init__.py")) continue;
        const name = last ? parts[i]!.slice(0, -3) : parts[i]!;
        const module = last ? f.ctx.rel : `${parts.slice(0, i + 1).join("/")}/`;
        if (seen.has(module)) continue;
        seen.add(module);
        (index.get(name) ?? index.set(name, []).get(name)!).push({ module, dir: parts.slice(0, i).join("/") });
      }
    }
    elsewhere.set(cc, index);
  }
  return (index.get(top) ?? []).slice(0, 2);
}

export const undeclaredDependency: ImportRule = {
  code: "IMP005",
  name: "undeclared-dependency",
  summary: "A third-party module that is neither installed nor declared",
  docs: `## What it does
Flags imports of modules that are not first-party, not in the standard library of the target version, not installed
in the environment import-doctor found (\`--python-env\`, \`$VIRTUAL_ENV\`, \`.venv\`, \`venv\`), and not provided by any
declared dependency (pyproject \`[project]\`, dependency groups, Poetry, uv, requirements files, setup.cfg).
With neither an environment nor any declaration, nothing is reported: the verdict is unknown, not missing.
Without an environment the finding is a warning (a declared distribution may pull the module in as a dependency;
\`rules/transitive-dependencies.json\` knows the common cases); with one, a module it lacks is an error.

With a lock file in force (uv.lock, poetry.lock, pdm.lock, Pipfile.lock, pylock.toml, pip-compile output) and no
environment, the lock decides: a module no locked distribution provides on the target Python is an error; a module
that only a locked but undeclared distribution provides is a warning without a runtime error (it imports today, but
nothing promises it after the next release of the distribution that pulls it in).

## Why is this bad?
In a clean install of the project, CPython raises \`ModuleNotFoundError: No module named 'x'\`.

## Example
\`\`\`python
import aioredis  # pyproject.toml declares redis, not aioredis
\`\`\``,
  detect(result, file, cc) {
    const r = result.resolution;
    if (!r || r.kind !== "not-found-top") return [];
    const module = result.absolute ?? result.stmt.module;
    const top = module.split(".")[0]!;
    const locked = cc.thirdParty.locked && cc.thirdParty.lock.kind === "locked" ? cc.thirdParty.lock.lock : null;
    if (!cc.env && !locked && !cc.thirdParty.hasDeclarations) return [];
    if (!cc.env && !locked && cc.deps.incomplete.length > 0) return []; // a computed requirement list may provide it
    if (cc.thirdParty.isDeclared(module, file.ctx.rel)) {
      // Declared, yet the environment lacks it: the environment is older than the declarations (or the declaration is
      // an optional group not installed there). A warning: where the declared set is installed, it imports.
      if (!cc.env || cc.env.importHookEditables.length > 0 || cc.settings.knownThirdParty.includes(top)) return [];
      return [{
        range: result.stmt.moduleRange,
        message: `\`${top}\` is declared but not installed in the environment (${cc.env.source}); install the declared dependencies`,
        runtimeError: `ModuleNotFoundError: No module named '${top}'`,
        errorClass: "ModuleNotFoundError",
        name: null,
        notes: [searchedNote(cc, r.searched), `declared dependencies are read from ${cc.deps.sources.join(", ")}`],
        severity: "warning",
        dependsOnSearchPath: true,
      }];
    }
    if (cc.env && cc.env.importHookEditables.length > 0) return [];
    if (cc.stdlib.addedIn(top) || cc.stdlib.removedIn(top) || cc.settings.knownFirstParty.includes(top)) return []; // IMP001/IMP004 explain these
    if (result.stmt.level === 0 && besideInPackage(cc, file, top)) return []; // one dot too few: IMP001 says so
    const dist = cc.thirdParty.distributionFor(module);
    const lockName = locked?.files.join(", ");
    const transitive = cc.thirdParty.lockedDistribution(module);
    if (locked && transitive) {
      // Installed from the lock as some declared distribution's dependency: it imports today, but nothing promises
      // it will after that distribution's next release (deptry's DEP003). Not an error: CPython raises nothing.
      const via = locked.pulledInBy(transitive);
      return [{
        range: result.stmt.moduleRange,
        message: `\`${top}\` is not declared, but ${lockName} installs \`${transitive}\`${via ? ` as a dependency of the declared \`${via}\`` : ""}; declare \`${transitive}\` if the code imports it`,
        runtimeError: null,
        errorClass: null,
        name: null,
        notes: [`locked: ${transitive}${locked.installed.get(transitive) ? ` ${locked.installed.get(transitive)}` : ""} (${lockName})`],
        severity: "warning",
      }];
    }
    const deprecated = cc.deprecated.lookup(module, cc.minor);
    // A directory of the repository has a module of that name, just not on any root: the code runs with that
    // directory on sys.path (a test inserts it), and the `roots` setting says so.
    const local = firstPartyElsewhere(cc, top);
    const advice = deprecated?.replacement && deprecated.replacementDistribution && cc.thirdParty.isDeclared(deprecated.replacement)
      ? `; it is deprecated and \`${deprecated.replacement}\` from the declared \`${deprecated.replacementDistribution}\` replaces it (IMP004)`
      : local.length > 0
        ? `; the repository has it at ${local.map((l) => l.module).join(" and ")}: if the code runs with ${local.map((l) => `${l.dir}/`).join(" or ")} on sys.path, add ${local.length === 1 ? "it" : "that directory"} to \`roots\` in [tool.import-doctor]`
        : `; add \`${dist}\` to the project's dependencies`;
    const where = cc.env ? `not installed in the environment (${cc.env.source}) and ` : locked ? `not locked in ${lockName} and ` : "";
    const notes = [searchedNote(cc, r.searched)];
    if (cc.deps.sources.length) notes.push(`declared dependencies are read from ${cc.deps.sources.join(", ")}`);
    if (locked) notes.push(`an environment built from ${lockName} holds ${locked.installed.size} distributions on Python ${cc.version}, none of which provides \`${top}\``);
    else if (!cc.env) notes.push("no environment was found (--python-env, $VIRTUAL_ENV, .venv, venv) and no lock file: a dependency of a declared distribution might still provide it, so this is a warning");
    return [{
      range: result.stmt.moduleRange,
      message: `\`${top}\` is ${where}not provided by any declared dependency${advice}`,
      runtimeError: `ModuleNotFoundError: No module named '${top}'`,
      errorClass: "ModuleNotFoundError",
      name: null,
      notes,
      severity: cc.env || locked ? "error" : "warning",
      dependsOnSearchPath: true,
    }];
  },
};
