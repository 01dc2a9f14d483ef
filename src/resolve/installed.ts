// Installed packages, read on demand: the facts of the site-packages modules that first-party imports reach (and
// what their re-exports need), parsed when first asked for, and the context each is imported in. A `.pyi` stub
// beside a compiled module stands for its names. Nothing here is reported: a module that cannot be read or parsed
// has no facts, and its names are unknown.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Parser } from "web-tree-sitter";
import { contentHash, outcomeDigest } from "../cache/digest.js";
import { isRacy, sameStamp, stampOf, type CacheEntry, type FactsCache } from "../cache/facts-cache.js";
import { untracked } from "../cache/inputs.js";
import type { FileContext } from "../discover/contexts.js";
import type { ModuleFacts } from "../parse/facts.js";
import { MAX_FILE_BYTES } from "../parse/limits.js";
import { parseBytes } from "../parse/parser.js";
import type { SearchEntry, SearchPath } from "./resolver.js";

export class InstalledModules {
  private readonly facts = new Map<string, ModuleFacts | null>();
  private readonly contexts = new Map<string, FileContext | null>();
  private readonly search: SearchPath;
  /** Files parsed so far, and files whose facts came from the cache (for timings and tests). */
  parsed = 0;
  cached = 0;
  /** The cache's entry of every file read this run (`save` keeps exactly these). */
  private readonly entries = new Map<string, CacheEntry>();
  private read: ((abs: string) => CacheEntry | undefined) | null = null;

  constructor(
    /** The environment's sys.path entries (site-packages, then .pth directories). */
    private readonly paths: string[],
    private readonly parser: Parser,
    /** Facts of installed files kept between runs, by absolute path (`.import-doctor-cache/installed/`). */
    private readonly cache: FactsCache | null = null,
  ) {
    const after: SearchEntry[] = paths.map((dir) => ({ dir, kind: "site-packages" }));
    this.search = { before: [], after };
  }

  /** The site-packages directory a file is in, if it is in one. */
  private siteOf(abs: string): string | null {
    return this.paths.find((p) => abs.startsWith(p.endsWith(path.sep) ? p : p + path.sep)) ?? null;
  }

  /** The facts of an installed `.py` (or a compiled module's `.pyi` stub); null when it cannot be read or parsed. */
  factsOf(abs: string): ModuleFacts | null {
    let f = this.facts.get(abs);
    if (f !== undefined) return f;
    f = null;
    const source = abs.endsWith(".py") ? abs : this.stubOf(abs);
    if (source && this.siteOf(abs)) {
      try {
        const st = statSync(source);
        const statAt = Date.now();
        // The cache is the tool's, not an input: what it vouches for is the file's stat, which is read above.
        this.read ??= this.cache ? untracked(() => this.cache!.reader()) : () => undefined;
        const hit = untracked(() => this.read!(source));
        let entry: CacheEntry | null = null;
        if (hit && sameStamp(hit, st) && !isRacy(hit)) {
          entry = hit;
          this.cached++;
        } else if (st.size <= MAX_FILE_BYTES) {
          const bytes = readFileSync(source);
          const outcome = parseBytes(this.parser, bytes, undefined, source.endsWith(".pyi"));
          entry = { ...stampOf(st), statAt, hash: contentHash(bytes), digest: outcomeDigest(outcome), outcome };
          this.parsed++;
        }
        if (entry) {
          this.entries.set(source, entry);
          // A file with a syntax error is not reported (it is not the repository's); its names are unknown.
          if (entry.outcome.kind === "ok" && entry.outcome.facts.syntaxErrors.length === 0) f = entry.outcome.facts;
        }
      } catch {
        f = null;
      }
    }
    this.facts.set(abs, f);
    return f;
  }

  /** Keeps the facts of the installed files read this run for the next one. */
  save(): void {
    if (this.cache && this.entries.size > 0) untracked(() => this.cache!.save(this.entries));
  }

  /** `mod.pyi` beside `mod.cpython-312-x86_64-linux-gnu.so`, or `__init__.pyi` beside a compiled `__init__`. */
  private stubOf(abs: string): string | null {
    const dir = path.dirname(abs);
    const stem = path.basename(abs).split(".")[0]!;
    const stub = path.join(dir, `${stem}.pyi`);
    try {
      return statSync(stub).isFile() ? stub : null;
    } catch {
      return null;
    }
  }

  /** The context an installed module runs in: its dotted name from its site directory, and the environment's path. */
  contextOf(abs: string): FileContext | null {
    let c = this.contexts.get(abs);
    if (c !== undefined) return c;
    c = null;
    const site = this.siteOf(abs);
    if (site) {
      const rel = path.relative(site, abs).split(path.sep);
      const last = rel[rel.length - 1]!;
      const isPackageInit = /^__init__\./.test(last);
      const parts = isPackageInit ? rel.slice(0, -1) : [...rel.slice(0, -1), last.split(".")[0]!];
      const name = parts.join(".");
      if (name) c = { rel: abs, abs, kind: "module", identities: [{ name, root: site, isPackageInit }], search: this.search, describe: `when ${name} is imported` };
    }
    this.contexts.set(abs, c);
    return c;
  }
}
