// CLI wiring: arguments -> analyze -> render; exit codes 0 (clean), 1 (errors), 2 (usage/config/internal error).
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { analyze } from "../analyze.js";
import { ALL_RULES } from "../checks/registry.js";
import { ConfigError } from "../config/settings.js";
import { IniError } from "../config/ini.js";
import { readSourceLines } from "../parse/parser.js";
import { renderJson } from "../report/json.js";
import { pickStyle, renderText } from "../report/text.js";
import { HELP, parseCliArgs, UsageError, type CheckArgs } from "./args.js";

declare const __VERSION__: string;
export const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "0.0.0-dev";

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

async function runCheck(args: CheckArgs): Promise<number> {
  for (const p of args.paths) if (!existsSync(p)) throw new UsageError(`path not found: ${p}`);
  if (args.root && !(existsSync(args.root) && statSync(args.root).isDirectory())) throw new UsageError(`--root ${args.root}: not a directory`);
  const root = path.resolve(args.root ?? findRoot(args.paths[0] ?? "."));
  const only = args.paths
    .map((p) => path.relative(root, path.resolve(p)).split(path.sep).join("/"))
    .filter((p) => p !== "");
  for (const p of only) if (p.startsWith("..")) throw new UsageError(`path ${p} is outside the root ${root}`);
  const result = await analyze({
    root,
    only,
    pythonVersion: args.pythonVersion,
    pythonEnv: args.pythonEnv,
    useConfig: !args.noConfig,
    select: args.select,
    ignore: args.ignore,
  });
  if (args.format === "json") {
    process.stdout.write(renderJson(result));
  } else {
    const sources = new Map<string, string[]>();
    for (const d of result.diagnostics) {
      if (!sources.has(d.path)) sources.set(d.path, readSourceLines(path.join(root, d.path)) ?? []);
    }
    process.stdout.write(renderText(result, sources, pickStyle(process.stdout)));
  }
  return result.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
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
      case "rules":
        if (args.format === "json") process.stdout.write(JSON.stringify(ALL_RULES.map(({ code, name, summary }) => ({ code, name, summary })), null, 2) + "\n");
        else for (const r of ALL_RULES) process.stdout.write(`${r.code}  ${r.name.padEnd(24)} ${r.summary}\n`);
        return 0;
      case "check":
        debug = args.debug;
        return await runCheck(args);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof IniError) {
      process.stderr.write(`import-doctor: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`import-doctor: internal error: ${(e as Error).message}${debug ? `\n${(e as Error).stack}` : " (run with --debug for a stack trace)"}\n`);
    return 2;
  }
}
