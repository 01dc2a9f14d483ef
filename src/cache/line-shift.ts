// An edit that only moves lines (a blank line, a comment line, a statement inside a function body) changes a file's
// facts in their line numbers alone. The analysis reads a file's lines only to order its own statements and to place
// its own findings, so a stored result still holds after such an edit once the findings in that file are moved by
// the same map. This module decides whether two parse outcomes differ that way and moves the findings.
import type { Fix } from "../fix/types.js";
import type { AnalysisResult } from "../analysis.js";
import type { RawDiagnostic } from "../diagnostic.js";
import type { ImportStatement, ModuleFacts, ParseOutcome } from "../parse/facts.js";

type Binding = ModuleFacts["bindings"][number];

/** Old line -> new line, for every line some fact of the file names. */
export type LineMap = Map<number, number>;

const LINE_KEYS = new Set(["line", "endLine"]);

/** Whether `a` and `b` are equal but for the numbers under `line`/`endLine` keys, collecting old -> new. */
function align(a: unknown, b: unknown, lines: LineMap, key: string | null): boolean {
  if (key !== null && LINE_KEYS.has(key) && typeof a === "number" && typeof b === "number") {
    const seen = lines.get(a);
    if (seen === undefined) lines.set(a, b);
    return seen === undefined || seen === b;
  }
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!align(a[i], b[i], lines, null)) return false;
    return true;
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!align((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], lines, k)) return false;
  }
  return true;
}

/**
 * The map from `before`'s lines to `after`'s when the two differ only in line numbers and the map keeps every line
 * in order (so every comparison of two lines of the file comes out the same); else null. Files with syntax errors
 * (CPython decides those) and files that edit namespaces dynamically (findings elsewhere quote those lines in
 * their notes) never qualify.
 */
export function lineShift(before: ParseOutcome, after: ParseOutcome): LineMap | null {
  if (before.kind !== "ok" || after.kind !== "ok") return null;
  for (const f of [before.facts, after.facts]) if (f.syntaxErrors.length > 0 || f.escapeHatches.length > 0) return null;
  const lines: LineMap = new Map();
  if (!align(before, after, lines, null)) return null;
  return inOrder(lines) ? lines : null;
}

/** Bindings by name, each name's in file order. */
function byName(bindings: Binding[]): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>();
  for (const b of bindings) {
    const list = out.get(b.name);
    if (list) list.push(b);
    else out.set(b.name, [b]);
  }
  return out;
}

/** Whether the lines of `lines` keep their order. */
function inOrder(lines: LineMap): boolean {
  const olds = [...lines.keys()].sort((x, y) => x - y);
  for (let i = 1; i < olds.length; i++) if (lines.get(olds[i]!)! <= lines.get(olds[i - 1]!)!) return false;
  return true;
}

/**
 * When `before` and `after` differ in line numbers and in the module-level bindings of some names alone (a
 * module-level line added, removed or edited that binds a name and does nothing else): those names, and the map of
 * every other line some fact names. Null when anything else differs, or as `lineShift` rules out. Whether the
 * analysis looked at those names decides whether its result still holds (name-uses.ts).
 */
export function namesShift(before: ParseOutcome, after: ParseOutcome): { lines: LineMap; names: Set<string> } | null {
  if (before.kind !== "ok" || after.kind !== "ok") return null;
  for (const f of [before.facts, after.facts]) if (f.syntaxErrors.length > 0 || f.escapeHatches.length > 0) return null;
  const { bindings: was, ...restBefore } = before.facts;
  const { bindings: is, ...restAfter } = after.facts;
  const lines: LineMap = new Map();
  if (!align({ ...before, facts: restBefore }, { ...after, facts: restAfter }, lines, null)) return null;
  const names = changedNames(was, is, lines);
  return inOrder(lines) ? { lines, names } : null;
}

/** Adds `own` (the line map of two things found equal) to `lines` when no line of it maps elsewhere there. */
function joined(lines: LineMap, own: LineMap): boolean {
  for (const [a, b] of own) if ((lines.get(a) ?? b) !== b) return false;
  for (const [a, b] of own) lines.set(a, b);
  return true;
}

/** The names bound differently in `was` and `is` (each name's bindings compared by `align`), the rest joined to `lines`. */
function changedNames(was: Binding[], is: Binding[], lines: LineMap): Set<string> {
  const names = new Set<string>();
  const old = byName(was);
  const now = byName(is);
  for (const name of new Set([...old.keys(), ...now.keys()])) {
    // A name whose bindings do not line up with the map so far differs (its lines stay out of the map).
    const own: LineMap = new Map();
    if (!align(old.get(name) ?? [], now.get(name) ?? [], own, null) || !joined(lines, own)) names.add(name);
  }
  return names;
}

/**
 * When `before` and `after` differ in line numbers, in the module-level bindings of some names, and in import
 * statements added or removed (an `import json` line added): those names (the added and removed statements bind
 * some of them), the statements, and the map of every other line some fact names. Null when anything else differs
 * (an import edited in place is one removed and one added), or as `lineShift` rules out. The stored result holds
 * when no one looked at those names and the statements are inert (inert-imports.ts).
 */
export function importsShift(before: ParseOutcome, after: ParseOutcome): { lines: LineMap; names: Set<string>; added: ImportStatement[]; removed: ImportStatement[] } | null {
  if (before.kind !== "ok" || after.kind !== "ok") return null;
  for (const f of [before.facts, after.facts]) if (f.syntaxErrors.length > 0 || f.escapeHatches.length > 0) return null;
  const { bindings: was, imports: old, ...restBefore } = before.facts;
  const { bindings: is, imports: now, ...restAfter } = after.facts;
  const lines: LineMap = new Map();
  if (!align({ ...before, facts: restBefore }, { ...after, facts: restAfter }, lines, null)) return null;
  // The longest run of statements kept in order (equal but for their lines): the ends that are the same, then the
  // classic table over what is between them (an edit adds or removes a few statements among tens).
  const same = (i: number, j: number): boolean => align(old[i], now[j], new Map(), null);
  let lo = 0;
  while (lo < old.length && lo < now.length && same(lo, lo)) lo++;
  let hi = 0;
  while (hi < old.length - lo && hi < now.length - lo && same(old.length - 1 - hi, now.length - 1 - hi)) hi++;
  const n = old.length - hi;
  const m = now.length - hi;
  if ((n - lo) * (m - lo) > 40_000) return null; // hundreds of statements between: comparing costs more than it saves
  const table: number[][] = Array.from({ length: n - lo + 1 }, () => new Array<number>(m - lo + 1).fill(0));
  const t = (i: number, j: number): number => table[i - lo]![j - lo]!;
  for (let i = n - 1; i >= lo; i--) for (let j = m - 1; j >= lo; j--) table[i - lo]![j - lo] = same(i, j) ? t(i + 1, j + 1) + 1 : Math.max(t(i + 1, j), t(i, j + 1));
  const pairs: [number, number][] = [];
  const added: ImportStatement[] = [];
  const removed: ImportStatement[] = [];
  for (let k = 0; k < lo; k++) pairs.push([k, k]);
  let i = lo;
  let j = lo;
  while (i < n || j < m) {
    if (i < n && j < m && same(i, j) && t(i, j) === t(i + 1, j + 1) + 1) pairs.push([i++, j++]);
    else if (j < m && (i === n || t(i, j + 1) >= t(i + 1, j))) added.push(now[j++]!);
    else removed.push(old[i++]!);
  }
  for (let k = hi; k > 0; k--) pairs.push([old.length - k, now.length - k]);
  for (const [a, b] of pairs) {
    const own: LineMap = new Map();
    align(old[a], now[b], own, null);
    if (!joined(lines, own)) return null;
  }
  const names = changedNames(was, is, lines);
  return inOrder(lines) ? { lines, names, added, removed } : null;
}

/**
 * `result` with the findings in `rel` (and the fix edits to it) moved by `lines`; null when one of them sits on a
 * line no fact names (its place after the edit is not known). Results with test impact or the import graph are
 * never moved (they quote lines in text); the caller analyses those again.
 */
export function shiftResult(result: AnalysisResult, rel: string, lines: LineMap): AnalysisResult | null {
  if (result.impact || result.graph) return null;
  let unknown = false;
  const move = (line: number): number => {
    const to = lines.get(line);
    if (to === undefined) unknown = true;
    return to ?? line;
  };
  const diagnostics = result.diagnostics.map((d): RawDiagnostic => {
    const fixes = [...(d.fix ? [d.fix] : []), ...(d.alternatives ?? [])];
    const edits = fixes.some((f) => f.edits.some((e) => e.path === rel));
    if (d.path !== rel && !edits) return d;
    const moved = d.path === rel ? { ...d, line: move(d.line), endLine: move(d.endLine), statementLines: [move(d.statementLines[0]), move(d.statementLines[1])] as [number, number] } : { ...d };
    const shift = (f: Fix): Fix => ({ ...f, edits: f.edits.map((e) => (e.path === rel ? { ...e, range: { ...e.range, line: move(e.range.line), endLine: move(e.range.endLine) } } : e)) });
    if (d.fix && edits) moved.fix = shift(d.fix);
    if (d.alternatives && edits) moved.alternatives = d.alternatives.map(shift);
    return moved;
  });
  return unknown ? null : { ...result, diagnostics };
}
