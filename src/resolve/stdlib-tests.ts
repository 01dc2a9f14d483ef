// CPython's own test modules (rules/stdlib-tests.json, from scripts/gen-stdlib-tests.py): the `test` package and the
// extension modules built for the test suite (_testcapi, xxlimited...), per version. They ship with interpreters built
// from source (pyenv, python.org) but not with every distribution's (Debian splits them out, the official Docker
// images delete them), so they count only where nothing first-party has the name.
import { loadRule } from "../rules.js";

interface TestsData {
  versions: Record<string, { top: string[]; tree: string[]; source: string }>;
}

/** One version's test modules, loaded on first use (only an import nothing else provides asks). */
export class StdlibTests {
  private top: Set<string> | null = null;
  /** Dotted names under `test` ("support", "support.os_helper"), packages with a trailing "/". */
  private tree: Map<string, boolean> | null = null;

  constructor(readonly version: string) {}

  private load(): void {
    if (this.top) return;
    const v = loadRule<TestsData>("stdlib-tests.json").versions[this.version];
    this.top = new Set(v?.top ?? []);
    this.tree = new Map((v?.tree ?? []).map((t) => (t.endsWith("/") ? [t.slice(0, -1), true] : [t, false])));
  }

  /** A top-level test module of the target version (`test`, `_testcapi`). */
  has(top: string): boolean {
    this.load();
    return this.top!.has(top);
  }

  /** A module under the `test` package: a package, a module, or absent; null when the data has no tree. */
  lookup(dotted: string): "package" | "module" | "absent" | null {
    this.load();
    if (!this.top!.has("test") || this.tree!.size === 0) return null;
    if (dotted === "test") return "package";
    const kind = this.tree!.get(dotted.slice("test.".length));
    return kind === undefined ? "absent" : kind ? "package" : "module";
  }
}
