// The fault-injection harness: the built CLI run as a subprocess against repositories made to fail in one way each,
// stopped at a chosen point of a fix's write (IMP_DOCTOR_FAULT_PAUSE_MS, src/fix/faults.ts) to edit a file or kill it.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { makeRepo } from "../helpers/tmp.js";

export const BIN = path.join(import.meta.dirname, "..", "..", "bin", "import-doctor.js");

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1", ...opts.env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `check --fix` paused before each file it writes; when it says it is about to write file `step`, calls `at`
 * with its pid and that file's path (`at` edits files, or kills the process), then lets it go on.
 */
export function fixPausedAt(root: string, step: number, at: (pid: number, rel: string) => void, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "check", root, "--fix", "--allow-dirty", ...args], { env: { ...process.env, NO_COLOR: "1", IMPORT_DOCTOR_FAULT_PAUSE_MS: "400", ...env } });
    let stdout = "";
    let stderr = "";
    let done = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const m = new RegExp(`fault pause before write ${step} \\((.*)\\)\n`).exec(stderr);
      if (!done && m) {
        done = true;
        try {
          at(child.pid!, m[1]!);
        } catch (e) {
          reject(e);
        }
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every file under `root` with its bytes (the cache directory left out), to compare trees. */
export function snapshotTree(root: string, skip = new Set([".import-doctor-cache", ".git"])): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (skip.has(name)) continue;
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(root, p), readFileSync(p, "latin1"));
    }
  };
  walk(root);
  return out;
}

/** Scratch files a fix's write leaves beside its targets, or its journal. */
export const scratchFiles = (root: string): string[] => [...snapshotTree(root).keys()].filter((p) => /\.import-doctor-\d+-[a-z0-9]+\.(new|old|tmp)$|^\.import-doctor-fix-/.test(path.basename(p)));

/**
 * A repository that `--fix` repairs by rewriting `n` test files (`import aioredis` → `from redis import asyncio as
 * aioredis`, redis being declared): a write of several files.
 */
export function deprecatedImports(n: number): string {
  const files: Record<string, string> = { "pyproject.toml": '[project]\nname = "shop"\nversion = "0"\nrequires-python = ">=3.11"\ndependencies = ["redis>=5"]\n' };
  for (let i = 0; i < n; i++) files[`tests/test_${i}.py`] = `import aioredis\n\n\ndef test_${i}():\n    assert aioredis\n`;
  return makeRepo(files);
}

export const FIXED = (i: number): string => `from redis import asyncio as aioredis\n\n\ndef test_${i}():\n    assert aioredis\n`;
export const ORIGINAL = (i: number): string => `import aioredis\n\n\ndef test_${i}():\n    assert aioredis\n`;
