// The catalogue of names (and modules) that a Python or distribution release removed or moved: rules/removed-names.json.
import { loadRule } from "../rules.js";

export interface RemovedEntry {
  /** The module the name was imported from (or that was removed, when `names` is null). */
  module: string;
  names: string[] | null;
  /** stdlib: `removedIn` is a Python version; distribution: a version of `distribution`. */
  kind: "stdlib" | "distribution";
  distribution: string | null;
  deprecatedSince: string | null;
  removedIn: string;
  /** Where the name lives now (a module), or null when nothing replaces it mechanically. */
  replacement: string | null;
  /** Old name -> its name in the replacement module (the same name when absent). */
  renamed: Record<string, string>;
  replacementDistribution: string | null;
  fixSafety: "safe" | "unsafe" | "display-only";
  reference: string;
  message: string;
  /** The error the distribution raises itself (`{name}`: the imported name), when it is not CPython's own. */
  error?: string;
  /** The version that brought the name back (numpy.bool in 2.0). */
  restoredIn?: string;
}

export class RemovedNames {
  private readonly byModule = new Map<string, RemovedEntry[]>();

  constructor() {
    for (const e of loadRule<{ entries: RemovedEntry[] }>("removed-names.json").entries) {
      const list = this.byModule.get(e.module) ?? this.byModule.set(e.module, []).get(e.module)!;
      list.push(e);
    }
  }

  /** The standard-library entry for `from module import name` (name null: the module itself). */
  stdlib(module: string, name: string | null): RemovedEntry | null {
    return this.byModule.get(module)?.find((e) => e.kind === "stdlib" && (name === null ? e.names === null : e.names?.includes(name) === true)) ?? null;
  }

  /** Entries of distributions, for `from module import name` (name null: the module itself, or any ancestor). */
  ofDistributions(module: string, name: string | null): RemovedEntry[] {
    const out: RemovedEntry[] = [];
    const parts = module.split(".");
    for (let i = parts.length; i > 0; i--) {
      const prefix = parts.slice(0, i).join(".");
      for (const e of this.byModule.get(prefix) ?? []) {
        if (e.kind !== "distribution") continue;
        if (e.names === null || (i === parts.length && name !== null && e.names.includes(name))) out.push(e);
      }
    }
    return out;
  }

  /** The name the replacement module gives `name`. */
  static newName(e: RemovedEntry, name: string): string {
    return e.renamed[name] ?? name;
  }
}
