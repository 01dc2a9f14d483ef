// What a fixer sees: the finished analysis (facts, resolutions, project data) and the source text of any file.
import path from "node:path";
import type { CheckContext, FileAnalysis } from "../../checks/types.js";
import type { RawDiagnostic } from "../../diagnostic.js";
import type { ImportAnalyzer, ImportResult } from "../../resolve/imports.js";
import type { Resolver } from "../../resolve/resolver.js";
import { readText, type SourceText } from "../source.js";
import type { Fix } from "../types.js";

export interface FixContext {
  cc: CheckContext;
  resolver: Resolver;
  analyzer: ImportAnalyzer;
  byAbs: Map<string, FileAnalysis>;
  /** Decoded text of a repo-relative or absolute path (cached), or null when it cannot be read. */
  source(p: string): SourceText | null;
  rel(abs: string): string;
}

/** The statement a diagnostic is about, and the file it is in. */
export interface Origin {
  file: FileAnalysis;
  result: ImportResult;
}

export type Fixer = (d: RawDiagnostic, origin: Origin, fx: FixContext) => Promise<Fix | null>;

export function fixContext(cc: CheckContext, resolver: Resolver, analyzer: ImportAnalyzer, files: FileAnalysis[]): FixContext {
  const texts = new Map<string, SourceText | null>();
  const toAbs = (p: string): string => (path.isAbsolute(p) ? p : path.join(cc.root, p));
  return {
    cc,
    resolver,
    analyzer,
    byAbs: new Map(files.map((f) => [f.ctx.abs, f])),
    source(p) {
      const abs = toAbs(p);
      if (!texts.has(abs)) {
        const t = readText(abs);
        texts.set(abs, "error" in t ? null : t);
      }
      return texts.get(abs)!;
    },
    rel: (abs) => path.relative(cc.root, abs).split(path.sep).join("/"),
  };
}
