// What an analysis found about the import graph as a whole, kept with a stored result: enough to tell, for an import
// added later, that the import leaves every other finding as it was (inert-imports.ts) without analysing again.
import { relativePosix } from "../discover/files.js";

/** Root-relative paths throughout; every list is of analysed files. */
export interface GraphRecord {
  /** The eager import graph: each file's module-level imports reach these files (circular.ts). */
  edges: [string, string[]][];
  /** The import cycles (strongly connected components): the files of each. */
  cycles: string[][];
  /** Files of cycles whose names depend on the import order (circular.ts: a star import within the cycle). */
  orderDependent: string[];
  /** Attribute names some code assigns on some object (`x.NAME = ...`), in any file. */
  attributeStores: string[];
  /** Files whose bodies some simulation ran as imports (of a circular-import entry, or of a test session for test
   * impact). */
  simulated: string[];
  /** Entries into import cycles from outside them whose simulation met an error that counts (circular.ts). */
  erringEntries: string[];
  /** Files that fail on import, or may (order-effects.ts). */
  failing: string[];
  /** Files with any finding before filters, suppressions and order effects (a syntax error included). */
  findings: string[];
  /** The dotted names first-party imports use for each file (they order a file's names: analyze.ts). */
  importedAs: [string, string[]][];
  /** Modules some code sets attributes on with setattr(). */
  setattrTargets: string[];
}

export interface GraphRecordInput {
  root: string;
  edges: Map<string, Set<string>>;
  cycleOf: Map<string, number>;
  orderDependent: Iterable<string>;
  attributeStores: Iterable<string>;
  simulated: Iterable<string>;
  erringEntries: Iterable<string>;
  failing: Iterable<string>;
  findings: Iterable<string>;
  importedAs: Map<string, Set<string>>;
  setattrTargets: Iterable<string>;
}

function groupByCycle(cycleOf: Map<string, number>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [file, c] of cycleOf) (out.get(c) ?? out.set(c, []).get(c)!).push(file);
  return out;
}

export function recordGraph(g: GraphRecordInput): GraphRecord {
  // Each file is named many times (an edge target per importer): path.relative once per file, not per mention
  // (on synthetic-10k, 330 ms against a few).
  const relOf = new Map<string, string>();
  const rel = (abs: string): string => {
    let r = relOf.get(abs);
    if (r === undefined) relOf.set(abs, (r = relativePosix(g.root, abs)));
    return r;
  };
  const rels = (xs: Iterable<string>): string[] => [...new Set(xs)].map(rel);
  return {
    edges: [...g.edges].filter(([, out]) => out.size > 0).map(([from, out]) => [rel(from), rels(out)]),
    cycles: [...groupByCycle(g.cycleOf).values()].map(rels),
    orderDependent: rels(g.orderDependent),
    attributeStores: [...new Set(g.attributeStores)],
    simulated: rels(g.simulated),
    erringEntries: rels(g.erringEntries),
    failing: rels(g.failing),
    findings: rels(g.findings),
    importedAs: [...g.importedAs].map(([file, names]) => [rel(file), [...names]]),
    setattrTargets: rels(g.setattrTargets),
  };
}

/** Whether any of `from` reaches `to` along the edges (a new edge from `to` to one of them would close a cycle). */
export function reaches(out: Map<string, Iterable<string>>, from: string[], to: string): boolean {
  const seen = new Set<string>(from);
  const queue = [...from];
  while (queue.length > 0) {
    const at = queue.pop()!;
    if (at === to) return true;
    for (const next of out.get(at) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}
