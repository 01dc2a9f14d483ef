// What the binding index reads from the analysed files (bindings.ts's BindingSource), over any way of getting a
// file's facts and context: every file at hand (the analysis), or files read one by one from the cache (the check
// that an added import is inert).
import type { FileContext } from "../discover/contexts.js";
import type { ModuleFacts } from "../parse/facts.js";
import type { BindingSource } from "./bindings.js";
import { certainlyMissing } from "./dynamic-submodules.js";
import type { FsView } from "./fs.js";
import type { ImportAnalyzer } from "./imports.js";

export interface SourceFiles {
  /** An analysed file's facts (null when it was not analysed or has none). */
  factsOf(abs: string): ModuleFacts | null;
  /** An analysed file's context, as the analysis named it; null when it was not analysed. */
  contextOf(abs: string): FileContext | null;
  /** The analyzer of import statements (made with the index, so given late). */
  analyzer(): ImportAnalyzer | null;
  isSetattrTarget(abs: string): boolean;
  fs: FsView;
}

export function bindingSource(files: SourceFiles): BindingSource {
  return {
    factsOf: (file) => files.factsOf(file),
    isSetattrTarget: (file) => files.isSetattrTarget(file),
    importAlwaysFails: (file, line, name) => {
      const facts = files.factsOf(file);
      const analyzer = files.analyzer();
      const stmts = facts?.imports.filter((i) => i.range.line === line && (i.alias ?? i.names.find((n) => (n.alias ?? n.name) === name) ?? i.module.split(".")[0]) !== undefined) ?? [];
      const ctx = stmts.length > 0 ? files.contextOf(file) : null;
      if (!ctx || !analyzer) return false;
      return stmts.every((stmt) => {
        const r = analyzer.resolveModule(ctx, stmt);
        if (r.relative?.kind === "error" || (r.resolution && certainlyMissing(r.resolution, (f) => files.factsOf(f), stmt.context.scope === "module" ? { file, line: stmt.range.line } : undefined))) return true;
        const n = stmt.kind === "from" ? stmt.names.find((x) => (x.alias ?? x.name) === name) : undefined;
        if (!n || n.name === "*" || r.resolution?.kind !== "first-party") return false;
        const target = r.resolution.chain[r.resolution.chain.length - 1]!;
        const self = target.file === ctx.abs ? ([stmt.range.line, stmt.range.endLine] as [number, number]) : undefined;
        return analyzer.nameVerdict(target, n.name, self).kind === "missing";
      });
    },
    starTarget: (fromFile, module, level) => {
      const analyzer = files.analyzer();
      const stmt = files.factsOf(fromFile)?.imports.find((i) => i.module === module && i.level === level && i.names.some((n) => n.name === "*"));
      const ctx = stmt ? files.contextOf(fromFile) : null;
      if (!stmt || !ctx || !analyzer) return null;
      const r = analyzer.resolveModule(ctx, stmt).resolution;
      if (r?.kind !== "first-party") return null;
      const last = r.chain[r.chain.length - 1]!;
      if (last.kind === "namespace") return { file: null, isPackage: true, searchDirs: last.searchDirs };
      if (last.kind !== "module" && last.kind !== "package") return null;
      return { file: last.file, isPackage: last.kind === "package", searchDirs: last.searchDirs };
    },
    submodules: (dirs) => {
      const out = new Set<string>();
      for (const dir of dirs) for (const [name, kind] of files.fs.list(dir)) {
        if (kind === "dir" && name !== "__pycache__") out.add(name);
        else if (name.endsWith(".py") && name !== "__init__.py") out.add(name.slice(0, -3));
      }
      return [...out];
    },
  };
}
