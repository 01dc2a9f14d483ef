// `check --add-noqa`: a `# noqa: CODE` at the end of each finding's line (merged into a `# noqa: …` already there), as
// ruff's --add-noqa writes it, so that a legacy codebase can turn the check on for new code. Written like fixes:
// whole files or nothing, refused on files with uncommitted changes unless --allow-dirty.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Node } from "web-tree-sitter";
import type { RawDiagnostic } from "../diagnostic.js";
import type { Change } from "../fix/engine.js";
import { decodeSource, encodeSource, withTree } from "../fix/source.js";
import { outsideRoot } from "../discover/files.js";

const NOQA = /#\s*noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;

/** Whether the end of line `line` (1-based) lies inside a string (a docstring's first line): no comment can go there. */
function endInString(root: Node, lines: string[], line: number): boolean {
  const current = lines[line - 1]!;
  if (current.length === 0) return false;
  let offset = 0; // in the tree's text, whose lines end at \n
  for (let i = 0; i < line - 1; i++) offset += lines[i]!.length + 1;
  const n = root.descendantForIndex(offset + current.length - 1);
  for (let p: Node | null = n; p; p = p.parent) if ((p.type === "string" || p.type === "concatenated_string") && p.endPosition.row > line - 1) return true;
  return false;
}

/** The new text with a noqa for each code on its line; `skipped`: findings whose line cannot take a comment. */
export async function withNoqa(text: string, wanted: Map<number, Set<string>>): Promise<{ text: string; added: number; skipped: number }> {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  let added = 0;
  let skipped = 0;
  await withTree(text.split("\r\n").join("\n"), (root) => {
    for (const [line, codes] of wanted) {
      const current = lines[line - 1];
      if (current === undefined || /\\\s*$/.test(current) || endInString(root, lines, line)) {
        skipped += codes.size;
        continue;
      }
      const m = NOQA.exec(current);
      if (m && !m[1]) continue; // a bare `# noqa` suppresses everything already
      if (m) {
        const have = new Set(m[1]!.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()));
        const more = [...codes].filter((c) => !have.has(c)).sort();
        if (more.length === 0) continue;
        const at = m.index + m[0].length;
        lines[line - 1] = `${current.slice(0, at)}, ${more.join(", ")}${current.slice(at)}`;
        added += more.length;
      } else {
        lines[line - 1] = `${current.replace(/\s+$/, "")}  # noqa: ${[...codes].sort().join(", ")}`;
        added += codes.size;
      }
    }
  });
  return { text: lines.join(eol), added, skipped };
}

/** The changes that add the suppressions, by file; findings of IMP000 (a file that does not compile) take none. */
export async function noqaChanges(root: string, diagnostics: RawDiagnostic[]): Promise<{ changes: Change[]; added: number; skipped: number; unwritable: string[] }> {
  const byFile = new Map<string, Map<number, Set<string>>>();
  for (const d of diagnostics) {
    if (d.severity === "info" || d.code === "IMP000") continue;
    const lines = byFile.get(d.path) ?? byFile.set(d.path, new Map()).get(d.path)!;
    (lines.get(d.line) ?? lines.set(d.line, new Set()).get(d.line)!).add(d.code);
  }
  const changes: Change[] = [];
  const unwritable: string[] = [];
  let added = 0;
  let skipped = 0;
  for (const [rel, wanted] of byFile) {
    // A configured root outside the repository is checked, never written.
    if (outsideRoot(rel)) {
      unwritable.push(`${rel} (outside the repository)`);
      continue;
    }
    const abs = path.join(root, rel);
    let before: Buffer;
    try {
      before = readFileSync(abs);
    } catch {
      unwritable.push(rel);
      continue;
    }
    const src = decodeSource(before);
    if ("error" in src) {
      unwritable.push(`${rel} (${src.error})`);
      continue;
    }
    const next = await withNoqa(src.text, wanted);
    skipped += next.skipped;
    if (next.added === 0) continue;
    const after = encodeSource(next.text, src);
    if ("error" in after) {
      unwritable.push(`${rel} (${after.error})`);
      continue;
    }
    added += next.added;
    changes.push({ kind: "modify", from: rel, to: rel, before, after, mode: statSync(abs).mode });
  }
  return { changes, added, skipped, unwritable };
}
