// What a fixer sees: the finished analysis (facts, resolutions, project data) and the source text of any file.
import path from "node:path";
import type { CheckContext, FileAnalysis } from "../../checks/types.js";
import type { RawDiagnostic } from "../../diagnostic.js";
import type { ImportAnalyzer, ImportResult } from "../../resolve/imports.js";
import type { Resolver } from "../../resolve/resolver.js";
import type { NameResult } from "../../resolve/imports.js";
import type { Node, Tree } from "web-tree-sitter";
import { getParser } from "../../parse/parser.js";
import { decodeSource, nameUse, readText, type NameUse, type SourceText } from "../source.js";
import type { Fix } from "../types.js";
import { relativePosix } from "../../discover/files.js";

export interface FixContext {
  cc: CheckContext;
  resolver: Resolver;
  analyzer: ImportAnalyzer;
  byAbs: Map<string, FileAnalysis>;
  /** Decoded text of a repo-relative or absolute path (cached), or null when it cannot be read. */
  source(p: string): SourceText | null;
  rel(abs: string): string;
  /** Runs `fn` on the file's syntax tree (parsed once per fix run; null when the file cannot be read). */
  withTree<T>(p: string, fn: (root: Node, text: string) => T): Promise<T | null>;
  /** Frees the syntax trees (wasm memory is not garbage-collected). */
  dispose(): void;
  /** How a file uses a name outside imports (cached). */
  use(p: string, name: string): Promise<NameUse>;
  /** Every from-import, anywhere, of `name` from the module `target` (a file or a namespace package name) that lacks it. */
  importersOfMissing(target: string, name: string): { file: FileAnalysis; name: NameResult }[];
}

/** The statement a diagnostic is about, and the file it is in. */
export interface Origin {
  file: FileAnalysis;
  result: ImportResult;
}

/** A fixer's repairs for one diagnostic: one, or several candidates, best first. */
export type Fixer = (d: RawDiagnostic, origin: Origin, fx: FixContext) => Promise<Fix | Fix[] | null>;

/** `buffers`: texts an editor holds, by absolute path, read instead of the files on disk. */
export function fixContext(cc: CheckContext, resolver: Resolver, analyzer: ImportAnalyzer, files: FileAnalysis[], buffers: ReadonlyMap<string, string> = new Map()): FixContext {
  const texts = new Map<string, SourceText | null>();
  for (const [abs, text] of buffers) {
    const t = decodeSource(Buffer.from(text, "utf8"));
    texts.set(abs, "error" in t ? null : t);
  }
  const toAbs = (p: string): string => (path.isAbsolute(p) ? p : path.join(cc.root, p));
  const uses = new Map<string, Promise<NameUse>>();
  const trees = new Map<string, Tree>();
  let missing: Map<string, { file: FileAnalysis; name: NameResult }[]> | null = null;
  const missingKey = (target: string, name: string): string => `${target}\0${name}`;
  const fx: FixContext = {
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
    rel: (abs) => relativePosix(cc.root, abs),
    async withTree(p, fn) {
      const abs = toAbs(p);
      const src = fx.source(abs);
      if (!src) return null;
      let tree = trees.get(abs);
      if (!tree) {
        const parsed = (await getParser()).parse(src.text);
        if (!parsed) return null;
        // A bounded number of live trees: the oldest is freed first.
        if (trees.size >= 64) {
          const [oldest, t] = trees.entries().next().value!;
          t.delete();
          trees.delete(oldest);
        }
        trees.set(abs, (tree = parsed));
      }
      return fn(tree.rootNode, src.text);
    },
    dispose() {
      for (const t of trees.values()) t.delete();
      trees.clear();
    },
    use(p, name) {
      const abs = toAbs(p);
      const key = `${abs}\0${name}`;
      let u = uses.get(key);
      if (!u) {
        u = fx.withTree(abs, (root, text) => nameUse(root, text, name)).then((x) => x ?? { used: false, attributes: [], called: false });
        uses.set(key, u);
      }
      return u;
    },
    importersOfMissing(target, name) {
      if (!missing) {
        missing = new Map();
        for (const f of files) {
          for (const r of f.results) {
            for (const n of r.names) {
              if (n.verdict.kind !== "missing") continue;
              const k = missingKey(n.verdict.target.file ?? n.verdict.target.name, n.name.name);
              (missing.get(k) ?? missing.set(k, []).get(k)!).push({ file: f, name: n });
            }
          }
        }
      }
      return missing.get(missingKey(target, name)) ?? [];
    },
  };
  return fx;
}
