// Which fixer repairs which rule, and the step that attaches a fix to every diagnostic that has one.
import type { RawDiagnostic } from "../../diagnostic.js";
import { fixDeprecatedModule } from "./deprecated-module.js";
import { fixRelativeImportError, fixUnresolvedImport } from "./did-you-mean.js";
import type { FixContext, Fixer, Origin } from "./context.js";
import { fixModuleShadowsPackage } from "./module-shadows-package.js";
import { fixUnknownImportName } from "./unknown-import-name.js";

const FIXERS: Record<string, Fixer> = {
  IMP001: fixUnresolvedImport,
  IMP002: fixUnknownImportName,
  IMP003: fixModuleShadowsPackage,
  IMP004: fixDeprecatedModule,
  IMP008: fixRelativeImportError,
};

export const FIXABLE_CODES = Object.keys(FIXERS);

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
  for (const d of diagnostics) {
    const fixer = FIXERS[d.code];
    const origin = origins.get(d);
    // A warning says the import may fail: repairing what may work is not a fix. Deprecations are certain warnings.
    if (!fixer || !origin || (d.severity !== "error" && d.code !== "IMP004")) continue;
    const ctx = origin.result.stmt.context;
    if (ctx.typeChecking === "if" || ctx.guards.length > 0) continue;
    try {
      d.fix = await fixer(d, origin, fx);
    } catch (e) {
      // A fixer bug must not hide the diagnostic: report it without a fix.
      d.notes.push(`no fix: ${(e as Error).message}`);
    }
  }
}
