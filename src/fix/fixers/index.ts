// Which fixer repairs which rule, and the step that attaches a fix to every diagnostic that has one.
import type { RawDiagnostic } from "../../diagnostic.js";
import { fixCircularImport } from "./circular-import.js";
import { fixDeprecatedModule } from "./deprecated-module.js";
import { fixRelativeImportError, fixUnresolvedImport } from "./did-you-mean.js";
import type { FixContext, Fixer, Origin } from "./context.js";
import { fixModuleShadowsPackage } from "./module-shadows-package.js";
import { fixUnknownImportName } from "./unknown-import-name.js";
import { fixMovedNames, fixRemovedDependencyApi, fixRemovedStdlibModule, fixStdlibNames } from "./removed-name.js";
import { removedInForce } from "../../checks/removed-dependency-api.js";
import { causeKey } from "../../graph/impact.js";

const FIXERS: Record<string, Fixer> = {
  IMP001: async (d, origin, fx) => (origin.result.resolution?.kind === "stdlib" ? fixRemovedStdlibModule(fx, origin) : fixUnresolvedImport(d, origin, fx)),
  IMP002: async (d, origin, fx) => (origin.result.stdlibMissing.some((m) => m.name.name === d.name) ? fixStdlibNames(fx, origin) : fixUnknownImportName(d, origin, fx)),
  IMP003: fixModuleShadowsPackage,
  // A module the target version removed whole, whose imported names the catalogue moved (`from imp import reload`).
  IMP004: async (d, origin, fx) => {
    const module = origin.result.absolute;
    const removedWhole = module !== null && fx.cc.stdlib.names().lookup(module).kind === "absent";
    // Only when the catalogue moved every imported name: else the deprecated module's own fix.
    const allMoved = removedWhole && origin.result.stmt.names.every((n) => n.name !== "*" && fx.cc.removed.stdlib(module, n.name));
    const moved = allMoved ? fixMovedNames(fx, origin, (n) => fx.cc.removed.stdlib(module, n.name)) : null;
    return moved ?? fixDeprecatedModule(d, origin, fx);
  },
  IMP007: fixCircularImport,
  IMP008: fixRelativeImportError,
  IMP009: async (_d, origin, fx) => fixRemovedDependencyApi(fx, origin, (e) => removedInForce(fx.cc, e)),
};

export const FIXABLE_CODES = Object.keys(FIXERS);

/** The strategy of a fix whose fixer names none: what the catalogues' fixes do for each rule. */
const DEFAULT_STRATEGY: Record<string, string> = { IMP001: "replacement", IMP002: "moved-name", IMP004: "replacement", IMP009: "replacement" };

/**
 * Sets `fix` on each diagnostic a fixer can repair. Guarded, TYPE_CHECKING and escape-hatch imports are never fixed:
 * they are not errors (the gate made them info or dropped them).
 */
export async function attachFixes(diagnostics: RawDiagnostic[], origins: Map<RawDiagnostic, Origin>, fx: FixContext): Promise<void> {
  try {
    await attach(diagnostics, origins, fx);
  } finally {
    fx.dispose();
  }
}

async function attach(diagnostics: RawDiagnostic[], origins: Map<RawDiagnostic, Origin>, fx: FixContext): Promise<void> {
  // A warning says the import may fail: repairing what may work is not a fix. Deprecations are certain warnings, and
  // so is a warning of a cause that fails for certain elsewhere (masked here by another failure that runs first):
  // its root cause's fix group repairs it with the rest.
  const certainCauses = new Set(diagnostics.filter((d) => d.severity === "error").map(causeKey));
  for (const d of diagnostics) {
    const fixer = FIXERS[d.code];
    const origin = origins.get(d);
    // A circular-import warning may not be reached, but a name its module will never have fails whenever it is: the
    // renamed submodule is repaired anyway.
    const speculative = d.severity !== "error" && d.code !== "IMP004" && !certainCauses.has(causeKey(d));
    if (!fixer || !origin || (speculative && d.code !== "IMP007")) continue;
    // A dynamic import's text is a call, not a statement a fix could rewrite.
    if (origin.result.stmt.dynamic) continue;
    const ctx = origin.result.stmt.context;
    if (ctx.typeChecking === "if" || ctx.guards.length > 0) continue;
    try {
      const found = await fixer(d, origin, fx);
      const list = (found === null ? [] : Array.isArray(found) ? found : [found]).filter((f) => !speculative || f.strategy === "renamed-submodule");
      for (const f of list) f.strategy ??= f.safety === "display-only" ? "suggestion" : (DEFAULT_STRATEGY[d.code] ?? "fix");
      d.fix = list[0] ?? null;
      if (list.length > 1) d.alternatives = list.slice(1);
    } catch (e) {
      // A fixer bug must not hide the diagnostic: report it without a fix.
      d.notes.push(`no fix: ${(e as Error).message}`);
    }
  }
}
