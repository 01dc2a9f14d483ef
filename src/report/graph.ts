// `import-doctor graph --format json|dot|mermaid`.
import type { ModuleGraph } from "../graph/module-graph.js";

export function renderGraphJson(g: ModuleGraph): string {
  return JSON.stringify({ version: 1, nodes: g.nodes, edges: g.edges }, null, 2) + "\n";
}

const dotId = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export function renderDot(g: ModuleGraph): string {
  const out = ["digraph imports {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];'];
  for (const n of g.nodes) {
    const style = n.kind === "missing" ? ", style=dashed, color=red, fontcolor=red" : n.kind === "test" || n.kind === "conftest" ? ", style=rounded" : "";
    out.push(`  ${dotId(n.id)} [label=${dotId(n.id)}${style}];`);
  }
  for (const e of g.edges) {
    const attrs = e.broken ? ` [color=red, style=dashed, label=${dotId(e.codes.join(","))}]` : "";
    out.push(`  ${dotId(e.from)} -> ${dotId(e.to)}${attrs};`);
  }
  out.push("}");
  return out.join("\n") + "\n";
}

export function renderMermaid(g: ModuleGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `n${i}`]));
  const label = (s: string): string => `"${s.replace(/"/g, "#quot;")}"`;
  const out = ["graph LR"];
  for (const n of g.nodes) out.push(`  ${ids.get(n.id)}[${label(n.id)}]`);
  const broken: number[] = [];
  g.edges.forEach((e, i) => {
    out.push(e.broken ? `  ${ids.get(e.from)} -. ${label(e.codes.join(","))} .-> ${ids.get(e.to)}` : `  ${ids.get(e.from)} --> ${ids.get(e.to)}`);
    if (e.broken) broken.push(i);
  });
  const missing = g.nodes.filter((n) => n.kind === "missing").map((n) => ids.get(n.id));
  if (missing.length) out.push(`  classDef missing stroke:#d00,stroke-dasharray:4,color:#d00`, `  class ${missing.join(",")} missing`);
  if (broken.length) out.push(`  linkStyle ${broken.join(",")} stroke:#d00`);
  return out.join("\n") + "\n";
}
