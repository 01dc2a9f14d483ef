// The code that uses an imported name, when all of it can go with the name: whole call statements
// (`app.include_router(conversation.router)`), elements of a literal tuple or list, and `__all__` entries.
import type { Node } from "web-tree-sitter";
import { spanEdit, useSites } from "./source.js";
import type { TextEdit } from "./types.js";

type Span = { start: number; end: number; text: string };

const isCallStatement = (s: Node): boolean => {
  const e = s.namedChildren.filter((c) => c && c.type !== "comment");
  if (s.type !== "expression_statement" || e.length !== 1) return false;
  const x = e[0]!.type === "await" ? e[0]!.namedChildren[0] : e[0];
  return x?.type === "call";
};

/** Whether a tuple or list is what is assigned to (`a, b = …`, `for a, b in …`), not a value. */
function isTarget(n: Node): boolean {
  const p = n.parent;
  return !!p && (p.type === "assignment" || p.type === "augmented_assignment" || p.type === "for_statement" || p.type === "for_in_clause") && p.childForFieldName("left")?.id === n.id;
}

/** The statement that contains `n` directly in a block or the module. */
function statementOf(n: Node): Node | null {
  for (let p: Node | null = n; p; p = p.parent) if (p.parent && (p.parent.type === "module" || p.parent.type === "block")) return p;
  return null;
}

/** The span that removes `el` from its collection with one separating comma, or null when it is the only element. */
function elementSpan(el: Node): Span | null {
  const parent = el.parent!;
  const items = parent.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  const i = items.findIndex((c) => c.id === el.id);
  if (i < 0 || items.length < 2) return null;
  return i < items.length - 1 ? { start: el.startIndex, end: items[i + 1]!.startIndex, text: "" } : { start: items[i - 1]!.endIndex, end: el.endIndex, text: "" };
}

/** The span of whole lines a statement occupies, or null when it shares a line with other code. */
function wholeLines(text: string, s: Node): Span | null {
  const lineStart = text.lastIndexOf("\n", s.startIndex - 1) + 1;
  if (text.slice(lineStart, s.startIndex).trim() !== "") return null;
  const nl = text.indexOf("\n", s.endIndex);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  const rest = text.slice(s.endIndex, nl < 0 ? text.length : nl).trim();
  if (rest !== "" && !rest.startsWith("#")) return null;
  return { start: lineStart, end: lineEnd, text: "" };
}

/**
 * Edits that delete every use of `name` in the file (import statements aside), or why they cannot: each use must be in
 * a call statement of its own lines, an element of a literal tuple or list with other elements, or an `__all__` entry.
 * A block emptied by the deletions keeps a `pass`.
 */
export function removeUses(root: Node, text: string, rel: string, name: string): TextEdit[] | { why: string } {
  const spans: Span[] = [];
  const deleted = new Map<number, { block: Node; statements: Set<number> }>();
  for (const id of useSites(root, text, name)) {
    const parent = id.parent!;
    if ((parent.type === "tuple" || parent.type === "list") && !isTarget(parent)) {
      const span = elementSpan(id);
      if (span) {
        spans.push(span);
        continue;
      }
    }
    const s = statementOf(id);
    if (!s || !isCallStatement(s)) return { why: `line ${id.startPosition.row + 1} uses \`${name}\` in a way that cannot be deleted whole` };
    const span = wholeLines(text, s);
    if (!span) return { why: `line ${id.startPosition.row + 1} shares its line with other code` };
    const block = s.parent!;
    const entry = deleted.get(block.id) ?? deleted.set(block.id, { block, statements: new Set() }).get(block.id)!;
    if (!entry.statements.has(s.id)) {
      entry.statements.add(s.id);
      spans.push({ ...span, start: span.start, end: span.end });
    }
  }
  // `__all__ = [..., "name", ...]` at module level.
  for (const stmt of root.namedChildren) {
    const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : null;
    if (!a || (a.type !== "assignment" && a.type !== "augmented_assignment") || a.childForFieldName("left")?.text !== "__all__") continue;
    const right = a.childForFieldName("right");
    if (!right || (right.type !== "list" && right.type !== "tuple")) continue;
    for (const el of right.namedChildren) {
      if (el?.type !== "string" || el.text.slice(1, -1) !== name) continue;
      const span = elementSpan(el);
      if (!span) return { why: `\`__all__\` lists only \`${name}\`` };
      spans.push(span);
    }
  }
  if (spans.length === 0) return { why: `nothing uses \`${name}\`` };
  // A block whose every statement goes keeps one `pass` in place of its first.
  for (const { block, statements } of deleted.values()) {
    const kept = block.namedChildren.filter((c) => c && c.type !== "comment" && !statements.has(c.id));
    if (kept.length > 0 || block.type === "module") continue;
    const first = block.namedChildren.find((c) => c && statements.has(c.id))!;
    const i = spans.findIndex((x) => x.start <= first.startIndex && first.endIndex <= x.end);
    spans[i] = { start: first.startIndex, end: first.endIndex, text: "pass" };
  }
  return spans.sort((a, b) => a.start - b.start).map((s) => spanEdit(rel, text, s.start, s.end, s.text));
}
