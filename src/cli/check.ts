// `import-doctor check`: analyse (through the result cache), then fix, suppress, baseline and report as asked.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { AnalysisResult, AnalyzeOptions, ProgressPhase } from "../analysis.js";
import type { FrameLines, ReadLines } from "../cache/frames-cache.js";
import { analyzeReusing, type ReuseOutcome } from "../cache/result-cache.js";
import { usePart } from "../code-parts.js";
import type { RawDiagnostic } from "../diagnostic.js";
import type { FixRun } from "../fix/engine.js";
import type { InertImports } from "../inert-imports.js";
import { VERSION } from "../version.js";
import { UsageError, type CheckArgs } from "./args.js";
import { locate } from "./locate.js";
import { writeWhole } from "./output.js";
import { progressBar } from "./progress.js";

// Everything else is loaded when a command needs it (in the bundle, a module's body runs when first imported): a check
// served from the result cache runs neither the analysis nor the fix engine nor the renderers of other formats, and
// compiles none of them (start-up time is most of such a run). Each records the part it loads, for the code cache
// (code-parts.ts).
export const loadAnalyze = async (): Promise<(o: AnalyzeOptions) => Promise<AnalysisResult>> => (usePart("analysis"), (await import("../analyze.js")).analyze);
export const loadInert = async (): Promise<InertImports> => (usePart("inert"), (await import("../inert-imports.js")).inertImports);
export const allRules = async () => (await import("../checks/registry.js")).ALL_RULES;

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

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : word.endsWith("x") ? "es" : "s"}`;

/** Where the report goes: stdout, or (`--output-file`) a file written whole at the end. */
class Output {
  private chunks: (string | Buffer)[] = [];
  constructor(private readonly file: string | null) {}
  write(s: string | Buffer): void {
    if (this.file === null) process.stdout.write(s);
    else this.chunks.push(s);
  }
  close(): void {
    if (this.file !== null) writeWhole(this.file, Buffer.concat(this.chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c))));
  }
}

/** `check --diff` and `check --fix`: fixes computed and verified in a staged copy, then printed or written. */
async function runFix(args: CheckArgs, root: string, only: string[], deleted: string[], out: Output, say: (s: string) => void): Promise<{ code: number | null; run: FixRun }> {
  usePart("fix");
  const threads = args.threads ?? "cores";
  const [{ runFixes }, { renderDiff }, { changedPaths, commitChanges }, { dirtyPaths }, repair] = await Promise.all([import("../fix/engine.js"), import("../fix/diff.js"), import("../fix/commit.js"), import("./git.js"), import("../report/repair.js")]);
  const run = await runFixes({ root, only, pythonVersion: args.pythonVersion, pythonEnv: args.pythonEnv, useConfig: !args.noConfig, configFile: args.config, select: args.select, ignore: args.ignore, upgrades: args.upgrades, deleted, threads }, { unsafe: args.unsafeFixes, choices: args.choices });
  say(repair.renderGroupsText(run, args.diff, args.unsafeFixes));
  const hidden = run.unsafeSkipped > 0 ? ` (${run.unsafeSkipped} more ${run.unsafeSkipped === 1 ? "fix" : "fixes"} available with --unsafe-fixes)` : "";
  if (args.diff) {
    if (args.format === "json") out.write(repair.renderRepairJson(run, root));
    else if (args.format === "markdown") out.write(repair.renderRepairMarkdown(run, false));
    else if (args.format === "text" || args.format === "concise") out.write(renderDiff(run.changes));
    else throw new UsageError(`--diff prints a diff, or the repair as json or markdown: not ${args.format}`);
    say(run.changes.length ? `Would fix ${plural(run.fixed.length, "diagnostic")}, changing ${plural(run.changes.length, "file")}${repair.blockedSummary(run, "would collect")}${hidden}.\n` : `No fixes available${hidden}.\n`);
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
  say(`Fixed ${plural(run.fixed.length, "diagnostic")} in ${plural(run.changes.length, "file")}${run.changes.length ? repair.blockedSummary(run, "now collect") : ""}${hidden}.\n`);
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

/** `--add-noqa`: the suppressions written, and how many findings that leaves reported (none, but those that cannot take one). */
async function addNoqa(args: CheckArgs, root: string, result: AnalysisResult, say: (s: string) => void): Promise<number> {
  const [{ noqaChanges }, { changedPaths, commitChanges }, { dirtyPaths }] = await Promise.all([import("./add-noqa.js"), import("../fix/commit.js"), import("./git.js")]);
  const { changes, added, skipped, unwritable } = await noqaChanges(root, result.diagnostics as RawDiagnostic[]);
  if (changes.length > 0 && !args.allowDirty) {
    const dirty = dirtyPaths(root, changedPaths(changes));
    if (dirty.length > 0) {
      process.stderr.write(`import-doctor: --add-noqa would change files with uncommitted changes: ${dirty.join(", ")}\n  commit or stash them first, or pass --allow-dirty; nothing was written\n`);
      return 2;
    }
  }
  if (changes.length > 0) commitChanges(root, changes);
  for (const u of unwritable) process.stderr.write(`import-doctor: warning: --add-noqa left ${u} alone\n`);
  const left = skipped > 0 ? ` (${plural(skipped, "finding")} on lines that cannot take a comment left as they are)` : "";
  say(`Added ${plural(added, "noqa directive")} to ${plural(changes.length, "file")}${left}.\n`);
  return skipped > 0 || unwritable.length > 0 ? 1 : 0;
}

export async function runCheck(args: CheckArgs): Promise<number> {
  const { root, only } = locate(args);
  if (args.showSettings) {
    process.stdout.write((await import("./show-settings.js")).showSettings(args, root));
    return 0;
  }
  // Messages around the report (summaries, notices) go to stderr; -q keeps only the findings.
  const say = (s: string): void => {
    if (args.verbosity >= 0) process.stderr.write(s);
  };
  const out = new Output(args.outputFile);
  const baseline = args.baseline ? (await import("./baseline.js")).readBaseline(args.baseline) : null;
  await recoverInterruptedFix(root);
  // Pre-commit passes the files it checks; files the change deletes or renames away come from git.
  let deleted: string[] = [];
  if (only.length > 0 || args.staged) deleted = (await import("./git.js")).gitChanges(root, args.staged)?.deleted ?? [];
  let fixRun: FixRun | null = null;
  if (args.diff || args.fix) {
    const { code, run } = await runFix(args, root, only, deleted, out, say);
    if (code !== null) {
      out.close();
      return code;
    }
    fixRun = run;
  }
  const snapshot = args.staged ? (await import("./git.js")).snapshotIndex(root) : null;
  const progress = progressBar(process.stderr, args.format === "text" && args.verbosity >= 0 && args.outputFile === null);
  const engine = {
    // The index snapshot is a throw-away tree: no cache there.
    cache: !args.noCache && !snapshot,
    threads: args.threads ?? ("cores" as const),
    onProgress: (done: number, total: number, phase?: ProgressPhase) => progress.update(done, total, phase),
  };
  let result: AnalysisResult & { contentHashes?: () => Map<string, string>; reuse?: ReuseOutcome };
  try {
    const opts: AnalyzeOptions = {
      root: snapshot?.root ?? root,
      only,
      pythonVersion: args.pythonVersion,
      pythonEnv: args.pythonEnv,
      useConfig: !args.noConfig,
      configFile: args.config,
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
  if (args.timings || args.verbosity > 0) printTimings(result);
  if (args.verbosity > 0) process.stderr.write(`import-doctor: root ${root}, Python ${result.pythonVersion}, ${plural(result.files, "file")} analysed${args.config ? `, settings from ${args.config}` : args.noConfig ? ", configuration ignored" : ""}\n`);
  if (args.writeBaseline) {
    const n = (await import("./baseline.js")).writeBaseline(args.writeBaseline, result.diagnostics);
    say(`Wrote ${plural(n, "finding")} to the baseline ${args.writeBaseline}; check with --baseline ${args.writeBaseline} to report only new ones.\n`);
    return 0;
  }
  if (baseline) {
    const { notInBaseline } = await import("./baseline.js");
    const { kept, matched } = notInBaseline(result.diagnostics, baseline);
    result = { ...result, diagnostics: kept };
    if (matched > 0 && args.verbosity > 0) process.stderr.write(`import-doctor: ${plural(matched, "finding")} recorded in ${args.baseline} not reported\n`);
  }
  if (args.addNoqa) return addNoqa(args, root, result, say);
  if (args.verbosity >= 0) for (const n of result.notices ?? []) process.stderr.write(`import-doctor: warning: ${n}\n`);
  if (only.length > 0) {
    // The files PATHS name count, not the repository analysed around them.
    const inOnly = (p: string): boolean => only.some((o) => p === o || p.startsWith(`${o.replace(/\/+$/, "")}/`));
    result = { ...result, files: [...result.identities.keys()].filter(inOnly).length };
  }
  if (result.files === 0 && args.verbosity >= 0) process.stderr.write(`import-doctor: warning: No Python files found under ${only.length > 0 ? only.join(", ") : root}\n`);
  await render(args, result, fixRun, out, root, engine.cache);
  out.close();
  if (args.exitZero) return 0;
  const failing = args.failOn === "warning" ? ["error", "warning"] : ["error"];
  return result.diagnostics.some((d) => failing.includes(d.severity)) ? 1 : 0;
}

async function render(args: CheckArgs, result: AnalysisResult & { contentHashes?: () => Map<string, string> }, fixRun: FixRun | null, out: Output, root: string, cached: boolean): Promise<void> {
  if (args.statistics) {
    out.write((await import("../report/statistics.js")).renderStatistics(result, args.format === "json" ? "json" : "text"));
    return;
  }
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
      return (rel, last) => readSourceLines(path.resolve(root, rel), last);
    };
    const hashes = cached ? result.contentHashes?.() : undefined;
    return hashes ? cachedFrameLines(root, wanted, hashes, reader) : readFrameLines(wanted, await reader());
  };
  usePart(`format ${args.format}`);
  switch (args.format) {
    case "json":
      out.write((await import("../report/json.js")).renderJson(result, fixRun ? { repair: (await import("../report/repair.js")).repairJson(fixRun, true) } : {}));
      break;
    case "github":
      out.write((await import("../report/github.js")).renderGithub(result));
      break;
    case "sarif":
      out.write((await import("../report/sarif.js")).renderSarif(result, await allRules(), VERSION));
      break;
    case "junit":
      out.write((await import("../report/junit.js")).renderJunit(result));
      break;
    case "markdown":
      if (fixRun) out.write(`${(await import("../report/repair.js")).renderRepairMarkdown(fixRun, true)}\n`);
      out.write((await import("../report/impact.js")).renderMarkdown(result));
      break;
    case "concise": {
      const { pickStyle, PLAIN } = await import("../report/text.js");
      out.write((await import("../report/concise.js")).renderConcise(result, args.outputFile ? PLAIN : pickStyle(process.stdout), args.verbosity >= 0));
      break;
    }
    case "text": {
      const { pickStyle, PLAIN, renderSummary, renderText } = await import("../report/text.js");
      const style = args.outputFile ? PLAIN : pickStyle(process.stdout);
      if (args.impact) out.write(`${(await import("../report/impact.js")).renderImpactText(result, style)}${args.verbosity >= 0 ? `${renderSummary(result, style)}\n` : ""}`);
      else out.write(renderText(result, await frameLines(), style, args.verbosity >= 0));
      break;
    }
  }
}

export function printTimings(result: AnalysisResult & { reuse?: ReuseOutcome }): void {
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
