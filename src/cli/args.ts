// Parses `import-doctor` arguments with node:util; usage errors become UsageError (exit 2).
import { parseArgs } from "node:util";

export class UsageError extends Error {}

export interface CheckArgs {
  command: "check";
  paths: string[];
  format: "text" | "json";
  select: string[] | null;
  ignore: string[];
  pythonVersion: string | null;
  root: string | null;
  pythonEnv: string | null;
  noConfig: boolean;
  debug: boolean;
}

export type Args = CheckArgs | { command: "version" } | { command: "help" } | { command: "rules"; format: "text" | "json" };

const codes = (v: string | undefined): string[] => (v ? v.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean) : []);

export function parseCliArgs(argv: string[]): Args {
  if (argv.includes("--version") || argv.includes("-V")) return { command: "version" };
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h") || argv[0] === "help") return { command: "help" };
  const [command, ...rest] = argv;
  if (command === "rules") {
    const { values } = parseArgs({ args: rest, options: { format: { type: "string", default: "text" } }, strict: true });
    if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, got '${values.format}'`);
    return { command: "rules", format: values.format };
  }
  if (command !== "check") throw new UsageError(`unknown command '${command}' (expected: check, rules)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", default: "text" },
        select: { type: "string" },
        ignore: { type: "string" },
        "python-version": { type: "string" },
        root: { type: "string" },
        "python-env": { type: "string" },
        "no-config": { type: "boolean", default: false },
        debug: { type: "boolean", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split("\n")[0]!);
  }
  const v = parsed.values;
  if (v.format !== "text" && v.format !== "json") throw new UsageError(`--format must be text or json, got '${v.format}'`);
  const pyv = v["python-version"] ?? null;
  if (pyv !== null && !/^3\.\d+$/.test(pyv)) throw new UsageError(`--python-version must look like 3.12, got '${pyv}'`);
  return {
    command: "check",
    paths: parsed.positionals,
    format: v.format,
    select: v.select === undefined ? null : codes(v.select),
    ignore: codes(v.ignore),
    pythonVersion: pyv,
    root: v.root ?? null,
    pythonEnv: v["python-env"] ?? null,
    noConfig: v["no-config"] ?? false,
    debug: v.debug ?? false,
  };
}

export const HELP = `import-doctor: predicts the import errors CPython would raise in a Python repository

Usage:
  import-doctor check [PATHS...] [options]   analyse the repository, report diagnostics in PATHS (default: all)
  import-doctor rules [--format text|json]   list the rules
  import-doctor --version

Options for check:
  --format text|json        output format (default: text)
  --select CODES            only these codes or prefixes, comma-separated (e.g. IMP001,IMP002)
  --ignore CODES            skip these codes or prefixes
  --python-version 3.X      target CPython version (default: requires-python, .python-version, the environment, else 3.12)
  --root DIR                repository root (default: nearest ancestor of the first path with pyproject.toml, setup.py, setup.cfg or .git)
  --python-env DIR          virtualenv or site-packages directory to resolve third-party imports against
  --no-config               ignore [tool.import-doctor] in pyproject.toml
  --debug                   print stack traces for internal errors

Exit codes: 0 no errors, 1 errors found, 2 usage, configuration or internal error.
`;
