// IMP009 removed-dependency-api: an import of a name or module that the version in force of a distribution removed.
import { RemovedNames, type RemovedEntry } from "./removed-names.js";
import type { CheckContext, Finding, ImportRule } from "./types.js";
import type { ImportResult } from "../resolve/imports.js";
import { compareVersions, DistributionVersions } from "./versions.js";

/** The error an import raises because the version in force removed what it imports (for the simulation), or null. */
export function removedApiError(result: ImportResult, removed: RemovedNames, versions: DistributionVersions): "ImportError" | "ModuleNotFoundError" | null {
  const r = result.resolution;
  const module = result.absolute;
  if (!r || !module || result.stmt.level > 0 || (r.kind !== "third-party" && r.kind !== "not-found-top")) return null;
  const applies = (e: RemovedEntry): boolean => inForce(versions, e);
  if (removed.ofDistributions(module, null).some((e) => e.names === null && applies(e))) return "ModuleNotFoundError";
  if (result.stmt.kind === "from" && result.stmt.names.some((n) => n.name !== "*" && removed.ofDistributions(module, n.name).some((e) => e.names !== null && applies(e)))) return "ImportError";
  return null;
}

function inForce(versions: DistributionVersions, e: RemovedEntry): boolean {
  const v = versions.inForce(e.distribution!);
  return v !== null && compareVersions(v.version, e.removedIn) >= 0 && !(e.restoredIn && compareVersions(v.version, e.restoredIn) >= 0);
}

/** How the version in force of the entry's distribution is known, when it is at or past the removal; else null. */
export function removedInForceWhy(cc: CheckContext, e: RemovedEntry): string | null {
  if (!inForce(cc.versions, e)) return null;
  const v = cc.versions.inForce(e.distribution!)!;
  return DistributionVersions.describe(e.distribution!, v, cc.thirdParty.lock.kind === "locked" ? cc.thirdParty.lock.lock.files : []);
}

export const removedInForce = (cc: CheckContext, e: RemovedEntry): boolean => removedInForceWhy(cc, e) !== null;

export const removedDependencyApi: ImportRule = {
  code: "IMP009",
  name: "removed-dependency-api",
  summary: "A name or module that the version in force of a dependency removed",
  docs: `## What it does
Flags \`from pkg import name\` and \`import pkg.module\` when a release of the distribution that provides \`pkg\`
removed or moved that name or module (\`rules/removed-names.json\`: pydantic 2, Jinja2 3.1, MarkupSafe 2.1, Flask
2.3/3.0, Werkzeug 2.1/3.0, Django 3.0/4.0/5.0, SQLAlchemy 2.0, marshmallow 3/4, NumPy 1.24/2.0, pandas 2.0,
scikit-learn, setuptools, urllib3 2), and the version the code runs against is that release or later. The version
in force is the one \`--upgrade DIST==VERSION\` names, else the installed one (\`--python-env\`, \`.venv\`), else the
locked one (uv.lock, poetry.lock, ...), else the lowest the declared specifier allows; the message says which.

## Why is this bad?
CPython raises \`ImportError: cannot import name 'url_quote' from 'werkzeug.urls'\` (or the distribution's own error,
such as pydantic's \`PydanticImportError\`) as soon as the new version is installed: typically in CI, after a
dependency update, with every test behind the import failing to collect.

## Example
\`\`\`python
from pydantic import BaseSettings   # pyproject.toml: pydantic>=2
from werkzeug.urls import url_quote # uv.lock: werkzeug 3.0.1
\`\`\`

Use instead:
\`\`\`python
from pydantic_settings import BaseSettings   # and declare pydantic-settings
from urllib.parse import quote
\`\`\`

## Fix safety
The catalogue gives each entry's safety: a name that moved unchanged (\`jinja2.Markup\` to \`markupsafe.Markup\`) is
a safe rewrite of the import; one whose replacement behaves differently is unsafe; one without a mechanical
replacement is display-only. A replacement from another distribution (pydantic-settings) is also declared in
pyproject.toml, which makes the fix unsafe.`,
  detect(result, _file, cc) {
    const r = result.resolution;
    const module = result.absolute;
    if (!r || !module || result.stmt.level > 0 || (r.kind !== "third-party" && r.kind !== "not-found-top")) return [];
    const findings: Finding[] = [];
    const applies = (e: RemovedEntry): string | null => removedInForceWhy(cc, e);
    const notes = (e: RemovedEntry, why: string, name: string | null): string[] => {
      const out = [`removed in ${e.distribution} ${e.removedIn}${e.deprecatedSince ? ` (deprecated since ${e.deprecatedSince})` : ""}: ${e.message}`, `${why}`];
      if (e.replacement) out.push(`use \`${e.replacement}${name ? `.${RemovedNames.newName(e, name)}` : ""}\`${e.replacementDistribution ? ` from the \`${e.replacementDistribution}\` distribution` : ""}`);
      out.push(`see ${e.reference}`);
      return out;
    };
    // The module itself (or a package above it) was removed.
    const gone = cc.removed.ofDistributions(module, null).find((e) => e.names === null && applies(e) !== null);
    if (gone) {
      const why = applies(gone)!;
      return [{
        range: result.stmt.moduleRange,
        message: `\`${gone.module}\` was removed in ${gone.distribution} ${gone.removedIn} (${why})`,
        runtimeError: `ModuleNotFoundError: No module named '${module === gone.module ? module : gone.module}'`,
        errorClass: "ModuleNotFoundError",
        name: null,
        notes: notes(gone, why, null),
        severity: "error",
      }];
    }
    if (result.stmt.kind !== "from") return [];
    for (const n of result.stmt.names) {
      if (n.name === "*") continue;
      const e = cc.removed.ofDistributions(module, n.name).find((x) => x.names !== null && applies(x) !== null);
      if (!e) continue;
      const why = applies(e)!;
      const error = e.error ? e.error.replace(/\{name\}/g, n.name) : `ImportError: cannot import name '${n.name}' from '${module}' (…)`;
      findings.push({
        range: n.range,
        message: `\`${module}.${n.name}\` was removed in ${e.distribution} ${e.removedIn} (${why})`,
        runtimeError: error,
        errorClass: "ImportError",
        name: n.name,
        notes: notes(e, why, n.name),
        severity: "error",
      });
    }
    return findings;
  },
};
