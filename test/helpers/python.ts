// Runs test/py/probe.py: what CPython and pytest really raise for a scenario repository.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface ProbeResult {
  file: string;
  ok: boolean;
  error?: string;
  errorFile?: string | null;
  errorLine?: number | null;
  line?: number;
}

export interface ProbePlan {
  root: string;
  stubs: string[];
  installed?: string[];
  modules?: { file: string; name: string; path: string[] }[];
  pytest?: string[];
  statements?: { file: string; name: string; path: string[]; line: number; column: number }[];
  /** Also run one pytest session over the whole repository (`--collect-only`). */
  session?: boolean;
}

export interface SessionResult {
  /** Paths pytest reports as "ERROR collecting <path>". */
  failed: string[];
  conftestError: boolean;
  exitCode: number;
}

const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "py", "probe.py");

export function probe(plan: ProbePlan): { modules: ProbeResult[]; pytest: ProbeResult[]; statements: ProbeResult[]; session?: SessionResult } {
  const run = spawnSync("python3", [PROBE], { input: JSON.stringify(plan), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`probe failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
