// The IMP004 catalogue: rules/deprecated-modules.json plus entries from [tool.import-doctor] extra-deprecated-modules.
import type { DeprecatedEntryConfig } from "../config/settings.js";
import { loadRule } from "../rules.js";

export interface DeprecatedEntry {
  module: string;
  kind: "stdlib" | "ecosystem" | "project";
  replacement: string | null;
  replacementDistribution: string | null;
  deprecatedSince: string;
  removedIn: string | null;
  reference: string | null;
  message: string;
  fixSafety: "safe" | "unsafe" | "display-only";
  noEquivalent?: string[];
}

function versionKey(v: string): number {
  const m = /^3\.(\d+)$/.exec(v);
  return m ? Number(m[1]) : NaN;
}

export class DeprecatedCatalogue {
  private readonly byModule = new Map<string, DeprecatedEntry>();

  constructor(extra: DeprecatedEntryConfig[]) {
    const data = loadRule<{ modules: DeprecatedEntry[] }>("deprecated-modules.json");
    for (const e of data.modules) this.byModule.set(e.module, e);
    for (const e of extra) {
      this.byModule.set(e.module, {
        module: e.module,
        kind: "project",
        replacement: e.replacement,
        replacementDistribution: null,
        deprecatedSince: "project configuration",
        removedIn: null,
        reference: null,
        message: e.message ?? `${e.module} is deprecated in this project (pyproject.toml)`,
        fixSafety: "unsafe",
      });
    }
  }

  /** The entry for `module` or its closest listed ancestor package, if it applies to the target version. */
  lookup(module: string, minor: number): DeprecatedEntry | null {
    const parts = module.split(".");
    for (let i = parts.length; i > 0; i--) {
      const e = this.byModule.get(parts.slice(0, i).join("."));
      if (!e) continue;
      if (e.kind === "stdlib" && versionKey(e.deprecatedSince) > minor) return null;
      return e;
    }
    return null;
  }

  isRemoved(e: DeprecatedEntry, minor: number): boolean {
    return e.kind === "stdlib" && e.removedIn !== null && versionKey(e.removedIn) <= minor;
  }

  entries(): DeprecatedEntry[] {
    return [...this.byModule.values()];
  }
}
