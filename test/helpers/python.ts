// Runs test/py/probe.py: what CPython and pytest really raise for a scenario repository.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
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
  /** Files run as `python <file>` (their directory first on sys.path). */
  scripts?: string[];
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

/** `python`: the interpreter to run (python3 on PATH by default; a pyenv version's for messages that differ). */
export function probe(plan: ProbePlan, python = "python3"): { modules: ProbeResult[]; scripts: ProbeResult[]; pytest: ProbeResult[]; statements: ProbeResult[]; session?: SessionResult } {
  const run = spawnSync(python, [PROBE], { input: JSON.stringify(plan), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`probe failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** pyenv's interpreter of a CPython version (`3.13`), or null when this machine has none. */
export function interpreter(v: string): string | null {
  const root = process.env.PYENV_ROOT ?? path.join(homedir(), ".pyenv");
  const dir = path.join(root, "versions");
  const found = existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(`${v}.`) && /^\d+\.\d+\.\d+$/.test(n)) : [];
  const bin = found.map((n) => path.join(dir, n, "bin", `python${v}`)).find((p) => existsSync(p));
  return bin ?? null;
}
