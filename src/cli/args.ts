// Parses `import-doctor` arguments with node:util; usage errors become UsageError (exit 2).
import { parseChoice, type Choice } from "../fix/choice.js";
import path from "node:path";
import { UserError } from "../errors.js";
import { parseArgs } from "node:util";

export class UsageError extends UserError {}

export const CHECK_FORMATS = ["text", "json", "markdown", "github", "sarif", "junit"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const GRAPH_FORMATS = ["json", "dot", "mermaid"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface CheckArgs {
  command: "check";
  /** Do not read or write `.import-doctor-cache/`. */
  noCache: boolean;
  /** Parser threads; null: one per core. */
  threads: number | null;
  /** Print the time of each phase to stderr. */
  timings: boolean;
  paths: string[];
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
  pythonVersion: string | null;
  root: string | null;
  pythonEnv: string | null;
  noConfig: boolean;
  debug: boolean;
}

export interface GraphArgs {
  command: "graph";
  /** Do not read or write `.import-doctor-cache/`. */
  noCache: boolean;
  /** Parser threads; null: one per core. */
  threads: number | null;
  /** Print the time of each phase to stderr. */
  timings: boolean;
  paths: string[];
  format: GraphFormat;
  focus: string | null;
  depth: number;
  pythonVersion: string | null;
  root: string | null;
  pythonEnv: string | null;
  noConfig: boolean;
  debug: boolean;
}

export type Args = CheckArgs | GraphArgs | { command: "version" } | { command: "help" } | { command: "rules"; format: "text" | "json" };

const codes = (v: string | undefined): string[] => (v ? v.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean) : []);

function choicesOf(list: string[] | undefined, fixing: boolean): Choice[] {
  if (list && list.length > 0 && !fixing) throw new UsageError("--choose picks a repair: it needs --diff or --fix");
  return (list ?? []).map((c) => {
    const choice = parseChoice(c);
    if (!choice || choice.n < 1) throw new UsageError(`--choose must look like CODE@path:line=N (IMP002@src/app.py:5=2), got '${c}'`);
    return choice;
  });
}

/** `--upgrade pydantic==2.7 --upgrade Werkzeug==3.0.1` -> {pydantic: "2.7", werkzeug: "3.0.1"}. */
function upgradesOf(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of list ?? []) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(\d+(?:\.\d+)*)\s*$/.exec(u);
    if (!m) throw new UsageError(`--upgrade must look like DIST==VERSION (pydantic==2.7), got '${u}'`);
    out[m[1]!.toLowerCase().replace(/[-_.]+/g, "-")] = m[2]!; // PEP 503 normalised, as config/dependencies.ts does
  }
  return out;
}

export function parseCliArgs(argv: string[]): Args {
  if (argv.includes("--version") || argv.includes("-V")) return { command: "version" };
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h") || argv[0] === "help") return { command: "help" };
  const [command, ...rest] = argv;
  if (command === "rules") {
    const { values } = parseArgs({ args: rest, options: { format: { type: "string", default: "text" } }, strict: true });
    if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, got '${values.format}'`);
    return { command: "rules", format: values.format };
  }
  if (command !== "check" && command !== "graph") throw new UsageError(`unknown command '${command}' (expected: check, graph, rules)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        "python-version": { type: "string" },
        root: { type: "string" },
        "python-env": { type: "string" },
        "no-config": { type: "boolean", default: false },
        debug: { type: "boolean", default: false },
        "no-cache": { type: "boolean", default: false },
        threads: { type: "string" },
        timings: { type: "boolean", default: false },
        ...(command === "check"
          ? { select: { type: "string" }, ignore: { type: "string" }, upgrade: { type: "string", multiple: true }, impact: { type: "boolean", default: false }, staged: { type: "boolean", default: false }, diff: { type: "boolean", default: false }, fix: { type: "boolean", default: false }, "unsafe-fixes": { type: "boolean", default: false }, "allow-dirty": { type: "boolean", default: false }, choose: { type: "string", multiple: true } }
          : { focus: { type: "string" }, depth: { type: "string" } }),
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]!);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const str = (k: string): string | undefined => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  const pyv = str("python-version") ?? null;
  if (pyv !== null && !/^3\.\d+$/.test(pyv)) throw new UsageError(`--python-version must look like 3.12, got '${pyv}'`);
  const threadsText = str("threads");
  if (threadsText !== undefined && !/^[1-9]\d*$/.test(threadsText)) throw new UsageError(`--threads must be a positive whole number, got '${threadsText}'`);
  const common = {
    paths: parsed.positionals,
    pythonVersion: pyv,
    root: str("root") ?? null,
    // Resolved here, against the directory the command runs in: the path, not its spelling, keys the cache.
    pythonEnv: str("python-env") !== undefined ? path.resolve(str("python-env")!) : null,
    noConfig: v["no-config"] === true,
    debug: v.debug === true,
    noCache: v["no-cache"] === true,
    threads: threadsText === undefined ? null : Number(threadsText),
    timings: v.timings === true,
  };
  if (command === "graph") {
    const format = str("format") ?? "json";
    if (!(GRAPH_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${GRAPH_FORMATS.join(", ")}, got '${format}'`);
    const depthText = str("depth") ?? "1";
    if (!/^\d+$/.test(depthText)) throw new UsageError(`--depth must be a whole number, got '${depthText}'`);
    if (str("depth") !== undefined && str("focus") === undefined) throw new UsageError("--depth needs --focus MODULE");
    return { command: "graph", ...common, format: format as GraphFormat, focus: str("focus") ?? null, depth: Number(depthText) };
  }
  const format = str("format") ?? "text";
  if ((v.diff === true || v.fix === true) && v.staged === true) throw new UsageError("--staged judges the git index: it cannot be combined with --diff or --fix");
  if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(", ")}, got '${format}'`);
  return {
    command: "check",
    ...common,
    format: format as CheckFormat,
    impact: v.impact === true,
    staged: v.staged === true,
    diff: v.diff === true,
    fix: v.fix === true,
    unsafeFixes: v["unsafe-fixes"] === true,
    allowDirty: v["allow-dirty"] === true,
    select: str("select") === undefined ? null : codes(str("select")),
    ignore: codes(str("ignore")),
    upgrades: upgradesOf((parsed.values as Record<string, unknown>).upgrade as string[] | undefined),
    choices: choicesOf((parsed.values as Record<string, unknown>).choose as string[] | undefined, v.diff === true || v.fix === true),
  };
}

export const HELP = `import-doctor: predicts the import errors CPython would raise in a Python repository

Usage:
  import-doctor check [PATHS...] [options]   analyse the repository, report diagnostics in PATHS (default: all)
  import-doctor graph [PATH] [options]       print the module-level import graph, broken edges marked
  import-doctor rules [--format text|json]   list the rules
  import-doctor --version

Options for check:
  --format FORMAT           text (default), json, markdown, github, sarif or junit
  --impact                  list root causes by the test files they keep pytest from collecting
  --staged                  judge the content of the git index (what will be committed), not the working tree
  --diff                    print every fix as a unified diff and write nothing (exit 1 when there would be changes)
  --fix                     apply the safe fixes (re-checked; a fix that would add a finding is rolled back)
  --unsafe-fixes            also apply (or show in --diff) the fixes that may change behaviour
  --allow-dirty             let --fix write files that have uncommitted git changes
  --select CODES            only these codes or prefixes, comma-separated (e.g. IMP001,IMP002)
  --ignore CODES            skip these codes or prefixes
  With PATHS, the whole repository is analysed, and reported are the diagnostics in PATHS and those elsewhere
  that exist because of them (a module they change, rename or delete that other code imports).

Options for graph:
  --format json|dot|mermaid output format (default: json)
  --focus MODULE            only MODULE and the modules within --depth imports of it (either direction)
  --depth N                 with --focus: how many imports away (default: 1)

Common options:
  --python-version 3.X      target CPython version (default: requires-python, .python-version, the environment, python3 on PATH, else 3.12)
  --choose CODE@PATH:LINE=N with --diff/--fix: repair that diagnostic's root cause with its Nth candidate
                            (--diff lists them; repeatable)
  --upgrade DIST==VERSION   check the imports against that version of a distribution, before it is installed (repeatable)
  --root DIR                repository root (default: nearest ancestor of the first path with pyproject.toml, setup.py, setup.cfg or .git)
  --python-env DIR          virtualenv or site-packages directory to resolve third-party imports against
  --no-config               ignore [tool.import-doctor] in pyproject.toml
  --no-cache                neither read nor write the cache of facts and results (.import-doctor-cache/ in the root)
  --threads N               parser threads (default: one per core when the work is worth them)
  --timings                 print the time of each phase to stderr
  --debug                   print stack traces for internal errors

Exit codes: 0 no errors, 1 errors found, 2 usage, configuration or internal error.
`;
