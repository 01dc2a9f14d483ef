// Glob patterns (exclude, per-file-ignores, pytest's python_files, norecursedirs and testpaths) matched in time
// bounded by the pattern's and the path's lengths, never backtracking: picomatch's regular expressions take seconds
// to minutes on `*a*a*a*a*b` against one long file name, and a repository's configuration is input. The patterns this
// matcher takes (literals, `*`, `?`, `**` segments, `{a,b}` alternatives) match exactly what picomatch matches with
// `dot: true` on normalised relative paths (a test compares both); others (character classes, extglobs, escapes)
// are left to picomatch, on paths of bounded length.
import picomatch from "picomatch";

export type Matcher = (path: string) => boolean;

/** Longer paths are not matched by picomatch's fallback (none that a repository holds comes near). */
const MAX_FALLBACK_PATH = 1024;
/** A pattern whose alternatives multiply past this is left to picomatch. */
const MAX_ALTERNATIVES = 256;

/** `{a,b}c` → `ac`, `bc` (nested too); null when a brace is unbalanced, holds a range (`{1..3}`), or they multiply. */
function expandBraces(pattern: string): string[] | null {
  const open = pattern.indexOf("{");
  if (open < 0) return pattern.includes("}") ? null : [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      close = i;
      break;
    } else if (c === "," && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0) return null;
  const inner = pattern.slice(open + 1, close);
  if (inner.includes("..")) return null;
  const cuts = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const expanded = expandBraces(pattern.slice(0, open) + pattern.slice(cuts[k]! + 1, cuts[k + 1]) + pattern.slice(close + 1));
    if (expanded === null) return null;
    out.push(...expanded);
    if (out.length > MAX_ALTERNATIVES) return null;
  }
  return out;
}

/** One path segment against one pattern segment of literals, `*` and `?`: the classic two-pointer match, O(n·m). */
function segmentMatches(p: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

/** A path's segments against a pattern's, where a `**` segment stands for any number of segments (memoised). */
function segmentsMatch(pattern: string[], path: string[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (pi: number, si: number): boolean => {
    if (pi === pattern.length) return si === path.length;
    const key = pi * (path.length + 1) + si;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (pattern[pi] === "**") r = go(pi + 1, si) || (si < path.length && go(pi, si + 1));
    else if (pattern[pi] === "**+") r = si < path.length && (go(pi + 1, si + 1) || go(pi, si + 1));
    else r = si < path.length && segmentMatches(pattern[pi]!, path[si]!) && go(pi + 1, si + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** A path this matcher can judge as picomatch would: relative, normalised, non-empty. */
const normalised = (p: string): boolean => p !== "" && !p.startsWith("/") && !p.endsWith("/") && !p.split("/").some((s) => s === "" || s === "." || s === "..");

/** Compiles `pattern` (as picomatch with `dot: true` reads it). */
export function compileGlob(pattern: string): Matcher {
  const p = pattern.replace(/^(\.\/)+/, "");
  const alternatives = /[[\]()!+@\\]/.test(p) || p.endsWith("/") || p.startsWith("/") || p === "" ? null : expandBraces(p);
  const fallback = picomatch(pattern, { dot: true });
  if (alternatives === null) return (path) => path.length <= MAX_FALLBACK_PATH && fallback(path);
  // A segment of two stars or more is a globstar; elsewhere in a segment, a run of stars is one.
  // As picomatch reads it, a final `/**` after a segment ending in a star needs one segment at least (`*/**` does not
  // match `a`, where `a/**` does): "**+".
  const compiled = alternatives.map((alt) => {
    // Consecutive globstars are one.
    const segs = alt
      .split("/")
      .map((seg) => (/^\*{2,}$/.test(seg) ? "**" : seg.replace(/\*+/g, "*")))
      .filter((seg, i, all) => !(seg === "**" && all[i - 1] === "**"));
    const n = segs.length;
    if (n >= 2 && segs[n - 1] === "**" && segs[n - 2] !== "**" && segs[n - 2]!.endsWith("*")) segs[n - 1] = "**+";
    return segs;
  });
  return (path) => (normalised(path) ? compiled.some((segs) => segmentsMatch(segs, path.split("/"))) : path.length <= MAX_FALLBACK_PATH && fallback(path));
}
