// One workspace folder (a repository): its analysis kept in memory, run again after edits to open buffers (which
// overlay the files on disk) and after files change on disk. Analyses of a folder run one at a time; edits that
// arrive while one runs make it stale: its result is dropped and the latest state analysed instead.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { AnalysisResult, AnalysisSeed, AnalyzeOptions } from "../analysis.js";
import type { RawDiagnostic } from "../diagnostic.js";
import { relativePosix } from "../discover/files.js";
import type { ParseOutcome } from "../parse/facts.js";
import { CACHE_DIR_NAME, FactsCache } from "../cache/facts-cache.js";
import { cacheKey } from "../cache/key.js";
import type { Impact } from "./explain.js";
import { linesOf } from "./positions.js";

export interface Buffer {
  text: string;
  version: number;
  outcome: ParseOutcome;
}

/** Milliseconds without an edit after which the garbage of the analyses is collected. */
const IDLE_COLLECT_MS = 250;

export interface WorkspaceHost {
  analyze(opts: AnalyzeOptions): Promise<AnalysisResult>;
  /** Publishes a file's diagnostics (an empty list clears them). */
  publish(abs: string, diagnostics: RawDiagnostic[], result: AnalysisResult): void;
  log(message: string): void;
  /** The first analysis of a folder reports its progress. */
  progress(title: string): { report(done: number, total: number): void; done(): void };
  /** Milliseconds an edit waits for the next before an analysis starts. */
  debounceMs: number;
  /** Log each analysis's start, publication and the memory. */
  trace: boolean;
  /** Called when no analysis is due or running. */
  idle?(): void;
}

export class Workspace {
  readonly buffers = new Map<string, Buffer>();
  result: AnalysisResult | null = null;
  /** Files disk listings and discovery may be taken from (dropped when the client says files changed on disk). */
  private seed: AnalysisSeed | null = null;
  private published = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private collect: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stale = false;
  private analysed = 0;
  /** The facts cache, loaded once and kept between analyses (open buffers' facts never go in it). */
  private readonly facts: FactsCache;
  /** Bumped whenever an analysis is asked for: a slower answer about an older state is not kept. */
  private generation = 0;
  private impact: { generation: number; causes: Promise<Impact | undefined> } | null = null;
  private fixed: { generation: number; result: Promise<AnalysisResult | null> } | null = null;
  /** The generation of the state `result` is of. */
  private resultGeneration = -1;
  /** Resolved once the latest state has been analysed and published (tests and benchmarks wait on it). */
  private idleWaiters: (() => void)[] = [];

  constructor(readonly root: string, private readonly host: WorkspaceHost) {
    this.facts = new FactsCache(path.join(root, CACHE_DIR_NAME), cacheKey());
    this.facts.load();
  }

  private options(overlay: AnalyzeOptions["overlay"]): AnalyzeOptions {
    return { root: this.root, only: [], pythonVersion: null, pythonEnv: null, useConfig: true, select: null, ignore: [], cache: true, factsCache: this.facts, overlay, ...(this.seed ? { seed: this.seed } : {}) };
  }

  private overlay(): AnalyzeOptions["overlay"] {
    return new Map([...this.buffers].map(([rel, b]) => [rel, { text: b.text, outcome: b.outcome }]));
  }

  /**
   * The state last published with a fix for each diagnostic that has one (a code action asks; an edit does not wait
   * for fixes, which can take much longer than the diagnostics): computed once per state, null when the state has
   * moved on since it was published.
   */
  withFixes(): Promise<AnalysisResult | null> {
    if (this.resultGeneration !== this.generation) return Promise.resolve(null);
    if (this.fixed?.generation !== this.generation) {
      const generation = this.generation;
      const result = this.host.analyze({ ...this.options(this.overlay()), fixes: true }).then(
        (r) => (this.generation === generation ? r : null),
        () => null,
      );
      this.fixed = { generation, result };
    }
    return this.fixed.result;
  }

  /**
   * The test files each root cause keeps pytest from collecting, for the state last published (a hover asks; an edit
   * does not wait for it): computed once per state, by an analysis of its own.
   */
  rootCauses(): Promise<Impact | undefined> {
    if (this.impact?.generation !== this.generation) {
      const generation = this.generation;
      const causes = this.host.analyze({ ...this.options(this.overlay()), impact: true }).then(
        (r) => (r.impact ? { causes: r.impact, diagnostics: r.diagnostics as RawDiagnostic[] } : undefined),
        () => undefined,
      );
      this.impact = { generation, causes };
    }
    return this.impact.causes;
  }

  relOf(abs: string): string {
    return relativePosix(this.root, abs);
  }

  /** Whether a file belongs to this folder. */
  holds(abs: string): boolean {
    return abs === this.root || abs.startsWith(this.root + path.sep);
  }

  /** The lines of a file as the client holds it (an open buffer) or as it is on disk. */
  linesOf(abs: string): readonly string[] {
    const b = this.buffers.get(this.relOf(abs));
    if (b) return linesOf(b.text);
    try {
      return linesOf(readFileSync(abs, "utf8"));
    } catch {
      return [];
    }
  }

  /** The files on disk changed: discovery and listings are read again by the next analysis. */
  diskChanged(): void {
    this.seed = null;
    this.schedule(0);
  }

  schedule(delay = this.host.debounceMs): void {
    if (this.collect) clearTimeout(this.collect);
    this.stale = true;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.start();
    }, delay);
  }

  /** Resolves when no analysis is due or running and the latest state is published. */
  idle(): Promise<void> {
    if (!this.stale && !this.running && !this.timer) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(): Promise<void> {
    this.running ??= this.loop().finally(() => {
      this.running = null;
      if (this.stale) this.schedule(0);
      else if (!this.timer) {
        // Idle, the diagnostics out: what the analyses left behind is collected once no edit has come for a while
        // (a collection takes some 30-50 ms: not between the keystrokes of a burst).
        this.collect = setTimeout(() => this.host.idle?.(), IDLE_COLLECT_MS);
        this.collect.unref();
        for (const w of this.idleWaiters.splice(0)) w();
      }
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    while (this.stale) {
      this.stale = false;
      const overlay = this.overlay();
      const first = this.analysed === 0;
      const progress = first ? this.host.progress(`import-doctor: analysing ${path.basename(this.root)}`) : null;
      let result: AnalysisResult;
      const started = Date.now();
      if (this.host.trace) this.host.log(`${started} analysis starts`);
      try {
        result = await this.host.analyze({
          ...this.options(overlay),
          keep: true,
          threads: 1,
          ...(progress ? { onProgress: (done: number, total: number) => progress.report(done, total) } : {}),
        });
      } catch (e) {
        // One analysis failing (a broken configuration, a bug) is logged; the server keeps serving the last result.
        this.host.log(`import-doctor: the analysis of ${this.root} failed: ${(e as Error).stack ?? e}`);
        continue;
      } finally {
        progress?.done();
      }
      this.analysed++;
      // Edits came in meanwhile: this result is of an older state, and the next analysis is due.
      if (this.stale) continue;
      const t = result.timings;
      this.host.log(`import-doctor: analysed ${result.files} files of ${this.root} in ${Date.now() - started} ms (load ${Math.round(t.load)}, resolve ${Math.round(t.resolve)}, check ${Math.round(t.check)})`);
      if (result.seed) this.seed = result.seed;
      this.result = result;
      this.resultGeneration = this.generation;
      this.publish(result);
      if (this.host.trace) {
        const m = process.memoryUsage();
        this.host.log(`${Date.now()} published; rss ${(m.rss / 1048576).toFixed(0)} MB, heap ${(m.heapUsed / 1048576).toFixed(0)}/${(m.heapTotal / 1048576).toFixed(0)} MB, external ${(m.external / 1048576).toFixed(0)} MB, array buffers ${(m.arrayBuffers / 1048576).toFixed(0)} MB`);
      }
    }
  }

  private publish(result: AnalysisResult): void {
    const byFile = new Map<string, RawDiagnostic[]>();
    for (const d of result.diagnostics as RawDiagnostic[]) (byFile.get(d.path) ?? byFile.set(d.path, []).get(d.path)!).push(d);
    const now = new Set<string>();
    for (const [rel, list] of byFile) {
      const abs = path.resolve(this.root, rel);
      now.add(abs);
      this.host.publish(abs, list, result);
    }
    for (const abs of this.published) if (!now.has(abs)) this.host.publish(abs, [], result);
    this.published = now;
  }
}
