// CLI wiring: arguments -> analyze -> render; exit codes 0 (clean), 1 (errors), 2 (usage/config/internal error).
import type { FixRun } from "../fix/engine.js";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { AnalysisResult, AnalyzeOptions } from "../analyze.js";
import type { InertImports } from "../inert-imports.js";
import type { FrameLines, ReadLines } from "../cache/frames-cache.js";
import { analyzeReusing, type ReuseOutcome } from "../cache/result-cache.js";
import { UserError } from "../errors.js";
import { usePart } from "../code-parts.js";
import { progressBar } from "./progress.js";
import { HELP, parseCliArgs, UsageError, type CheckArgs, type GraphArgs } from "./args.js";

// Everything else is loaded when a command needs it (in the bundle, a module's body runs when first imported): a check
// served from the result cache runs neither the analysis nor the fix engine nor the renderers of other formats, and
// compiles none of them (start-up time is most of such a run). Each records the part it loads, for the code cache
// (code-parts.ts).
const loadAnalyze = async (): Promise<(o: AnalyzeOptions) => Promise<AnalysisResult>> => (usePart("analysis"), (await import("../analyze.js")).analyze);
const loadInert = async (): Promise<InertImports> => (usePart("inert"), (await import("../inert-imports.js")).inertImports);
const allRules = async () => (await import("../checks/registry.js")).ALL_RULES;

export { VERSION } from "../version.js";
import { VERSION } from "../version.js";

const MARKERS = ["pyproject.toml", "setup.py", "setup.cfg", ".git"];

/** The nearest ancestor of `start` (inclusive) that looks like a project root; `start` itself if none. */
export function findRoot(start: string): string {
  const abs = path.resolve(start);
  let dir = existsSync(abs) && statSync(abs).isDirectory() ? abs : path.dirname(abs);
  const first = dir;
  for (;;) {
    if (MARKERS.some((m) => existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return first;
    dir = parent;
  }
}

/** The root and the root-relative paths the command is about. */
function locate(args: { paths: string[]; root: string | null }): { root: string; only: string[] } {
  for (const p of args.paths) if (!existsSync(p)) throw new UsageError(`path not found: ${p}`);
  if (args.root && !(existsSync(args.root) && statSync(args.root).isDirectory())) throw new UsageError(`--root ${args.root}: not a directory`);
  const root = path.resolve(args.root ?? findRoot(args.paths[0] ?? "."));
  const only = args.paths
    .map((p) => path.relative(root, path.resolve(p)).split(path.sep).join("/"))
    .filter((p) => p !== "");
  for (const p of only) if (p.startsWith("..")) throw new UsageError(`path ${p} is outside the root ${root}`);
  return { root, only };
}

/** Paths inside a snapshot of the index read as the repository's own. */
function unsnapshot(result: AnalysisResult, snapshotRoot: string, root: string): void {
  const swap = (s: string): string => s.split(snapshotRoot).join(root);
  result.root = root;
  for (const d of result.diagnostics) {
    d.message = swap(d.message);
    if (d.runtimeError) d.runtimeError = swap(d.runtimeError);
    d.notes = d.notes.map(swap);
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : word.endsWith("x") ? "es" : "s"}`;

/** `check --diff` and `check --fix`: fixes computed and verified in a staged copy, then printed or written. */
async function runFix(args: CheckArgs, root: string, only: string[], deleted: string[]): Promise<{ code: number | null; run: FixRun }> {
  usePart("fix");
  const threads = args.threads ?? "cores";
  const [{ runFixes }, { renderDiff }, { changedPaths, commitChanges }, { dirtyPaths }, repair] = await Promise.all([import("../fix/engine.js"), import("../fix/diff.js"), import("../fix/commit.js"), import("./git.js"), import("../report/repair.js")]);
  const run = await runFixes({ root, only, pythonVersion: args.pythonVersion, pythonEnv: args.pythonEnv, useConfig: !args.noConfig, select: args.select, ignore: args.ignore, upgrades: args.upgrades, deleted, threads }, { unsafe: args.unsafeFixes, choices: args.choices });
  process.stderr.write(repair.renderGroupsText(run, args.diff, args.unsafeFixes));
  const hidden = run.unsafeSkipped > 0 ? ` (${run.unsafeSkipped} more ${run.unsafeSkipped === 1 ? "fix" : "fixes"} available with --unsafe-fixes)` : "";
  if (args.diff) {
    if (args.format === "json") process.stdout.write(repair.renderRepairJson(run, root));
    else if (args.format === "markdown") process.stdout.write(repair.renderRepairMarkdown(run, false));
    else process.stdout.write(renderDiff(run.changes));
    process.stderr.write(run.changes.length ? `Would fix ${plural(run.fixed.length, "diagnostic")}, changing ${plural(run.changes.length, "file")}${repair.blockedSummary(run, "would collect")}${hidden}.\n` : `No fixes available${hidden}.\n`);
    return { code: run.changes.length > 0 ? 1 : 0, run };
  }
  if (run.changes.length > 0) {
    if (!args.allowDirty) {
      const dirty = dirtyPaths(root, changedPaths(run.changes));
      if (dirty.length > 0) {
        process.stderr.write(`import-doctor: --fix would change files with uncommitted changes: ${dirty.join(", ")}\n  commit or stash them first, or pass --allow-dirty; nothing was written\n`);
        return { code: 2, run };
      }
    }
    commitChanges(root, run.changes);
  }
  process.stderr.write(`Fixed ${plural(run.fixed.length, "diagnostic")} in ${plural(run.changes.length, "file")}${run.changes.length ? repair.blockedSummary(run, "now collect") : ""}${hidden}.\n`);
  return { code: null, run }; // report what remains
}

/** A `--fix` killed while it wrote (its journal left in the root, its process gone) is rolled back before anything. */
async function recoverInterruptedFix(root: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  if (!names.some((n) => n.startsWith(".import-doctor-fix-") || n.startsWith("..import-doctor-fix-"))) return;
  const { interruptedJournals, removeJournalScratch, rollBackJournal } = await import("../fix/journal.js");
  removeJournalScratch(root, names);
  for (const journal of interruptedJournals(root, names)) {
    const { restored, kept } = rollBackJournal(root, journal);
    const said = [restored.length > 0 ? `put back ${restored.join(", ")}` : "", kept.length > 0 ? `kept ${kept.join(", ")} as edited since` : ""].filter(Boolean).join("; ");
    process.stderr.write(`import-doctor: a --fix was interrupted while it wrote; it is rolled back${said ? `: ${said}` : ""}\n`);
  }
}

async function runCheck(args: CheckArgs): Promise<number> {
  const { root, only } = locate(args);
  await recoverInterruptedFix(root);
  // Pre-commit passes the files it checks; files the change deletes or renames away come from git.
  let deleted: string[] = [];
  if (only.length > 0 || args.staged) deleted = (await import("./git.js")).gitChanges(root, args.staged)?.deleted ?? [];
  let fixRun: FixRun | null = null;
  if (args.diff || args.fix) {
    const { code, run } = await runFix(args, root, only, deleted);
    if (code !== null) return code;
    fixRun = run;
  }
  const snapshot = args.staged ? (await import("./git.js")).snapshotIndex(root) : null;
  const progress = progressBar(process.stderr, args.format === "text");
  const engine = {
    // The index snapshot is a throw-away tree: no cache there.
    cache: !args.noCache && !snapshot,
    threads: args.threads ?? ("cores" as const),
    onProgress: (done: number, total: number) => progress.update(done, total),
  };
  let result: AnalysisResult & { contentHashes?: () => Map<string, string> };
  try {
    const opts: AnalyzeOptions = {
      root: snapshot?.root ?? root,
      only,
      pythonVersion: args.pythonVersion,
      pythonEnv: args.pythonEnv,
      useConfig: !args.noConfig,
      select: args.select,
      ignore: args.ignore,
      upgrades: args.upgrades,
      impact: args.impact || args.format === "junit" || args.format === "markdown",
      fixes: true,
      deleted,
      ...engine,
    };
    result = engine.cache ? await analyzeReusing(opts, loadAnalyze, loadInert) : await (await loadAnalyze())(opts);
    if (snapshot) unsnapshot(result, snapshot.root, root);
  } finally {
    progress.finish();
    snapshot?.dispose();
  }
  if (args.timings) printTimings(result);
  const frameLines = async (): Promise<FrameLines> => {
    // A code frame shows a diagnostic's first line: each file is read up to the last one it needs, unless the cache
    // kept those lines of the same content (the stored result vouched for the file's content hash).
    const wanted = new Map<string, Set<number>>();
    for (const d of result.diagnostics) {
      let lines = wanted.get(d.path);
      if (!lines) wanted.set(d.path, (lines = new Set()));
      lines.add(d.line);
    }
    if (wanted.size === 0) return new Map();
    const { cachedFrameLines, readFrameLines } = await import("../cache/frames-cache.js");
    const reader = async (): Promise<ReadLines> => {
      const { readSourceLines } = await import("../parse/source-lines.js");
      return (rel, last) => readSourceLines(path.join(root, rel), last);
    };
    const hashes = engine.cache ? result.contentHashes?.() : undefined;
    return hashes ? cachedFrameLines(root, wanted, hashes, reader) : readFrameLines(wanted, await reader());
  };
  usePart(`format ${args.format}`);
  for (const n of result.notices ?? []) process.stderr.write(`import-doctor: warning: ${n}\n`);
  switch (args.format) {
    case "json":
      process.stdout.write((await import("../report/json.js")).renderJson(result, fixRun ? { repair: (await import("../report/repair.js")).repairJson(fixRun, true) } : {}));
      break;
    case "github":
      process.stdout.write((await import("../report/github.js")).renderGithub(result));
      break;
    case "sarif":
      process.stdout.write((await import("../report/sarif.js")).renderSarif(result, await allRules(), VERSION));
      break;
    case "junit":
      process.stdout.write((await import("../report/junit.js")).renderJunit(result));
      break;
    case "markdown":
      if (fixRun) process.stdout.write(`${(await import("../report/repair.js")).renderRepairMarkdown(fixRun, true)}\n`);
      process.stdout.write((await import("../report/impact.js")).renderMarkdown(result));
      break;
    case "text": {
      const { pickStyle, renderSummary, renderText } = await import("../report/text.js");
      const style = pickStyle(process.stdout);
      if (args.impact) process.stdout.write(`${(await import("../report/impact.js")).renderImpactText(result, style)}${renderSummary(result, style)}\n`);
      else process.stdout.write(renderText(result, await frameLines(), style));
      break;
    }
  }
  return result.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

function printTimings(result: AnalysisResult & { reuse?: ReuseOutcome }): void {
  const t = result.timings;
  const ms = (x: number): string => `${x.toFixed(0)} ms`;
  const reuse = result.reuse;
  if (reuse?.kind === "reused") {
    const imports = reuse.imports > 0 ? `, ${reuse.imports} with inert imports added or removed` : "";
    const rebound = reuse.rebound > 0 ? ` (${reuse.rebound} binding names nothing looks up${imports})` : "";
    const how = reuse.moved > 0 ? `: ${reuse.moved} moving lines only${rebound}, their findings moved with them` : " without changing facts";
    const touched = reuse.changed > 0 ? ` (${plural(reuse.changed, "file")} changed${how})` : "";
    process.stderr.write(`timings: result reused, inputs unchanged${touched}, total ${ms(result.durationMs)}\n`);
    return;
  }
  if (reuse) process.stderr.write(`timings: analysed (${reuse.why}${reuse.stored ? "; result stored" : ""})\n`);
  process.stderr.write(
    `timings: discover ${ms(t.discover)}, load ${ms(t.load)} (read ${ms(t.read)}, parse ${ms(t.parse)}, extract ${ms(t.extract)}; ` +
      `${t.parsed} parsed${t.parsed > 0 ? (t.workers > 0 ? ` in ${t.workers} workers` : " inline") : ""}, ${t.cached} cached), resolve ${ms(t.resolve)}, check ${ms(t.check)}, total ${ms(result.durationMs)}\n`,
  );
}

async function runGraph(args: GraphArgs): Promise<number> {
  usePart("graph");
  const { root } = locate(args);
  const opts: AnalyzeOptions = { root, only: [], pythonVersion: args.pythonVersion, pythonEnv: args.pythonEnv, useConfig: !args.noConfig, select: null, ignore: [], graph: true, cache: !args.noCache, threads: args.threads ?? "cores" };
  const result = opts.cache ? await analyzeReusing(opts, loadAnalyze, loadInert) : await (await loadAnalyze())(opts);
  if (args.timings) printTimings(result);
  let graph = result.graph!;
  if (args.focus) {
    if (!graph.nodes.some((n) => n.id === args.focus)) throw new UsageError(`--focus ${args.focus}: no such module in the graph`);
    graph = (await import("../graph/module-graph.js")).focusGraph(graph, args.focus, args.depth);
  }
  const { renderDot, renderGraphJson, renderMermaid } = await import("../report/graph.js");
  process.stdout.write(args.format === "dot" ? renderDot(graph) : args.format === "mermaid" ? renderMermaid(graph) : renderGraphJson(graph));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  let debug = argv.includes("--debug");
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case "version":
        process.stdout.write(`import-doctor ${VERSION}\n`);
        return 0;
      case "help":
        process.stdout.write(HELP);
        return 0;
      case "rules": {
        const ALL_RULES = await allRules();
        if (args.format === "json") process.stdout.write(JSON.stringify(ALL_RULES.map(({ code, name, summary }) => ({ code, name, summary })), null, 2) + "\n");
        else for (const r of ALL_RULES) process.stdout.write(`${r.code}  ${r.name.padEnd(24)} ${r.summary}\n`);
        return 0;
      }
      case "check":
        debug = args.debug;
        return await runCheck(args);
      case "graph":
        debug = args.debug;
        return await runGraph(args);
    }
  } catch (e) {
    if (e instanceof UserError) {
      process.stderr.write(`import-doctor: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`import-doctor: internal error: ${(e as Error).message}${debug ? `\n${(e as Error).stack}` : " (run with --debug for a stack trace)"}\n`);
    return 2;
  }
}
