// IMP004 deprecated-module: a module the catalogue in rules/ lists as deprecated or removed for the target version or its ecosystem.
import type { ImportRule } from "./types.js";

export const deprecatedModule: ImportRule = {
  code: "IMP004",
  name: "deprecated-module",
  summary: "A deprecated or removed module",
  docs: `## What it does
Flags imports of modules listed in \`rules/deprecated-modules.json\` (or \`extra-deprecated-modules\` in the
configuration): standard-library modules deprecated for the target version or removed from it (\`imp\`, \`distutils\`,
PEP 594's list, ...) and ecosystem modules that were abandoned or moved (\`aioredis\` → \`redis.asyncio\`, \`mock\` →
\`unittest.mock\`, \`pkg_resources\`, \`six\`, ...). Each entry names its replacement and a reference.

## Why is this bad?
A removed standard-library module raises \`ModuleNotFoundError\` (an error); a deprecated one works today and breaks
later (a warning).

## Example
\`\`\`python
import aioredis          # use: from redis import asyncio as aioredis
\`\`\`

## Fix safety
Rewrites the import to the replacement and keeps the bound names (\`import aioredis\` → \`from redis import asyncio as
aioredis\`). The catalogue sets the safety per entry; a used name with no equivalent makes the fix display-only. When
the replacement's distribution is not declared, the fix also adds it to \`[project] dependencies\` and is unsafe.`,
  detect(result, _file, cc) {
    const r = result.resolution;
    if (!r || result.stmt.level > 0 || r.kind === "first-party" || r.kind === "missing" || r.kind === "not-a-package" || r.kind === "opaque") return [];
    const module = result.absolute ?? result.stmt.module;
    const entry = cc.deprecated.lookup(module, cc.minor);
    if (!entry) return [];
    // Gone: removed from the target's standard library, or absent where the code runs (the environment or the lock
    // file in force lacks it).
    const removed = r.kind === "not-found-top" && !cc.thirdParty.isDeclared(entry.module) && (cc.deprecated.isRemoved(entry, cc.minor) || cc.thirdParty.missingModule(module) === "certain");
    const replacement = entry.replacement ? `; use \`${entry.replacement}\` instead` : "";
    const notes = [entry.kind === "stdlib" ? `deprecated since Python ${entry.deprecatedSince}${entry.removedIn ? `, removed in ${entry.removedIn}` : ""}` : `deprecated since ${entry.deprecatedSince}`];
    if (entry.reference) notes.push(`see ${entry.reference}`);
    return [{
      range: result.stmt.moduleRange,
      message: `\`${entry.module}\` is deprecated: ${entry.message}${replacement}`,
      runtimeError: removed ? `ModuleNotFoundError: No module named '${module.split(".")[0]}'` : null,
      errorClass: removed ? "ModuleNotFoundError" : null,
      name: null,
      notes,
      severity: removed ? "error" : "warning",
    }];
  },
};
