// The dry run's output: a git-style unified diff of every change (edits, creations, renames, deletions).
import { structuredPatch } from "diff";
import { decodeSource } from "./source.js";
import type { Change } from "./engine.js";

function text(b: Buffer | null): string | null {
  if (b === null) return "";
  const d = decodeSource(b);
  return "error" in d ? null : (d.bom ? "\ufeff" : "") + d.text;
}

function hunks(a: string, b: string): string[] {
  const patch = structuredPatch("a", "b", a, b, "", "", { context: 3 });
  const out: string[] = [];
  for (const h of patch.hunks) {
    // An empty side is written as the line before it (git: `@@ -0,0 +1,4 @@` for a new file).
    const range = (start: number, lines: number): string => (lines === 1 ? `${start}` : `${lines === 0 ? Math.max(0, start - 1) : start},${lines}`);
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    for (const l of h.lines) out.push(l.replace(/\r$/, ""));
  }
  return out;
}

/** Percentage of the old file's lines that survive, as git's "similarity index" reports it (roughly). */
function similarity(a: string, b: string): number {
  if (a === b) return 100;
  const old = a.split("\n");
  const kept = new Set(b.split("\n"));
  return Math.floor((100 * old.filter((l) => kept.has(l)).length) / Math.max(old.length, 1));
}

const octal = (mode: number): string => (mode & 0o170000 ? mode : 0o100000 | mode).toString(8);

export function renderDiff(changes: Change[]): string {
  const out: string[] = [];
  for (const c of changes) {
    const a = text(c.before);
    const b = text(c.after);
    const from = c.from ?? c.to!;
    const to = c.to ?? c.from!;
    out.push(`diff --git a/${from} b/${to}`);
    if (c.kind === "create") out.push(`new file mode ${octal(c.mode)}`);
    if (c.kind === "delete") out.push(`deleted file mode ${octal(c.mode)}`);
    if (c.kind === "rename") {
      out.push(`similarity index ${a !== null && b !== null ? similarity(a, b) : 0}%`, `rename from ${from}`, `rename to ${to}`);
      if (a === b) continue;
    }
    if (a === null || b === null) {
      out.push(`Binary files ${c.from ? `a/${from}` : "/dev/null"} and ${c.to ? `b/${to}` : "/dev/null"} differ`);
      continue;
    }
    out.push(`--- ${c.from ? `a/${from}` : "/dev/null"}`, `+++ ${c.to ? `b/${to}` : "/dev/null"}`, ...hunks(a, b));
  }
  return out.length ? out.join("\n") + "\n" : "";
}
