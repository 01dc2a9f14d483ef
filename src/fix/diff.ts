// The dry run's output: a git-style unified diff of every change (edits, creations, renames, deletions), as bytes
// that `git apply` takes: each file's lines in its own encoding, with its own line endings.
import { structuredPatch } from "diff";
import { decodePython } from "../parse/encoding.js";
import type { Change } from "./engine.js";

/** A file's text as git sees its lines (its line endings kept), and the encoding its lines are written back in. */
interface Side {
  text: string;
  encode: (line: string) => Buffer;
}

/** Encodings whose text turns back into the file's very bytes; another file's diff says "Binary files differ". */
const ENCODERS: Record<string, (line: string) => Buffer> = {
  "utf-8": (line) => Buffer.from(line, "utf8"),
  "latin-1": (line) => Buffer.from(line, "latin1"),
  ascii: (line) => Buffer.from(line, "latin1"),
};

function side(b: Buffer | null): Side | null {
  if (b === null) return { text: "", encode: ENCODERS["utf-8"]! };
  const d = decodePython(b);
  const encode = d.ok ? ENCODERS[d.encoding] : undefined;
  return d.ok && encode ? { text: (d.bom ? "\ufeff" : "") + d.text, encode } : null;
}

function hunks(a: string, b: string): string[] {
  const patch = structuredPatch("a", "b", a, b, "", "", { context: 3 });
  const out: string[] = [];
  for (const h of patch.hunks) {
    // An empty side is written as the line before it (git: `@@ -0,0 +1,4 @@` for a new file).
    const range = (start: number, lines: number): string => (lines === 1 ? `${start}` : `${lines === 0 ? Math.max(0, start - 1) : start},${lines}`);
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    // A line of a CRLF file keeps its \r, as git's own diff shows it and `git apply` expects it.
    for (const l of h.lines) out.push(l);
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

export function renderDiff(changes: Change[]): Buffer {
  const out: Buffer[] = [];
  const line = (l: string, encode: (line: string) => Buffer = ENCODERS["utf-8"]!): number => out.push(encode(l), Buffer.from("\n"));
  for (const c of changes) {
    const sa = side(c.before);
    const sb = side(c.after);
    const a = sa?.text ?? null;
    const b = sb?.text ?? null;
    const from = c.from ?? c.to!;
    const to = c.to ?? c.from!;
    line(`diff --git a/${from} b/${to}`);
    if (c.kind === "create") line(`new file mode ${octal(c.mode)}`);
    if (c.kind === "delete") line(`deleted file mode ${octal(c.mode)}`);
    if (c.kind === "rename") {
      for (const l of [`similarity index ${a !== null && b !== null ? similarity(a, b) : 0}%`, `rename from ${from}`, `rename to ${to}`]) line(l);
      if (a === b) continue;
    }
    if (a === null || b === null) {
      line(`Binary files ${c.from ? `a/${from}` : "/dev/null"} and ${c.to ? `b/${to}` : "/dev/null"} differ`);
      continue;
    }
    line(`--- ${c.from ? `a/${from}` : "/dev/null"}`);
    line(`+++ ${c.to ? `b/${to}` : "/dev/null"}`);
    // Hunk headers are ASCII; a line's text is in its file's encoding (both sides share one: fixes keep it).
    const encode = (c.before ? sa : sb)!.encode;
    for (const l of hunks(a, b)) line(l, l.startsWith("@@") ? undefined : encode);
  }
  return Buffer.concat(out);
}
