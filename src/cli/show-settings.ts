// `check --show-settings`: the settings in force after the configuration file and the options, as the analysis will
// use them, one `key = value` line each (values as TOML/JSON literals), and where each part came from.
import path from "node:path";
import type { CheckArgs } from "./args.js";
import { DEFAULT_EXCLUDES } from "../discover/files.js";
import { prepareProject } from "../project.js";

export function showSettings(args: CheckArgs, root: string): string {
  const p = prepareProject({ root, pythonVersion: args.pythonVersion, pythonEnv: args.pythonEnv, useConfig: !args.noConfig, configFile: args.config, upgrades: args.upgrades });
  const s = p.settings;
  const rel = (abs: string): string => path.relative(p.root, abs) || ".";
  const config = args.noConfig ? "none (--no-config)" : args.config ? args.config : p.pyproject && (p.pyproject.tool as Record<string, unknown> | undefined)?.["import-doctor"] !== undefined ? path.join(p.root, "pyproject.toml") : "none (defaults)";
  const lines: [string, unknown][] = [
    ["root", p.root],
    ["config", config],
    ["python-version", p.version],
    ["python-env", p.env ? `${p.env.paths[0] ?? ""} (${p.env.source})` : null],
    ["roots", p.layout.configuredRoots.map(rel)],
    ["project-roots", p.layout.projectRoots.map(rel)],
    ["exclude", s.exclude ?? DEFAULT_EXCLUDES],
    ["extend-exclude", s.extendExclude],
    ["select", args.select ?? s.select ?? ["ALL"]],
    ["ignore", [...s.ignore, ...args.ignore]],
    ["per-file-ignores", s.perFileIgnores],
    ["known-first-party", s.knownFirstParty],
    ["known-third-party", s.knownThirdParty],
    ["scripts", s.scripts],
    ["extra-deprecated-modules", s.extraDeprecatedModules.map((m) => m.module)],
    ["upgrades", args.upgrades],
    ["files", p.discovery.pythonFiles.length],
  ];
  return lines.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join("\n") + "\n";
}
