// Small readers of tree-sitter nodes the parse modules share: named children without comments, plain string literals.
import type { Node } from "web-tree-sitter";

/** The named children, comments left out. */
export const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");

/** The value of a plain string literal (no f-string, escape or implicit concatenation), or null. */
export function literal(n: Node): string | null {
  if (n.type !== "string") return null;
  const parts = named(n);
  if (parts.some((p) => p.type === "interpolation" || p.type === "escape_sequence")) return null;
  const content = parts.filter((p) => p.type === "string_content");
  return content.length === 0 ? "" : content.length === 1 ? content[0]!.text : null;
}
