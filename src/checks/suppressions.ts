// Suppressions: `# noqa[: CODES]` and `# import-doctor: ignore[CODES]` on a finding's line (or its statement's first
// or last line), and `# import-doctor: skip-file` anywhere in a file. IMP010 unused-suppression: a suppression of one
// of our codes that suppresses nothing, or names a code that does not exist. A bare `# noqa` is shared with other
// linters and is never reported; codes of other tools (`E501`) are not ours to judge.
import type { RawDiagnostic } from "../diagnostic.js";
import type { Suppression } from "../parse/facts.js";
import { RULE_CODES, unknownCodeMessage } from "./codes.js";
import type { FileAnalysis, RuleMeta } from "./types.js";

export const unusedSuppression: RuleMeta = {
  code: "IMP010",
  name: "unused-suppression",
  summary: "A noqa or import-doctor: ignore comment that suppresses nothing, or names an unknown code",
  docs: `## What it does
Reports \`# noqa: IMPxxx\` and \`# import-doctor: ignore[IMPxxx]\` comments whose codes suppress no finding on their
line (the finding was repaired, or was never there), and codes that are no rule of import-doctor (\`IMP02\`).
A bare \`# noqa\` and other tools' codes (\`E501\`) are left alone.

## Why is this bad?
A stale suppression hides the next real finding on that line.`,
};

const OURS = /^IMP\d+$/;
/** Findings that come and go with the environment found (or the lock file, or --upgrade): a suppression of them may
 * be needed on the next machine, so it is never called unused. */
const ENVIRONMENTAL = new Set(["IMP005", "IMP009"]);

/** The lines a diagnostic can be suppressed on. */
const linesOf = (d: RawDiagnostic): number[] => [d.line, d.statementLines[0], d.statementLines[1]];

/** The suppression that hides `d`, if one does. */
export function suppressing(d: RawDiagnostic, file: FileAnalysis | undefined): Suppression | undefined {
  const lines = linesOf(d);
  return (file?.facts?.suppressions ?? []).find((s) => s.kind === "skip-file" || (lines.includes(s.line) && (s.codes === null || s.codes.includes(d.code))));
}

/**
 * IMP010 for each suppression in `files` that hides none of `found` (every finding before filters and order
 * effects, so that one masked by an earlier failure still counts). `enabled`: codes not selected are not judged.
 */
export function unusedSuppressions(files: FileAnalysis[], found: RawDiagnostic[], enabled: (code: string) => boolean): RawDiagnostic[] {
  const byPath = new Map<string, RawDiagnostic[]>();
  for (const d of found) (byPath.get(d.path) ?? byPath.set(d.path, []).get(d.path)!).push(d);
  const out: RawDiagnostic[] = [];
  for (const f of files) {
    const sups = f.facts?.suppressions ?? [];
    if (sups.length === 0) continue;
    const here = byPath.get(f.ctx.rel) ?? [];
    for (const s of sups) {
      if (s.kind === "skip-file") continue;
      const onLine = here.filter((d) => linesOf(d).includes(s.line));
      if (s.codes === null) {
        if (s.kind === "ignore" && onLine.length === 0) out.push(diagnostic(f, s, "Unused `import-doctor: ignore` directive: no finding on this line"));
        continue;
      }
      for (const code of s.codes.filter((c) => OURS.test(c))) {
        if (!(RULE_CODES as readonly string[]).includes(code)) out.push(diagnostic(f, s, `${unknownCodeMessage(code).replace(/^unknown rule code/, "Unknown rule code")} in a suppression comment`));
        else if (code !== unusedSuppression.code && !ENVIRONMENTAL.has(code) && enabled(code) && !onLine.some((d) => d.code === code)) out.push(diagnostic(f, s, `Unused suppression of \`${code}\`: it suppresses no finding on this line`));
      }
    }
  }
  return out;
}

function diagnostic(f: FileAnalysis, s: Suppression, message: string): RawDiagnostic {
  return {
    code: unusedSuppression.code,
    rule: unusedSuppression.name,
    severity: "warning",
    path: f.ctx.rel,
    line: s.line,
    column: 1,
    endLine: s.line,
    endColumn: 1,
    message,
    runtimeError: null,
    context: "in a comment",
    module: null,
    name: null,
    notes: [],
    fix: null,
    statementLines: [s.line, s.line],
  };
}
