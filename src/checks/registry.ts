// All rules by code, in code order: the single list the runner, docs test and README use.
import { circularImport } from "./circular-import.js";
import { deprecatedModule } from "./deprecated-module.js";
import { moduleShadowsPackage } from "./module-shadows-package.js";
import { relativeImportError } from "./relative-import-error.js";
import { stdlibShadow } from "./stdlib-shadow.js";
import { syntaxError } from "./syntax-error.js";
import type { ImportRule, RuleMeta } from "./types.js";
import { undeclaredDependency } from "./undeclared-dependency.js";
import { unknownImportName } from "./unknown-import-name.js";
import { unresolvedImport } from "./unresolved-import.js";
import { removedDependencyApi } from "./removed-dependency-api.js";
import { unusedSuppression } from "./suppressions.js";

export const IMPORT_RULES: ImportRule[] = [unresolvedImport, unknownImportName, moduleShadowsPackage, deprecatedModule, undeclaredDependency, stdlibShadow, circularImport, relativeImportError, removedDependencyApi];

export const ALL_RULES: RuleMeta[] = [syntaxError, ...IMPORT_RULES, unusedSuppression].sort((a, b) => (a.code < b.code ? -1 : 1));

/** Whether a code is enabled by ruff-style prefix selection. */
export function isEnabled(code: string, select: string[] | null, ignore: string[]): boolean {
  const matches = (prefixes: string[]): number => Math.max(-1, ...prefixes.filter((p) => code.startsWith(p.toUpperCase()) || p.toUpperCase() === "ALL").map((p) => (p.toUpperCase() === "ALL" ? 0 : p.length)));
  const sel = select === null ? 0 : matches(select);
  const ign = matches(ignore);
  return sel >= 0 && (ign < 0 || sel > ign);
}
