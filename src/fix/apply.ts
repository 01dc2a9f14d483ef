// Applies one pass of fixes to a tree: all text edits, then moves, creations and deletions; returns how to undo it.
import { existsSync, readFileSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { applyTextEdits, decodeSource, encodeSource, rangeOffsets } from "./source.js";
import { editKey, opKey, type Fix, type FileOp, type TextEdit } from "./types.js";
import { ensureParent, resolveInside, writeAtomic } from "./write.js";

export interface Undo {
  /** Runs the inverse operations, newest first. */
  run(): void;
}

type Pos = [number, number];
const before = (a: Pos, b: Pos): boolean => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
const same = (a: Pos, b: Pos): boolean => a[0] === b[0] && a[1] === b[1];
const startOf = (e: TextEdit): Pos => [e.range.line, e.range.column];
const endOf = (e: TextEdit): Pos => [e.range.endLine, e.range.endColumn];

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (same(startOf(a), endOf(a)) && same(startOf(b), endOf(b))) return same(startOf(a), startOf(b)); // two insertions at one point: order unknown
  return before(startOf(a), endOf(b)) && before(startOf(b), endOf(a));
}

/**
 * The fixes of one pass: in order, each one whose changes neither overlap nor contradict those already chosen
 * (identical changes, such as one move offered by every importer, are shared). The rest wait for the next pass.
 */
export function selectPass(fixes: Fix[]): Fix[] {
  const edits: TextEdit[] = [];
  const editKeys = new Set<string>();
  // Each path an op touches, with the op's key and whether the path exists for edits in this pass (a move's source does).
  const claims = new Map<string, { key: string; editable: boolean }>();
  const chosen: Fix[] = [];
  const touched = (o: FileOp): [string, boolean][] => (o.op === "move" ? [[o.path, true], [o.to!, false]] : [[o.path, false]]);
  for (const f of fixes) {
    const newEdits = f.edits.filter((e) => !editKeys.has(editKey(e)));
    const editClash = newEdits.some((e) => edits.some((x) => x.path === e.path && overlaps(x, e)) || claims.get(e.path)?.editable === false);
    const opClash = f.fileOps.some((o) => touched(o).some(([p, editable]) => {
      const c = claims.get(p);
      if (c && c.key !== opKey(o)) return true;
      return !editable && [...edits, ...f.edits].some((x) => x.path === p);
    }));
    if (editClash || opClash) continue;
    chosen.push(f);
    for (const e of newEdits) {
      edits.push(e);
      editKeys.add(editKey(e));
    }
    for (const o of f.fileOps) for (const [p, editable] of touched(o)) claims.set(p, { key: opKey(o), editable });
  }
  return chosen;
}

/** Why a fix cannot be applied to this tree as it is now, or null. */
export function precheck(root: string, fix: Fix): string | null {
  try {
    const byPath = new Map<string, TextEdit[]>();
    for (const e of fix.edits) (byPath.get(e.path) ?? byPath.set(e.path, []).get(e.path)!).push(e);
    for (const [p, list] of byPath) {
      const abs = resolveInside(root, p);
      if (!existsSync(abs)) return `${p} does not exist`;
      const src = decodeSource(readFileSync(abs));
      if ("error" in src) return `${p}: ${src.error}`;
      for (const e of list) {
        const [s, t] = rangeOffsets(src.text, e.range);
        if (t < s) return `${p}: an edit range is reversed`;
      }
      const out = encodeSource(applyTextEdits(src, list), src);
      if ("error" in out) return `${p}: ${out.error}`;
    }
    for (const o of fix.fileOps) {
      const abs = resolveInside(root, o.path);
      if (o.op === "create" && existsSync(abs)) return `${o.path} already exists`;
      if (o.op !== "create" && !existsSync(abs)) return `${o.path} does not exist`;
      if (o.op === "move" && existsSync(resolveInside(root, o.to!))) return `${o.to} already exists`;
    }
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/** Applies the (pre-checked, non-conflicting) fixes of one pass under `root`. */
export function applyPass(root: string, fixes: Fix[]): Undo {
  const undo: (() => void)[] = [];
  const run = (): void => {
    for (const u of undo.reverse()) u();
  };
  try {
    const edits = new Map<string, TextEdit>();
    const ops = new Map<string, FileOp>();
    for (const f of fixes) {
      for (const e of f.edits) edits.set(editKey(e), e);
      for (const o of f.fileOps) ops.set(opKey(o), o);
    }
    const byPath = new Map<string, TextEdit[]>();
    for (const e of edits.values()) (byPath.get(e.path) ?? byPath.set(e.path, []).get(e.path)!).push(e);
    for (const [p, list] of byPath) {
      const abs = resolveInside(root, p);
      const old = readFileSync(abs);
      const src = decodeSource(old);
      if ("error" in src) throw new Error(`${p}: ${src.error}`);
      const out = encodeSource(applyTextEdits(src, list), src);
      if ("error" in out) throw new Error(`${p}: ${out.error}`);
      writeAtomic(abs, out);
      undo.push(() => writeAtomic(abs, old));
    }
    const order: FileOp["op"][] = ["move", "create", "delete"];
    for (const kind of order) {
      for (const o of ops.values()) {
        if (o.op !== kind) continue;
        const abs = resolveInside(root, o.path);
        if (o.op === "move") {
          const to = resolveInside(root, o.to!);
          if (existsSync(to)) throw new Error(`${o.to} already exists`);
          const dirs = ensureParent(to);
          renameSync(abs, to);
          undo.push(() => {
            renameSync(to, abs);
            for (const d of [...dirs].reverse()) rmdirSync(d);
          });
        } else if (o.op === "create") {
          if (existsSync(abs)) throw new Error(`${o.path} already exists`);
          const dirs = ensureParent(abs);
          writeAtomic(abs, Buffer.from(o.content ?? "", "utf8"));
          undo.push(() => {
            rmSync(abs, { force: true });
            for (const d of [...dirs].reverse()) rmdirSync(d);
          });
        } else {
          const old = readFileSync(abs);
          rmSync(abs);
          undo.push(() => writeAtomic(abs, old));
        }
      }
    }
  } catch (e) {
    run();
    throw e;
  }
  return { run };
}
