// The module graph of eager (module-level) imports, with broken edges marked; exported by `import-doctor graph`.
import type { FileAnalysis } from "../checks/types.js";
import { eager } from "./circular.js";
import type { RawDiagnostic } from "../diagnostic.js";

export interface GraphNode {
  /** Dotted module name (test files and conftests by their pytest name; by path when files share one), or the missing
   * module's name. */
  id: string;
  path: string | null;
  kind: "module" | "test" | "conftest" | "missing";
}

export interface GraphEdge {
  from: string;
  to: string;
  line: number;
  /** The import statement fails (an error or warning with a runtime error on that line). */
  broken: boolean;
  /** Codes of the diagnostics on the statement. */
  codes: string[];
}

export interface ModuleGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function buildModuleGraph(files: FileAnalysis[], diagnostics: RawDiagnostic[], minor: number): ModuleGraph {
  // Every file is its own node: by its module name, unless another file has the same one (three `conftest.py` in
  // different directories, test files pytest imports by basename), then by its path.
  const named = new Map<string, number>();
  for (const f of files) {
    const id = f.ctx.identities[0]?.name;
    if (id && !f.ctx.unreachable) named.set(id, (named.get(id) ?? 0) + 1);
  }
  const nameOf = new Map<string, string>();
  for (const f of files) {
    const id = f.ctx.identities[0]?.name;
    if (id && !f.ctx.unreachable) nameOf.set(f.ctx.abs, named.get(id)! > 1 ? f.ctx.rel : id);
  }
  const nodes = new Map<string, GraphNode>();
  for (const f of files) {
    const id = nameOf.get(f.ctx.abs);
    if (id && !nodes.has(id)) nodes.set(id, { id, path: f.ctx.rel, kind: f.ctx.kind });
  }
  const onLine = new Map<string, RawDiagnostic[]>();
  for (const d of diagnostics) {
    const k = `${d.path}:${d.statementLines[0]}`;
    (onLine.get(k) ?? onLine.set(k, []).get(k)!).push(d);
  }
  const edges = new Map<string, GraphEdge>();
  const add = (from: string, to: string, line: number, ds: RawDiagnostic[]): void => {
    const k = `${from}\0${to}`;
    const broken = ds.some((d) => d.runtimeError !== null && d.severity !== "info");
    const e = edges.get(k);
    if (e) {
      e.broken ||= broken;
      for (const d of ds) if (!e.codes.includes(d.code)) e.codes.push(d.code);
      return;
    }
    edges.set(k, { from, to, line, broken, codes: [...new Set(ds.map((d) => d.code))] });
  };
  for (const f of files) {
    const from = nameOf.get(f.ctx.abs);
    if (!from) continue;
    for (const r of f.results) {
      if (!eager(r, minor) || !r.resolution || r.stmt.future) continue;
      const ds = onLine.get(`${f.ctx.rel}:${r.stmt.range.line}`) ?? [];
      const res = r.resolution;
      if (res.kind === "first-party") {
        const last = res.chain[res.chain.length - 1]!;
        const targets = new Set<string>();
        const lastName = last.file ? nameOf.get(last.file) : undefined;
        if (lastName) targets.add(lastName);
        for (const sub of r.submoduleFiles) {
          const n = nameOf.get(sub);
          if (n) targets.add(n);
        }
        for (const t of targets) if (t !== from) add(from, t, r.stmt.range.line, ds);
      } else if ((res.kind === "missing" || res.kind === "not-a-package") && r.absolute) {
        // A first-party prefix that exists, then nothing: the edge goes to the module CPython could not find.
        if (!nodes.has(r.absolute)) nodes.set(r.absolute, { id: r.absolute, path: null, kind: "missing" });
        add(from, r.absolute, r.stmt.range.line, ds);
      }
    }
  }
  return { nodes: [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), edges: [...edges.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : 1)) };
}

/** The nodes within `depth` edges of `focus` (either direction), and the edges between them. */
export function focusGraph(g: ModuleGraph, focus: string, depth: number): ModuleGraph {
  const keep = new Set([focus]);
  let frontier = [focus];
  for (let i = 0; i < depth; i++) {
    const next: string[] = [];
    for (const e of g.edges) {
      for (const [a, b] of [[e.from, e.to], [e.to, e.from]] as const) {
        if (frontier.includes(a) && !keep.has(b)) {
          keep.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return { nodes: g.nodes.filter((n) => keep.has(n.id)), edges: g.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}
