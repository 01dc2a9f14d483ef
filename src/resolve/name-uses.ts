// Which module-level names of which files an analysis looked at. Every reading of a file's names goes through one of
// three doors: a name looked up in the file's namespace, the whole list of its names (a star import, the candidates
// of a "no such name" verdict), or a name looked up among every file's definitions. An edit that only adds, removes
// or moves bindings of names the analysis never looked at cannot change what it found (result-cache.ts). The readers:
// the binding index (bindings.ts), the circular-import simulation (simulate.ts, circular.ts), `definedIn` (analyze.ts)
// and the fixers that list a module's names (scaffold.ts, module-shadows-package.ts). A new reader of
// `ModuleFacts.bindings` must tell this record what it reads.
import { relativePosix } from "../discover/files.js";

/** The record in a form that outlives the analysis: root-relative paths, plain arrays. */
export interface StoredNameUses {
  /** Files whose whole list of names was read. */
  whole: string[];
  /** Names looked up in a file's namespace, by file. */
  names: [string, string[]][];
  /** Names looked up among every file's definitions. */
  defined: string[];
}

export class NameUses {
  private readonly whole = new Set<string>();
  private readonly names = new Map<string, Set<string>>();
  private readonly defined = new Set<string>();

  /** `name` was looked up in the namespace of `file` (null: a module without a first-party file). */
  name(file: string | null, name: string): void {
    if (file !== null) this.namesOf(file).add(name);
  }

  /** The names looked up in `file` so far, to add to directly (for a caller that looks up names by the million). */
  namesOf(file: string): Set<string> {
    const set = this.names.get(file);
    if (set) return set;
    const made = new Set<string>();
    this.names.set(file, made);
    return made;
  }

  /** Every name of `file` was read. */
  all(file: string | null): void {
    if (file !== null) this.whole.add(file);
  }

  /** `name` was looked up among the definitions of every file. */
  definition(name: string): void {
    this.defined.add(name);
  }

  /** The record with paths relative to `root` (files outside it are never analysed, so never looked at). */
  stored(root: string): StoredNameUses {
    const rel = (abs: string): string => relativePosix(root, abs);
    return {
      whole: [...this.whole].map(rel),
      names: [...this.names].filter(([, set]) => set.size > 0).map(([file, set]) => [rel(file), [...set]]),
      defined: [...this.defined],
    };
  }
}

/** Both records in one: what either looked at. */
export function mergeNameUses(a: StoredNameUses, b: StoredNameUses): StoredNameUses {
  if (b.whole.length + b.names.length + b.defined.length === 0) return a;
  const names = new Map(a.names.map(([file, list]) => [file, new Set(list)]));
  for (const [file, list] of b.names) for (const name of list) (names.get(file) ?? names.set(file, new Set()).get(file)!).add(name);
  return { whole: [...new Set([...a.whole, ...b.whole])], names: [...names].map(([file, set]) => [file, [...set]]), defined: [...new Set([...a.defined, ...b.defined])] };
}

/** Whether the analysis that made `uses` never looked at any of `changed`, names of the file `rel`. */
export function unobserved(uses: StoredNameUses, rel: string, changed: Iterable<string>): boolean {
  if (uses.whole.includes(rel)) return false;
  const looked = new Set(uses.names.find(([file]) => file === rel)?.[1] ?? []);
  const defined = new Set(uses.defined);
  for (const name of changed) if (looked.has(name) || defined.has(name)) return false;
  return true;
}
