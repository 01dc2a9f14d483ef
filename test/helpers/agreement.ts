// The differential check shared by scenario and fixture tests: python3's failures vs import-doctor's error diagnostics.
import path from "node:path";
import { expect } from "vitest";
import type { AnalysisResult } from "../../src/analyze.js";
import { probe, type ProbeResult } from "./python.js";
import { isTestFile, moduleIdentity, planFor, pytestIdentity, type Scenario } from "./scenario.js";

const key = (file: string | null | undefined, line: number | null | undefined, error: string | null | undefined): string => `${file}:${line}: ${error}`;

/** Asserts no false negatives (every CPython failure predicted) and no false positives (every error confirmed). Returns the failures. */
export function expectAgreement(s: Pick<Scenario, "dir" | "stubs" | "installed">, result: AnalysisResult, python = "python3"): ProbeResult[] {
  const diags = result.diagnostics.filter((d) => d.severity === "error");
  // Modules are imported under the name import-doctor's diagnostics claim ("when X is imported"), so CPython judges
  // that claim; scripts are run as scripts.
  const plan = planFor({ ...s, name: "", description: "", pythonVersion: "", expected: [] }, result.identities, result.scripts ?? []);
  const real = probe(plan, python);
  // A file that cannot be imported under its own name at all (shadowed by a module file) has no statement to blame.
  const unreachable = (r: ProbeResult): boolean => !r.errorFile && plan.modules!.some((m) => m.file === r.file && r.error?.includes(`No module named '${m.name}'`));
  const failures = [...real.modules, ...real.scripts, ...real.pytest].filter((r) => !r.ok && !unreachable(r));
  // Warnings count as predictions (they say "this fails if it runs"); only errors must be certain.
  const predicted = new Set(result.diagnostics.filter((d) => d.code !== "IMP000" && d.runtimeError).map((d) => key(d.path, d.line, d.runtimeError)));
  const syntaxFiles = new Set(diags.filter((d) => d.code === "IMP000").map((d) => d.path));

  for (const f of failures) {
    if (/^(SyntaxError|IndentationError|TabError)/.test(f.error ?? "")) {
      expect(syntaxFiles.has(f.file) || [...syntaxFiles].some((p) => f.error!.includes(path.basename(p))), `CPython: ${f.error}`).toBe(true);
      continue;
    }
    expect(predicted, `CPython raised ${key(f.errorFile, f.errorLine, f.error)} (importing ${f.file})`).toContain(key(f.errorFile, f.errorLine, f.error));
  }

  const seen = new Set(failures.map((f) => key(f.errorFile, f.errorLine, f.error)));
  const unconfirmed = diags.filter((d) => d.code !== "IMP000" && !seen.has(key(d.path, d.line, d.runtimeError)));
  if (unconfirmed.length > 0) {
    const statements = unconfirmed.map((d) => {
      const claimed = result.identities.get(d.path);
      // A script's statement runs in `__main__`, with the script's directory first on sys.path.
      const script = d.context.startsWith("when `python ");
      const id = script ? { name: "__main__", path: [path.dirname(path.join(s.dir, d.path))] } : isTestFile(d.path) ? pytestIdentity(s.dir, d.path) : claimed ? { name: claimed.name, path: [claimed.root] } : moduleIdentity(s.dir, d.path)!;
      return { file: d.path, name: id.name, path: id.path, line: d.line, column: d.column };
    });
    const alone = probe({ root: s.dir, stubs: s.stubs, installed: plan.installed, statements }, python).statements;
    unconfirmed.forEach((d, i) => {
      const r = alone[i]!;
      expect(r.ok, `${d.path}:${d.line} ${d.code}: CPython ran the statement without error`).toBe(false);
      expect(r.error).toBe(d.runtimeError);
    });
  }
  return failures;
}
