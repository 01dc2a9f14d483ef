// Parses `import-doctor` arguments with commander (subcommands, `--help` for each, did-you-mean for unknown options
// and commands); every usage error becomes a one-line UsageError (exit 2). Values are validated here, codes included.
import { Command, CommanderError, Option } from "commander";
import path from "node:path";
import { checkSelectors, RULE_CODES, unknownCodeMessage } from "../checks/codes.js";
import { UserError } from "../errors.js";
import { parseChoice, type Choice } from "../fix/choice.js";
import { VERSION } from "../version.js";

export class UsageError extends UserError {}

export const CHECK_FORMATS = ["text", "concise", "json", "markdown", "github", "sarif", "junit"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const GRAPH_FORMATS = ["json", "dot", "mermaid", "html"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Options every analysing command takes. */
interface CommonArgs {
  /** Do not read or write `.import-doctor-cache/`. */
  noCache: boolean;
  /** Parser threads; null: one per core. */
  threads: number | null;
  /** Print the time of each phase to stderr. */
  timings: boolean;
  paths: string[];
  pythonVersion: string | null;
  root: string | null;
  pythonEnv: string | null;
  noConfig: boolean;
  /** `--config FILE`: settings from this TOML file instead of the root's pyproject.toml. */
  config: string | null;
  debug: boolean;
}

export interface CheckArgs extends CommonArgs {
  command: "check";
  format: CheckFormat;
  /** Report root causes with the tests they block (`--impact`). */
  impact: boolean;
  /** Judge the git index instead of the working tree. */
  staged: boolean;
  /** Print the fixes as a unified diff and write nothing. */
  diff: boolean;
  /** Apply the fixes. */
  fix: boolean;
  /** Include unsafe fixes in --diff/--fix. */
  unsafeFixes: boolean;
  /** `--choose CODE@path:line=N`: the Nth candidate repair for that diagnostic's root cause. */
  choices: Choice[];
  /** `--upgrade DIST==VERSION`, by normalised distribution name. */
  upgrades: Record<string, string>;
  /** Let --fix write files that have uncommitted changes. */
  allowDirty: boolean;
  select: string[] | null;
  ignore: string[];
  /** Write the report here instead of stdout. */
  outputFile: string | null;
  /** Exit 0 even when findings fail the run. */
  exitZero: boolean;
  /** The least severity that fails the run (exit 1). */
  failOn: "error" | "warning";
  /** Print a count per rule instead of the findings. */
  statistics: boolean;
  /** -1: quiet (findings only), 0: normal, 1: verbose. */
  verbosity: -1 | 0 | 1;
  /** Print the resolved settings and exit. */
  showSettings: boolean;
  /** Write `# noqa: CODE` on the line of every finding. */
  addNoqa: boolean;
  /** Findings recorded in this baseline file are not reported. */
  baseline: string | null;
  /** Record the current findings in this baseline file. */
  writeBaseline: string | null;
}

export interface GraphArgs extends CommonArgs {
  command: "graph";
  format: GraphFormat;
  outputFile: string | null;
  focus: string | null;
  depth: number;
}

export type Args =
  | CheckArgs
  | GraphArgs
  | { command: "version" }
  | { command: "help"; text: string; code: number }
  | { command: "rules"; format: "text" | "json"; code: string | null }
  | { command: "server" };

/** The default baseline file of `--write-baseline` without a path. */
export const DEFAULT_BASELINE = ".import-doctor-baseline.json";

const codeList = (v: string | undefined): string[] => (v ? v.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean) : []);
const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function selectorsOf(flag: string, v: string | undefined): string[] {
  const list = codeList(v);
  const bad = checkSelectors(list);
  if (bad) throw new UsageError(`${flag}: ${bad}`);
  return list;
}

function choicesOf(list: string[], fixing: boolean): Choice[] {
  if (list.length > 0 && !fixing) throw new UsageError("--choose picks a repair: it needs --diff or --fix");
  return list.map((c) => {
    const choice = parseChoice(c);
    if (!choice || choice.n < 1) throw new UsageError(`--choose must look like CODE@path:line=N (IMP002@src/app.py:5=2), got '${c}'`);
    return choice;
  });
}

/** `--upgrade pydantic==2.7 --upgrade Werkzeug==3.0.1` -> {pydantic: "2.7", werkzeug: "3.0.1"}. */
function upgradesOf(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of list) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(\d+(?:\.\d+)*)\s*$/.exec(u);
    if (!m) throw new UsageError(`--upgrade must look like DIST==VERSION (pydantic==2.7), got '${u}'`);
    out[m[1]!.toLowerCase().replace(/[-_.]+/g, "-")] = m[2]!; // PEP 503 normalised, as config/dependencies.ts does
  }
  return out;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got '${value}'`);
  return value as T;
}

/** The options of commands that analyse the repository. */
function commonOptions(cmd: Command): Command {
  return cmd
    .option("--python-version <3.X>", "target CPython version (default: requires-python, .python-version, the environment, python3 on PATH, else 3.12)")
    .option("--root <dir>", "repository root (default: nearest ancestor of the first path with pyproject.toml, setup.py, setup.cfg or .git)")
    .option("--python-env <dir>", "virtualenv or site-packages directory to resolve third-party imports against")
    .option("--config <file>", "read [tool.import-doctor] from this TOML file instead of the root's pyproject.toml")
    .option("--no-config", "ignore [tool.import-doctor] in pyproject.toml")
    .option("--no-cache", "neither read nor write the cache of facts and results (.import-doctor-cache/ in the root)")
    .option("--threads <n>", "parser threads (default: one per core when the work is worth them)")
    .option("--timings", "print the time of each phase to stderr")
    .option("--debug", "print stack traces for internal errors");
}

type Values = Record<string, unknown>;

function common(paths: string[], o: Values): CommonArgs {
  const pyv = (o.pythonVersion as string | undefined) ?? null;
  if (pyv !== null && !/^3\.\d+$/.test(pyv)) throw new UsageError(`--python-version must look like 3.12, got '${pyv}'`);
  const threadsText = o.threads as string | undefined;
  if (threadsText !== undefined && !/^[1-9]\d*$/.test(threadsText)) throw new UsageError(`--threads must be a positive whole number, got '${threadsText}'`);
  const config = typeof o.config === "string" ? o.config : null;
  return {
    paths,
    pythonVersion: pyv,
    root: (o.root as string | undefined) ?? null,
    // Resolved here, against the directory the command runs in: the path, not its spelling, keys the cache.
    pythonEnv: typeof o.pythonEnv === "string" ? path.resolve(o.pythonEnv) : null,
    noConfig: o.config === false,
    config: config === null ? null : path.resolve(config),
    debug: o.debug === true,
    noCache: o.cache === false,
    threads: threadsText === undefined ? null : Number(threadsText),
    timings: o.timings === true,
  };
}

function checkArgs(paths: string[], o: Values): CheckArgs {
  const format = oneOf("--format", (o.outputFormat as string | undefined) ?? (o.format as string | undefined) ?? "text", CHECK_FORMATS);
  if (o.format !== undefined && o.outputFormat !== undefined && o.format !== o.outputFormat) throw new UsageError(`--format ${String(o.format)} and --output-format ${String(o.outputFormat)} disagree: give one`);
  const diff = o.diff === true;
  const fix = o.fix === true;
  if ((diff || fix) && o.staged === true) throw new UsageError("--staged judges the git index: it cannot be combined with --diff or --fix");
  if (o.addNoqa === true && (diff || fix)) throw new UsageError("--add-noqa writes suppressions: it cannot be combined with --diff or --fix");
  if (o.quiet === true && o.verbose === true) throw new UsageError("-q/--quiet and -v/--verbose contradict each other: give one");
  const writeBaseline = o.writeBaseline === undefined ? null : o.writeBaseline === true ? DEFAULT_BASELINE : String(o.writeBaseline);
  return {
    command: "check",
    ...common(paths, o),
    format,
    impact: o.impact === true,
    staged: o.staged === true,
    diff,
    fix,
    unsafeFixes: o.unsafeFixes === true,
    allowDirty: o.allowDirty === true,
    select: o.select === undefined ? null : selectorsOf("--select", o.select as string),
    ignore: selectorsOf("--ignore", o.ignore as string | undefined),
    upgrades: upgradesOf((o.upgrade as string[] | undefined) ?? []),
    choices: choicesOf((o.choose as string[] | undefined) ?? [], diff || fix),
    outputFile: typeof o.outputFile === "string" ? o.outputFile : null,
    exitZero: o.exitZero === true,
    failOn: oneOf("--fail-on", (o.failOn as string | undefined) ?? "error", ["error", "warning"] as const),
    statistics: o.statistics === true,
    verbosity: o.quiet === true ? -1 : o.verbose === true ? 1 : 0,
    showSettings: o.showSettings === true,
    addNoqa: o.addNoqa === true,
    baseline: typeof o.baseline === "string" ? o.baseline : null,
    writeBaseline,
  };
}

function graphArgs(paths: string[], o: Values): GraphArgs {
  const depthText = (o.depth as string | undefined) ?? "1";
  if (!/^\d+$/.test(depthText)) throw new UsageError(`--depth must be a whole number, got '${depthText}'`);
  if (o.depth !== undefined && o.focus === undefined) throw new UsageError("--depth needs --focus MODULE");
  return { command: "graph", ...common(paths, o), format: oneOf("--format", (o.format as string | undefined) ?? "json", GRAPH_FORMATS), focus: (o.focus as string | undefined) ?? null, depth: Number(depthText), outputFile: typeof o.outputFile === "string" ? o.outputFile : null };
}

/** The program: each command's action stores what it parsed in `out`. */
function program(out: { args: Args | null }): Command {
  const p = new Command("import-doctor")
    .description("Predicts the import errors CPython would raise in a Python repository, before pytest or production does.")
    .version(`import-doctor ${VERSION}`, "-V, --version", "print the version")
    .helpOption("-h, --help", "print this help")
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .addHelpText("after", "\nExit codes: 0 no errors, 1 errors found, 2 usage, configuration or internal error.\nRun 'import-doctor COMMAND --help' for a command's options.");

  const check = p
    .command("check")
    .description("analyse the repository; report the diagnostics in PATHS (default: all)")
    .argument("[paths...]", "files or directories to report on; the whole repository is analysed, and findings elsewhere caused by PATHS are reported too")
    .addOption(new Option("--format <format>", `output format: ${CHECK_FORMATS.join(", ")} (default: text)`))
    .addOption(new Option("--output-format <format>", "alias of --format, as in ruff"))
    .option("-o, --output-file <file>", "write the report to this file instead of stdout")
    .option("--impact", "list root causes by the test files they keep pytest from collecting")
    .option("--statistics", "print the number of findings per rule instead of the findings")
    .option("--select <codes>", "only these codes or prefixes, comma-separated (e.g. IMP001,IMP002)")
    .option("--ignore <codes>", "skip these codes or prefixes")
    .option("--fail-on <severity>", "error (default) or warning: the least severity that exits 1")
    .option("--exit-zero", "exit 0 even when findings are reported")
    .option("--staged", "judge the content of the git index (what will be committed), not the working tree")
    .option("--diff", "print every fix as a unified diff and write nothing (exit 1 when there would be changes)")
    .option("--fix", "apply the safe fixes (re-checked; a fix that would add a finding is rolled back)")
    .option("--unsafe-fixes", "also apply (or show in --diff) the fixes that may change behaviour")
    .option("--choose <CODE@PATH:LINE=N>", "with --diff/--fix: repair that diagnostic's root cause with its Nth candidate (repeatable)", collect)
    .option("--allow-dirty", "let --fix and --add-noqa write files that have uncommitted git changes")
    .option("--add-noqa", "write `# noqa: CODE` on the line of every finding, to adopt the check on existing code")
    .option("--baseline <file>", "report only findings that this baseline file does not record")
    .option("--write-baseline [file]", `record the current findings in a baseline file (default: ${DEFAULT_BASELINE})`)
    .option("--upgrade <DIST==VERSION>", "check the imports against that version of a distribution, before it is installed (repeatable)", collect)
    .option("-q, --quiet", "print the findings and nothing else (no summary, progress or notices)")
    .option("-v, --verbose", "also print the root, configuration, Python version and timings")
    .option("--show-settings", "print the settings in force (after configuration and options) and exit");
  commonOptions(check).action((paths: string[], o: Values) => {
    out.args = checkArgs(paths, o);
  });

  const graph = p
    .command("graph")
    .description("print the module-level import graph, broken edges marked")
    .argument("[path]", "the repository (default: .)")
    .option("--format <format>", `output format: ${GRAPH_FORMATS.join(", ")} (default: json)`)
    .option("--focus <module>", "only MODULE and the modules within --depth imports of it (either direction)")
    .option("--depth <n>", "with --focus: how many imports away (default: 1)")
    .option("-o, --output-file <file>", "write the graph to this file instead of stdout");
  commonOptions(graph).action((pathArg: string | undefined, o: Values) => {
    out.args = graphArgs(pathArg ? [pathArg] : [], o);
  });

  const rulesAction = (code: string | undefined, o: Values): void => {
    const format = oneOf("--format", (o.format as string | undefined) ?? "text", ["text", "json"] as const);
    const upper = code?.toUpperCase() ?? null;
    if (upper !== null && !(RULE_CODES as readonly string[]).includes(upper)) throw new UsageError(unknownCodeMessage(code!));
    out.args = { command: "rules", format, code: upper };
  };
  p.command("rules")
    .description("list the rules, or document one")
    .argument("[code]", "a rule's code (IMP002): print its documentation")
    .option("--format <format>", "text (default) or json")
    .action(rulesAction);
  p.command("rule")
    .description("print a rule's documentation")
    .argument("<code>", "the rule's code, e.g. IMP002")
    .option("--format <format>", "text (default) or json")
    .action(rulesAction);
  p.command("server")
    .description("run the language server (LSP over stdin/stdout) for editors")
    .option("--stdio", "talk over stdin/stdout (the default; accepted as editors pass it)")
    .action(() => {
      out.args = { command: "server" };
    });
  return p;
}

/** A commander message as one line: `unknown option '--fromat' (did you mean --format?)`. */
function oneLine(message: string, command: string | null): string {
  const text = message.replace(/^error: /, "").trim();
  const [first, ...rest] = text.split("\n");
  const hint = rest.map((l) => l.replace(/^\((.*)\)$/, "$1").replace(/^Did you/, "did you")).join(" ");
  return `${first}${hint ? ` (${hint})` : ""}; see 'import-doctor ${command ? `${command} ` : ""}--help'`;
}

export function parseCliArgs(argv: string[]): Args {
  const out: { args: Args | null } = { args: null };
  let written = "";
  const p = program(out);
  const command = argv.find((a) => !a.startsWith("-")) ?? null;
  p.configureOutput({ writeOut: (s) => (written += s), writeErr: (s) => (written += s), outputError: () => {} });
  for (const c of p.commands) c.configureOutput({ writeOut: (s) => (written += s), writeErr: (s) => (written += s), outputError: () => {} });
  // Alone, or only with options: the help, and a failing exit (a CI step that forgot `check` must not pass).
  if (command === null && !argv.some((a) => a === "-h" || a === "--help" || a === "-V" || a === "--version")) {
    if (argv.length > 0) throw new UsageError(`${argv[0]} needs a command first: import-doctor check ${argv.join(" ")}`);
    return { command: "help", text: p.helpInformation(), code: 2 };
  }
  try {
    p.parse(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.version") return { command: "version" };
      if (e.code === "commander.helpDisplayed" || e.code === "commander.help") return { command: "help", text: written, code: e.code === "commander.help" ? 2 : 0 };
      throw new UsageError(oneLine(e.message, p.commands.some((c) => c.name() === command) ? command : null));
    }
    throw e;
  }
  if (!out.args) throw new UsageError(`unknown command '${command}' (expected: check, graph, rules, rule, server)`);
  return out.args;
}
