// Asks the real interpreter about files tree-sitter could not parse: tree-sitter's recovery is not CPython's grammar.
import { spawnSync } from "node:child_process";
import type { SyntaxProblem } from "./facts.js";

export type SyntaxVerdict = { ok: true } | { ok: false; message: string; line: number; column: number };

const SCRIPT = `
import json, sys
out = {}
for path in json.load(sys.stdin):
    try:
        with open(path, "rb") as f:
            compile(f.read(), path, "exec", dont_inherit=True)
        out[path] = {"ok": True}
    except SyntaxError as e:
        out[path] = {"ok": False, "message": "%s: %s" % (type(e).__name__, e.msg), "line": e.lineno or 1, "column": e.offset or 1}
    except (ValueError, UnicodeDecodeError) as e:
        out[path] = {"ok": False, "message": "SyntaxError: %s" % e, "line": 1, "column": 1}
    except Exception:
        pass
print(json.dumps(out))
`;

/** The interpreter to ask: $IMPORT_DOCTOR_PYTHON, else python3; "none" disables the check. */
function interpreter(): string | null {
  const v = process.env.IMPORT_DOCTOR_PYTHON;
  if (v === "none") return null;
  return v || "python3";
}

/** Compiles each file with CPython; returns nothing for files it could not judge (no interpreter, crash). */
/** The syntax errors a file's facts get from CPython's verdict: none, or the one it raised. */
export const verdictErrors = (v: SyntaxVerdict): SyntaxProblem[] =>
  v.ok ? [] : [{ range: { line: v.line, column: v.column, endLine: v.line, endColumn: v.column + 1 }, message: v.message.replace(/^SyntaxError: /, ""), confirmed: true }];

export function confirmSyntax(paths: string[]): Map<string, SyntaxVerdict> {
  const result = new Map<string, SyntaxVerdict>();
  const python = interpreter();
  if (!python || paths.length === 0) return result;
  const run = spawnSync(python, ["-I", "-c", SCRIPT], { input: JSON.stringify(paths), encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 || !run.stdout) return result;
  try {
    const parsed = JSON.parse(run.stdout) as Record<string, SyntaxVerdict>;
    for (const [p, v] of Object.entries(parsed)) result.set(p, v);
  } catch {
    // an unusable answer is no answer
  }
  return result;
}
