// Answers "does module M bind name n at module level?" from facts: yes, no, or unknown (dynamic modules, star imports we cannot follow).
import path from "node:path";
import type { ModuleFacts } from "../parse/facts.js";
import type { NameUses } from "./name-uses.js";

export type BindVerdict = { kind: "yes" } | { kind: "no"; names: string[] } | { kind: "unknown"; reason: string };

export interface BindingSource {
  /** Facts of the first-party file, or null when it was not analysed. */
  factsOf(file: string): ModuleFacts | null;
  /** File that a star import in `file` refers to, or null when it is not first-party source / not resolvable. */
  starTarget(file: string, module: string, level: number): { file: string | null; isPackage: boolean; searchDirs: string[] } | null;
  /** Submodule names of a package (its __path__ directories); they may be attributes once imported. */
  submodules(searchDirs: string[]): string[];
  /** Whether other code adds attributes to this module (`setattr(mod, ...)` on an imported module). */
  isSetattrTarget(file: string): boolean;
  /** Whether the import statement on this line always fails to bind `name` (a missing module or name), even when guarded. */
  importAlwaysFails(file: string, line: number, name: string): boolean;
}

/** Names the module would bind, including those from star imports of first-party modules; null if unknowable. */
export class BindingIndex {
  private readonly publicCache = new Map<string, Set<string> | null>();
  private readonly inProgress = new Set<string>();

  /** `nameUses` hears of every look at a module's names (the result cache reasons from it about later edits). */
  constructor(
    private readonly source: BindingSource,
    readonly nameUses: NameUses,
  ) {}

  /**
   * Whether `name` is bound at module level of `file` after its body has run. `exceptLines` leaves out the
   * bindings of the importing statement itself when a module imports from itself (`from . import x` in __init__).
   */
  binds(file: string, name: string, exceptLines?: [number, number]): BindVerdict {
    // A self-import's own check (`exceptLines`) is a different question from the module's: key them apart.
    const key = `${file}\0${name}\0${exceptLines?.join(",") ?? ""}`;
    if (this.inProgress.has(key)) return { kind: "unknown", reason: "the name is re-exported in a cycle" };
    this.inProgress.add(key);
    try {
      return this.bindsUncached(file, name, exceptLines);
    } finally {
      this.inProgress.delete(key);
    }
  }

  private bindsUncached(file: string, name: string, exceptLines?: [number, number]): BindVerdict {
    const facts = this.source.factsOf(file);
    if (!facts) return { kind: "unknown", reason: "the module was not analysed" };
    if (name.startsWith("__") && name.endsWith("__")) return { kind: "yes" }; // module dunders (__file__, __path__, ...)
    const own = (line: number): boolean => exceptLines !== undefined && line >= exceptLines[0] && line <= exceptLines[1];
    const binding = (b: { name: string; line: number; kind: string }): boolean =>
      b.name === name && !own(b.line) && !(b.kind === "import" && this.source.importAlwaysFails(file, b.line, name));
    this.nameUses.name(file, name);
    if (facts.bindings.some(binding)) return { kind: "yes" };
    if (facts.hasGetattr) {
      // A __getattr__ that serves listed names and raises AttributeError for the rest leaves the others missing.
      if (facts.getattrNames === null) return { kind: "unknown", reason: "the module defines __getattr__ (PEP 562)" };
      if (facts.getattrNames.includes(name)) return { kind: "yes" };
    }
    const dynamic = facts.escapeHatches.find((h) => (h.kind === "globals" || h.kind === "sys.modules") && !h.inGetattr);
    if (dynamic) return { kind: "unknown", reason: `the module edits its namespace dynamically (${dynamic.kind}, line ${dynamic.line})` };
    if (this.source.isSetattrTarget(file)) return { kind: "unknown", reason: "some code sets attributes on the module with setattr()" };
    for (const star of facts.starImports) {
      if (this.source.importAlwaysFails(file, star.line, "*")) continue; // a star import that always fails binds nothing
      const names = this.starNames(file, star.module, star.level, new Set([file]));
      if (names === null) return { kind: "unknown", reason: `\`from ${".".repeat(star.level)}${star.module} import *\` brings names that cannot be listed statically` };
      if (names.has(name)) return { kind: "yes" };
    }
    this.nameUses.all(file); // the candidates of a "did you mean"
    return { kind: "no", names: [...new Set(facts.bindings.map((b) => b.name))] };
  }

  /** A literal `__all__` with an item that is no string: the names before it and its type (null: not known). */
  allNonStringOf(file: string): { before: string[]; type: string | null } | null {
    return this.source.factsOf(file)?.allNonString ?? null;
  }

  /** The module's literal `__all__`, or null when absent or dynamic. */
  allOf(file: string): string[] | null {
    const facts = this.source.factsOf(file);
    return facts && !facts.allDynamic ? facts.all : null;
  }

  /** Names a star import of the target brings in, or null if unknowable. */
  private starNames(fromFile: string, module: string, level: number, seen: Set<string>): Set<string> | null {
    const target = this.source.starTarget(fromFile, module, level);
    if (!target) return null;
    // A package's submodules become attributes once imported, so `import *` may bind them (an over-approximation).
    const subs = target.isPackage ? this.source.submodules(target.searchDirs).filter((n) => !n.startsWith("_")) : [];
    if (!target.file) return new Set(subs); // namespace package: nothing but submodules
    const names = this.publicNames(target.file, seen);
    return names === null ? null : new Set([...names, ...subs]);
  }

  private publicNames(file: string, seen: Set<string>): Set<string> | null {
    if (this.publicCache.has(file)) return this.publicCache.get(file)!;
    if (seen.has(file)) return new Set(); // a star-import cycle adds nothing new
    seen.add(file);
    const facts = this.source.factsOf(file);
    let result: Set<string> | null;
    // `import *` reads __all__ or else the module's __dict__; a module __getattr__ answers neither (unless it
    // answers '__all__', which lazy modules do not), so it does not add names here.
    if (!facts || facts.allDynamic) result = null;
    else if (facts.all) {
      // import_all_from getattr()s each name in order and stops at the first missing one (AttributeError): a
      // guarded star import keeps the names before it. A package's submodules named there are imported first.
      const isPackage = path.basename(file) === "__init__.py";
      const subs = isPackage ? new Set(this.source.submodules([path.dirname(file)])) : new Set<string>();
      const prefix: string[] = [];
      for (const name of facts.all) {
        if (!subs.has(name) && this.binds(file, name).kind === "no") break;
        prefix.push(name);
      }
      result = new Set(prefix);
    }
    else {
      this.nameUses.all(file);
      result = new Set(facts.bindings.map((b) => b.name).filter((n) => !n.startsWith("_")));
      for (const star of facts.starImports) {
        if (this.source.importAlwaysFails(file, star.line, "*")) continue;
        const more = this.starNames(file, star.module, star.level, seen);
        if (more === null) {
          result = null;
          break;
        }
        for (const n of more) if (!n.startsWith("_")) result.add(n);
      }
    }
    this.publicCache.set(file, result);
    return result;
  }
}
