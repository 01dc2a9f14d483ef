// The version of each distribution that the code runs against: the one `--upgrade` asks about, else the installed
// one, else the locked one, else the lowest the declared specifiers allow (what a fresh install may resolve to).
import type { DeclaredDependencies } from "../config/dependencies.js";
import { normaliseDist } from "../config/dependencies.js";
import type { LockOutcome } from "../lockfiles/index.js";
import type { PythonEnvironment } from "../resolve/environment.js";

export type VersionSource = "upgrade" | "installed" | "locked" | "declared";

export interface VersionInForce {
  version: string;
  source: VersionSource;
}

/** PEP 440 release segments compared numerically (`2.10` > `2.9`); pre-, post- and dev-release suffixes ignored. */
export function compareVersions(a: string, b: string): number {
  const release = (v: string): number[] => (/^v?(\d+(?:\.\d+)*)/.exec(v.trim())?.[1] ?? "0").split(".").map(Number);
  const [x, y] = [release(a), release(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The lowest version a specifier allows, when it has a lower bound: `>=2.6,<3` -> 2.6, `==2.0.1`, `~=2.1`, Poetry's
 * `^2.0` and `~2.0`; `>2.0` -> 2.0 (exclusive: every allowed version is above it). Null without a lower bound.
 */
export function lowestAllowed(spec: string): string | null {
  let lowest: string | null = null;
  for (const part of spec.split(",")) {
    const m = /^\s*(>=|==|~=|\^|~|>|===)?\s*v?(\d+(?:\.\d+)*)(?:\.\*)?/.exec(part);
    if (!m) continue;
    const op = m[1] ?? (spec.trim().match(/^\d/) ? "^" : undefined); // Poetry: a bare version means ^version
    if (op === undefined) continue;
    if (lowest === null || compareVersions(m[2]!, lowest) > 0) lowest = m[2]!;
  }
  return lowest;
}

export class DistributionVersions {
  constructor(
    private readonly deps: DeclaredDependencies,
    private readonly env: PythonEnvironment | null,
    private readonly lock: LockOutcome,
    private readonly upgrades: ReadonlyMap<string, string>,
  ) {}

  inForce(distribution: string): VersionInForce | null {
    const name = normaliseDist(distribution);
    const upgrade = this.upgrades.get(name);
    if (upgrade) return { version: upgrade, source: "upgrade" };
    const installed = this.env?.versions.get(name);
    if (installed) return { version: installed, source: "installed" };
    if (this.env) return null; // an environment without it: IMP005's business
    if (this.lock.kind === "locked") {
      const locked = this.lock.lock.installed.get(name);
      if (locked) return { version: locked, source: "locked" };
    }
    // Every declaration must allow the version: the highest of their lower bounds.
    let lowest: string | null = null;
    for (const spec of this.deps.specifiers.get(name) ?? []) {
      const l = lowestAllowed(spec);
      if (l !== null && (lowest === null || compareVersions(l, lowest) > 0)) lowest = l;
    }
    return lowest === null ? null : { version: lowest, source: "declared" };
  }

  /** How a message says where the version comes from. */
  static describe(dist: string, v: VersionInForce, lockFiles: string[]): string {
    switch (v.source) {
      case "upgrade":
        return `with --upgrade ${dist}==${v.version}`;
      case "installed":
        return `${dist} ${v.version} is installed`;
      case "locked":
        return `${lockFiles.join(", ")} locks ${dist} ${v.version}`;
      case "declared":
        return `the declared specifier allows ${dist} ${v.version} at the lowest`;
    }
  }
}
