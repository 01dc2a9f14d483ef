// CPython's tokenizer limits that tree-sitter does not have: more than 200 nested brackets ("too many nested
// parentheses", MAXLEVEL) and 100 levels of indentation ("too many levels of indentation", MAXINDENT). A file past
// either cannot be compiled, so every importer fails. Found here as suspects; python3 gives the verdict.
import type { Node } from "web-tree-sitter";

/** CPython's MAXLEVEL: brackets may nest this deep, no deeper. */
const MAX_BRACKETS = 200;
/** CPython's MAXINDENT: a statement this many blocks deep is refused. */
const MAX_INDENT = 100;

const OPEN = new Set(["(", "[", "{"]);
const CLOSE = new Set([")", "]", "}"]);

/** The deepest nesting of brackets in the raw text, strings and comments included: a cheap first look. */
function roughBracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/** The first bracket token nested deeper than CPython allows, walking the tree's tokens in order. */
function tooDeepBracket(root: Node): Node | null {
  const cursor = root.walk();
  let depth = 0;
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (OPEN.has(type) && cursor.currentNode.childCount === 0) {
        if (++depth > MAX_BRACKETS) return cursor.currentNode;
      } else if (CLOSE.has(type) && cursor.currentNode.childCount === 0) depth = Math.max(0, depth - 1);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return null;
    }
  } finally {
    cursor.delete();
  }
}

/** The first statement `MAX_INDENT` blocks deep. */
function tooDeepStatement(root: Node): Node | null {
  const visit = (node: Node, depth: number): Node | null => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      const inner = child.type === "block" ? depth + 1 : depth;
      if (child.type === "block" && inner >= MAX_INDENT) return child.namedChildren.find((c) => c !== null && c.type !== "comment") ?? child;
      const found = visit(child, inner);
      if (found) return found;
    }
    return null;
  };
  return visit(root, 0);
}

/** Suspects of either limit, reported through `report` with CPython's messages. */
export function checkNesting(root: Node, text: string, report: (node: Node, message: string) => void): void {
  if (roughBracketDepth(text) > MAX_BRACKETS) {
    const at = tooDeepBracket(root);
    if (at) report(at, "too many nested parentheses");
  }
  // A level of indentation takes a character at least: without a line indented 100 characters, no statement is that deep.
  if (/^[ \t\f]{100,}\S/m.test(text)) {
    const at = tooDeepStatement(root);
    if (at) report(at, "too many levels of indentation");
  }
}
