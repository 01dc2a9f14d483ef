// What parsed conditions mean on the target Python: which exceptions an `except` list catches, and the value of a
// literal `sys.version_info` comparison. Used by the gate (checks/) and the import simulation (graph/) alike.
import type { Condition } from "./facts.js";

const IMPORT_FAMILY = new Set(["ImportError", "ModuleNotFoundError"]);

/** Whether an `except` list catches nothing but ImportError and ModuleNotFoundError (then an import step decides whether its handler runs). */
export function catchesOnlyImportErrors(list: string[]): boolean {
  return list.every((raw) => IMPORT_FAMILY.has(raw.slice(raw.lastIndexOf(".") + 1)));
}

/** Whether an `except` list catches the error class. ModuleNotFoundError is a subclass of ImportError, not the reverse. */
export function catches(list: string[], errorClass: "ModuleNotFoundError" | "ImportError" | "AttributeError" | "SyntaxError" | "KeyError" | "TypeError"): boolean {
  return list.some((raw) => {
    const n = raw.slice(raw.lastIndexOf(".") + 1);
    if (n === "*" || n === "Exception" || n === "BaseException") return true;
    if (errorClass === "KeyError") return n === "KeyError" || n === "LookupError";
    if (errorClass === "AttributeError" || errorClass === "SyntaxError" || errorClass === "TypeError") return n === errorClass;
    return n === "ImportError" || (errorClass === "ModuleNotFoundError" && n === "ModuleNotFoundError");
  });
}

/** Python tuple ordering: first differing item decides; a proper prefix is smaller. */
function compareTuples(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** true/false for a literal `sys.version_info` comparison on the target version, null if unknowable. */
export function evaluateVersion(c: Condition, target: number[]): boolean | null {
  if (c.kind !== "version" || !c.op || !c.version) return null;
  // sys.version_info is a 5-tuple (3, 12, micro, 'final', serial); `[:2]` slices it.
  const slice = /sys\.version_info\[(?:0)?:(\d)\]/.exec(c.text);
  const leftLen = slice ? Number(slice[1]) : 5;
  if (c.version.length > 2 && leftLen > 2) return null; // depends on the micro version
  const left = [target[0] ?? 3, target[1] ?? 0, 0, 0, 0].slice(0, leftLen);
  const cmp = compareTuples(left, c.version);
  let r: boolean;
  switch (c.op) {
    case ">=": r = cmp >= 0; break;
    case ">": r = cmp > 0; break;
    case "<": r = cmp < 0; break;
    case "<=": r = cmp <= 0; break;
    case "==": r = cmp === 0; break;
    case "!=": r = cmp !== 0; break;
    default: return null;
  }
  return c.branch ? r : !r;
}
