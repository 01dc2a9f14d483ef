// A baseline: the findings a legacy codebase has today, recorded so that only new ones are reported. Findings are
// keyed by rule, file and message with a count (report/fingerprint.ts), so edits that move lines revive none; a
// finding whose message or file changes is new.
import { existsSync, readFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostic.js";
import { UserError } from "../errors.js";
import { fingerprint } from "../report/fingerprint.js";
import { writeWhole } from "./output.js";

export class BaselineError extends UserError {}

interface Entry {
  path: string;
  code: string;
  message: string;
  fingerprint: string;
  count: number;
}

interface BaselineFile {
  version: 1;
  tool: "import-doctor";
  findings: Entry[];
}

export function writeBaseline(file: string, diagnostics: Diagnostic[]): number {
  const by = new Map<string, Entry>();
  for (const d of diagnostics) {
    if (d.severity === "info") continue;
    const fp = fingerprint(d);
    const e = by.get(fp) ?? by.set(fp, { path: d.path, code: d.code, message: d.message, fingerprint: fp, count: 0 }).get(fp)!;
    e.count++;
  }
  const findings = [...by.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.message < b.message ? -1 : 1));
  const body: BaselineFile = { version: 1, tool: "import-doctor", findings };
  writeWhole(file, `${JSON.stringify(body, null, 2)}\n`, "--write-baseline");
  return findings.reduce((n, e) => n + e.count, 0);
}

export function readBaseline(file: string): Map<string, number> {
  if (!existsSync(file)) throw new BaselineError(`--baseline ${file}: no such file (write one with --write-baseline ${file})`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new BaselineError(`--baseline ${file}: not a baseline file: ${(e as Error).message}`);
  }
  const b = doc as Partial<BaselineFile>;
  if (b?.tool !== "import-doctor" || b.version !== 1 || !Array.isArray(b.findings)) throw new BaselineError(`--baseline ${file}: not an import-doctor baseline (version 1)`);
  const counts = new Map<string, number>();
  for (const e of b.findings) {
    if (typeof e?.fingerprint !== "string" || typeof e.count !== "number") throw new BaselineError(`--baseline ${file}: an entry has no fingerprint or count`);
    counts.set(e.fingerprint, (counts.get(e.fingerprint) ?? 0) + e.count);
  }
  return counts;
}

/** The diagnostics the baseline does not record (each recorded one absorbs as many findings as its count). */
export function notInBaseline<T extends Diagnostic>(diagnostics: T[], counts: Map<string, number>): { kept: T[]; matched: number } {
  const left = new Map(counts);
  let matched = 0;
  const kept = diagnostics.filter((d) => {
    const fp = fingerprint(d);
    const n = left.get(fp) ?? 0;
    if (n <= 0) return true;
    left.set(fp, n - 1);
    matched++;
    return false;
  });
  return { kept, matched };
}
