// CLI wiring: arguments -> command; exit codes 0 (clean), 1 (findings), 2 (usage/config/internal error).
import type { AnalyzeOptions } from "../analyze.js";
import { analyzeReusing } from "../cache/result-cache.js";
import { usePart } from "../code-parts.js";
import { UserError } from "../errors.js";
import { parseCliArgs, UsageError, type GraphArgs } from "./args.js";
import { allRules, loadAnalyze, loadInert, printTimings, runCheck } from "./check.js";
import { locate } from "./locate.js";
import { writeWhole } from "./output.js";

export { VERSION } from "../version.js";
import { VERSION } from "../version.js";

/** A graph drawn past this many nodes is unreadable: the user is told about --focus. */
const LARGE_GRAPH = 200;

async function runGraph(args: GraphArgs): Promise<number> {
  usePart("graph");
  const { root } = locate(args);
  const opts: AnalyzeOptions = { root, only: [], pythonVersion: args.pythonVersion, pythonEnv: args.pythonEnv, useConfig: !args.noConfig, configFile: args.config, select: null, ignore: [], graph: true, cache: !args.noCache, threads: args.threads ?? "cores" };
  const result = opts.cache ? await analyzeReusing(opts, loadAnalyze, loadInert) : await (await loadAnalyze())(opts);
  if (args.timings) printTimings(result);
  let graph = result.graph!;
  if (args.focus) {
    if (!graph.nodes.some((n) => n.id === args.focus)) throw new UsageError(`--focus ${args.focus}: no such module in the graph`);
    graph = (await import("../graph/module-graph.js")).focusGraph(graph, args.focus, args.depth);
  } else if (args.format !== "json" && graph.nodes.length > LARGE_GRAPH) {
    process.stderr.write(`import-doctor: warning: the graph has ${graph.nodes.length} nodes, too many to read when drawn; draw a neighbourhood with --focus MODULE [--depth N]\n`);
  }
  const { renderDot, renderGraphJson, renderMermaid } = await import("../report/graph.js");
  const text = args.format === "html" ? (await import("../report/graph-html.js")).renderGraphHtml(graph, args.focus, root) : args.format === "dot" ? renderDot(graph) : args.format === "mermaid" ? renderMermaid(graph) : renderGraphJson(graph);
  if (args.outputFile) writeWhole(args.outputFile, text);
  else process.stdout.write(text);
  return 0;
}

/** `import-doctor server`: serves until the client says exit (or closes the connection). */
async function runServer(): Promise<number> {
  usePart("server");
  const analyze = await loadAnalyze();
  const { startServer } = await import("../server/main.js");
  const connection = startServer(analyze, { trace: process.env.IMPORT_DOCTOR_SERVER_TRACE === "1" });
  return new Promise((resolve) => connection.onExit(() => resolve(0)));
}

/** `import-doctor rules [CODE]` and `import-doctor rule CODE`: the list, or one rule's documentation. */
async function runRules(format: "text" | "json", code: string | null): Promise<number> {
  const rules = await allRules();
  const chosen = code === null ? rules : rules.filter((r) => r.code === code);
  if (format === "json") process.stdout.write(JSON.stringify(code === null ? chosen.map(({ code, name, summary }) => ({ code, name, summary })) : chosen[0], null, 2) + "\n");
  else if (code !== null) for (const r of chosen) process.stdout.write(`# ${r.code} ${r.name}\n\n${r.summary}.\n\n${r.docs}\n`);
  else for (const r of rules) process.stdout.write(`${r.code}  ${r.name.padEnd(24)} ${r.summary}\n`);
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
        // Asked for: stdout, exit 0. Not asked for (no command): stderr, exit 2, so that a CI step that forgot `check` fails.
        (args.code === 0 ? process.stdout : process.stderr).write(args.text);
        return args.code;
      case "rules":
        return await runRules(args.format, args.code);
      case "check":
        debug = args.debug;
        return await runCheck(args);
      case "graph":
        debug = args.debug;
        return await runGraph(args);
      case "server":
        return await runServer();
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
