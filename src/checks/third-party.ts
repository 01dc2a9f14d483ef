// Maps declared distributions to the import names they provide (rules/distributions.json, installed metadata, normalisation).
import type { DeclaredDependencies } from "../config/dependencies.js";
import { normaliseDist } from "../config/dependencies.js";
import type { PythonEnvironment } from "../resolve/environment.js";
import { loadRule } from "../rules.js";
import type { LockOutcome } from "../lockfiles/index.js";

export class ThirdPartyIndex {
  private readonly declared = new Set<string>();
  private readonly importToDist = new Map<string, string>();
  /** Import names the lock's installed distributions provide, with the distribution. */
  private readonly lockedNames = new Map<string, string>();
  readonly hasDeclarations: boolean;

  constructor(
    deps: DeclaredDependencies,
    private readonly env: PythonEnvironment | null,
    known: string[],
    /** The repository's lock file; used only without an environment (one that exists says what is installed). */
    readonly lock: LockOutcome = { kind: "none" },
  ) {
    const { mappings, sources } = loadRule<{ mappings: Record<string, string[]>; sources: Record<string, string> }>("distributions.json");
    // The advice for a module names the best-known distribution: hand-checked mappings first, then installed
    // metadata's, then pipreqs' table.
    const rank = (dist: string): number => ["curated", "metadata", "pipreqs"].indexOf(sources[dist] ?? "pipreqs");
    const ordered = Object.entries(mappings).sort(([a], [b]) => rank(a) - rank(b));
    for (const [dist, names] of ordered) for (const n of names) if (!this.importToDist.has(n)) this.importToDist.set(n, dist);
    const namesOf = (dist: string): string[] => {
      const fromEnv = env?.distributions.get(dist);
      return [...(mappings[dist] ?? []), ...(fromEnv ?? []), dist.replace(/-/g, "_"), dist.replace(/-/g, "")];
    };
    for (const dist of [...deps.distributions, ...deps.ownProjects]) for (const n of namesOf(dist)) this.declared.add(n);
    // Without an environment or a lock file, what a clean install pulls in transitively counts as provided
    // (rules/transitive-dependencies.json). A lock file says exactly what it pulls in.
    if (!env && lock.kind !== "locked") {
      const graph = loadRule<{ dependencies: Record<string, string[]> }>("transitive-dependencies.json").dependencies;
      const queue = [...deps.distributions];
      const seen = new Set(queue);
      while (queue.length > 0) {
        for (const next of graph[queue.pop()!] ?? []) {
          if (seen.has(next)) continue;
          seen.add(next);
          queue.push(next);
          for (const n of namesOf(next)) this.declared.add(n);
        }
      }
    }
    if (!env && lock.kind === "locked") for (const dist of lock.lock.installed.keys()) for (const n of namesOf(dist)) if (!this.lockedNames.has(n)) this.lockedNames.set(n, dist);
    for (const k of known) this.declared.add(k);
    for (const s of deps.scoped) this.scoped.push({ dir: s.dir, names: new Set([...s.distributions].flatMap(namesOf)) });
    this.hasDeclarations = deps.distributions.size > 0 || deps.sources.length > 0;
  }

  /**
   * Whether some declared distribution provides `module` (or a parent or child namespace of it), for the file `rel`
   * when given: a requirements file of a part of the repository (docs/requirements.txt) declares for its files only.
   */
  isDeclared(module: string, rel?: string): boolean {
    if (rel !== undefined) for (const s of this.scoped) if ((s.dir === "" || rel.startsWith(`${s.dir}/`)) && this.provides(s.names, module)) return true;
    return this.provides(this.declared, module);
  }

  private readonly scoped: { dir: string; names: Set<string> }[] = [];

  private provides(declared: Set<string>, module: string): boolean {
    const parts = module.split(".");
    for (let i = 1; i <= parts.length; i++) if (declared.has(parts.slice(0, i).join("."))) return true;
    // `import google` when `google.protobuf` is declared: the namespace exists.
    for (const d of declared) if (d.startsWith(module + ".")) return true;
    return false;
  }

  /** Whether the lock file is in force: there is one, it is current, and no environment overrides it. */
  get locked(): boolean {
    return !this.env && this.lock.kind === "locked";
  }

  /** The locked distribution that provides `module` (or a parent or child namespace of it), if the lock is in force. */
  lockedDistribution(module: string): string | null {
    if (!this.locked) return null;
    const parts = module.split(".");
    for (let i = parts.length; i > 0; i--) {
      const d = this.lockedNames.get(parts.slice(0, i).join("."));
      if (d) return d;
    }
    for (const [n, d] of this.lockedNames) if (n.startsWith(module + ".")) return d;
    return null;
  }

  /**
   * A top-level third-party module found nowhere: certainly absent when an environment or the lock file in force
   * lacks it, possibly absent when nothing declares it, and taken as installed (null) when something declares it.
   */
  missingModule(module: string): "certain" | "possible" | null {
    if (this.isDeclared(module)) return null;
    if (this.env) return "certain";
    if (this.locked) return this.lockedDistribution(module) ? null : "certain";
    return "possible";
  }

  /** The distribution a user most likely needs for `module`. */
  distributionFor(module: string): string {
    const parts = module.split(".");
    for (let i = parts.length; i > 0; i--) {
      const d = this.importToDist.get(parts.slice(0, i).join("."));
      if (d) return d;
    }
    return normaliseDist(parts[0]!);
  }
}
