// `import-doctor graph --format html`: a self-contained page (no network, no library) that draws the graph, or the
// neighbourhood `--focus` picks: modules in columns by import depth, broken edges red and dashed with their codes,
// test files that a broken import keeps from collecting marked as blocked. The page lays itself out in the browser
// from the graph's JSON, so a large graph costs the reader, not the tool.
import type { ModuleGraph } from "../graph/module-graph.js";

/** Test and conftest files that reach a broken edge through eager imports: pytest cannot collect them. */
export function blockedTests(g: ModuleGraph): string[] {
  const out = new Map<string, { to: string; broken: boolean }[]>();
  for (const e of g.edges) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
  const blocked: string[] = [];
  for (const n of g.nodes) {
    if (n.kind !== "test" && n.kind !== "conftest") continue;
    const seen = new Set([n.id]);
    const queue = [n.id];
    let hit = false;
    while (queue.length > 0 && !hit) {
      for (const e of out.get(queue.shift()!) ?? []) {
        if (e.broken) hit = true;
        if (!seen.has(e.to)) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
    }
    if (hit) blocked.push(n.id);
  }
  return blocked;
}

/** JSON inside a <script>: `</script>` and friends cannot close it. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// The page's own script: plain ES2017 that any browser runs; it reads #graph-data and draws into #graph.
const SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var svgNs = "http://www.w3.org/2000/svg";
  var nodes = data.nodes, edges = data.edges, blocked = {};
  data.blocked.forEach(function (id) { blocked[id] = true; });
  var byId = {};
  nodes.forEach(function (n) { byId[n.id] = n; n.out = []; n.in = []; });
  edges.forEach(function (e) { if (byId[e.from] && byId[e.to]) { byId[e.from].out.push(e); byId[e.to].in.push(e); } });
  // Columns: with a focus, signed distance (importers left, imported right); else depth from modules nothing imports.
  var level = {};
  if (data.focus && byId[data.focus]) {
    level[data.focus] = 0;
    var queue = [data.focus];
    while (queue.length) {
      var id = queue.shift(), n = byId[id];
      n.out.forEach(function (e) { if (!(e.to in level)) { level[e.to] = level[id] + 1; queue.push(e.to); } });
      n.in.forEach(function (e) { if (!(e.from in level)) { level[e.from] = level[id] - 1; queue.push(e.from); } });
    }
  }
  nodes.forEach(function (n) { if (!(n.id in level) && n.in.length === 0) level[n.id] = 0; });
  for (var pass = 0; pass < nodes.length; pass++) {
    var changed = false;
    edges.forEach(function (e) {
      if (e.from in level && !(e.to in level)) { level[e.to] = level[e.from] + 1; changed = true; }
    });
    if (!changed) break;
  }
  nodes.forEach(function (n) { if (!(n.id in level)) level[n.id] = 0; });
  var columns = {};
  nodes.forEach(function (n) { (columns[level[n.id]] = columns[level[n.id]] || []).push(n); });
  var keys = Object.keys(columns).map(Number).sort(function (a, b) { return a - b; });
  var colWidth = 260, rowHeight = 44, boxHeight = 28, margin = 20, pos = {};
  var tallest = 0;
  keys.forEach(function (k, ci) {
    columns[k].sort(function (a, b) { return a.id < b.id ? -1 : 1; });
    columns[k].forEach(function (n, ri) { pos[n.id] = { x: margin + ci * colWidth, y: margin + ri * rowHeight }; });
    tallest = Math.max(tallest, columns[k].length);
  });
  var svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("width", String(margin * 2 + keys.length * colWidth));
  svg.setAttribute("height", String(margin * 2 + tallest * rowHeight));
  var defs = document.createElementNS(svgNs, "defs");
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker>' +
    '<marker id="arrow-broken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#c00"/></marker>';
  svg.appendChild(defs);
  var boxWidth = colWidth - 60;
  edges.forEach(function (e) {
    var a = pos[e.from], b = pos[e.to];
    if (!a || !b) return;
    var x1 = a.x + boxWidth, y1 = a.y + boxHeight / 2, x2 = b.x, y2 = b.y + boxHeight / 2;
    if (b.x <= a.x) { x1 = a.x + boxWidth / 2; y1 = a.y + boxHeight; x2 = b.x + boxWidth / 2; y2 = b.y; }
    var g = document.createElementNS(svgNs, "g");
    g.setAttribute("class", "edge" + (e.broken ? " broken" : ""));
    g.setAttribute("data-from", e.from);
    g.setAttribute("data-to", e.to);
    var path = document.createElementNS(svgNs, "path");
    var mx = (x1 + x2) / 2;
    path.setAttribute("d", "M " + x1 + " " + y1 + " C " + mx + " " + y1 + ", " + mx + " " + y2 + ", " + x2 + " " + y2);
    path.setAttribute("marker-end", e.broken ? "url(#arrow-broken)" : "url(#arrow)");
    g.appendChild(path);
    var title = document.createElementNS(svgNs, "title");
    title.textContent = e.from + " -> " + e.to + " (line " + e.line + ")" + (e.codes.length ? ": " + e.codes.join(", ") : "");
    g.appendChild(title);
    if (e.broken && e.codes.length) {
      var label = document.createElementNS(svgNs, "text");
      label.setAttribute("x", String(mx));
      label.setAttribute("y", String((y1 + y2) / 2 - 4));
      label.setAttribute("class", "codes");
      label.textContent = e.codes.join(",");
      g.appendChild(label);
    }
    svg.appendChild(g);
  });
  nodes.forEach(function (n) {
    var p = pos[n.id];
    var g = document.createElementNS(svgNs, "g");
    g.setAttribute("class", "node " + n.kind + (blocked[n.id] ? " blocked" : "") + (n.id === data.focus ? " focus" : ""));
    g.setAttribute("data-id", n.id);
    g.setAttribute("transform", "translate(" + p.x + "," + p.y + ")");
    var rect = document.createElementNS(svgNs, "rect");
    rect.setAttribute("width", String(boxWidth));
    rect.setAttribute("height", String(boxHeight));
    rect.setAttribute("rx", n.kind === "test" || n.kind === "conftest" ? "12" : "3");
    g.appendChild(rect);
    var text = document.createElementNS(svgNs, "text");
    text.setAttribute("x", "8");
    text.setAttribute("y", "18");
    var shown = n.id.length > 30 ? "\u2026" + n.id.slice(-29) : n.id;
    text.textContent = shown + (blocked[n.id] ? "  (blocked)" : "");
    g.appendChild(text);
    var title = document.createElementNS(svgNs, "title");
    title.textContent = n.id + (n.path ? " — " + n.path : " — not found") + (blocked[n.id] ? " — pytest cannot collect it" : "");
    g.appendChild(title);
    svg.appendChild(g);
  });
  document.getElementById("graph").appendChild(svg);
  document.getElementById("summary").textContent = nodes.length + " modules, " + edges.length + " imports, " +
    edges.filter(function (e) { return e.broken; }).length + " broken, " + data.blocked.length + " blocked test files";
})();
`;

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: #222; }
h1 { font-size: 18px; margin: 0 0 4px; }
#summary { color: #555; margin-bottom: 12px; }
#graph { overflow: auto; border: 1px solid #ddd; }
.node rect { fill: #f4f6fb; stroke: #667; }
.node.test rect, .node.conftest rect { fill: #eef8ee; stroke: #575; }
.node.missing rect { fill: #fff; stroke: #c00; stroke-dasharray: 4 3; }
.node.missing text { fill: #c00; }
.node.blocked rect { fill: #fde8e8; stroke: #c00; stroke-width: 2; }
.node.focus rect { stroke-width: 3; }
.node text { font: 12px ui-monospace, monospace; }
.edge path { fill: none; stroke: #888; stroke-width: 1.2; }
.edge.broken path { stroke: #c00; stroke-dasharray: 6 4; stroke-width: 1.8; }
.edge .codes { font: 11px ui-monospace, monospace; fill: #c00; text-anchor: middle; }
`;

export function renderGraphHtml(g: ModuleGraph, focus: string | null, root: string): string {
  const data = { focus, nodes: g.nodes, edges: g.edges, blocked: blockedTests(g) };
  const title = `import graph of ${root}${focus ? `, around ${focus}` : ""}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div id="summary"></div>
<div id="graph"></div>
<script type="application/json" id="graph-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
