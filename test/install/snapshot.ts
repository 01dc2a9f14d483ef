// Helpers of the install-route tests: a git repository holding the checkout as it is, commands run as a user would.
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

export const CHECKOUT = path.join(import.meta.dirname, "..", "..");

/** Author and committer for the commits the tests make, whatever the machine's git configuration. */
export const GIT_ENV = { GIT_AUTHOR_NAME: "import-doctor tests", GIT_AUTHOR_EMAIL: "tests@example.invalid", GIT_COMMITTER_NAME: "import-doctor tests", GIT_COMMITTER_EMAIL: "tests@example.invalid" };

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
}

/**
 * A fresh clone of the checkout at `dir`, holding the working tree as it is (uncommitted and untracked, not ignored,
 * files included) as one more commit: the git routes install what is being tested, not the last commit.
 */
export function snapshotCheckout(dir: string): string {
  git(path.dirname(dir), "clone", "-q", "--no-hardlinks", CHECKOUT, dir);
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: CHECKOUT, encoding: "utf8" });
  for (const rel of listed.split("\0").filter(Boolean)) {
    const from = path.join(CHECKOUT, rel);
    const to = path.join(dir, rel);
    if (!existsSync(from)) {
      rmSync(to, { force: true });
      continue;
    }
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, to, { verbatimSymlinks: true });
  }
  git(dir, "add", "-A");
  if (git(dir, "status", "--porcelain").trim() !== "") git(dir, "commit", "-q", "-m", "working tree of the checkout under test");
  return git(dir, "rev-parse", "HEAD").trim();
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const asRun = (r: SpawnSyncReturns<string>): Run => ({ status: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? String(r.error) : "") });

export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  return asRun(spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV, ...env }, maxBuffer: 64 * 1024 * 1024 }));
}

/** `run`, with an error that shows what the command printed when it fails. */
export function runOk(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * Runs a command in a mount namespace where each of `hidden` is an empty directory (a tmpfs mounted over it), so
 * that the installed tool cannot read a file of the checkout. Needs root, as this project's machines and CI run.
 */
export function runHiding(hidden: string[], cmd: string, args: string[], cwd: string): Run {
  const mounts = hidden.map((d) => `mount -t tmpfs none "${d}" && test -z "$(ls -A "${d}")"`).join(" && ");
  return run("unshare", ["--mount", "sh", "-c", `${mounts} && exec "$@"`, "sh", cmd, ...args], cwd);
}

/** A copy of fixtures/seed-report at `dest` (made anew: each run starts without a cache). */
export function freshSeedReport(dest: string): string {
  rmSync(dest, { recursive: true, force: true });
  cpSync(path.join(CHECKOUT, "fixtures", "seed-report"), dest, { recursive: true });
  return dest;
}
