// Reads and validates `[tool.import-doctor]` from pyproject.toml; unknown keys are errors that name the key.
import { UserError } from "../errors.js";
import { existsSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { readTextFile } from "../read-text.js";
import { checkSelectors } from "../checks/codes.js";

export class ConfigError extends UserError {}

export interface DeprecatedEntryConfig {
  module: string;
  replacement: string | null;
  message?: string;
}

export interface Settings {
  roots: string[];
  /** Replaces the default excludes when set (ruff's `exclude`); `extendExclude` adds to whichever are in force. */
  exclude: string[] | null;
  extendExclude: string[];
  pythonVersion: string | null;
  select: string[] | null;
  ignore: string[];
  perFileIgnores: Record<string, string[]>;
  extraDeprecatedModules: DeprecatedEntryConfig[];
  knownFirstParty: string[];
  knownThirdParty: string[];
  /** Globs of files that run as scripts (`python tools/x.py`) though nothing in them says so. */
  scripts: string[];
  pythonEnv: string | null;
}

export const DEFAULT_SETTINGS: Settings = {
  roots: [],
  exclude: null,
  extendExclude: [],
  pythonVersion: null,
  select: null,
  ignore: [],
  perFileIgnores: {},
  extraDeprecatedModules: [],
  knownFirstParty: [],
  knownThirdParty: [],
  scripts: [],
  pythonEnv: null,
};

export const KEYS: Record<string, keyof Settings> = {
  roots: "roots",
  exclude: "exclude",
  "extend-exclude": "extendExclude",
  "python-version": "pythonVersion",
  select: "select",
  ignore: "ignore",
  "per-file-ignores": "perFileIgnores",
  "extra-deprecated-modules": "extraDeprecatedModules",
  "known-first-party": "knownFirstParty",
  "known-third-party": "knownThirdParty",
  scripts: "scripts",
  "python-env": "pythonEnv",
};

/** Reads a TOML file, turning syntax errors into a one-line ConfigError. */
export function readToml(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as Error & { line?: number; column?: number };
    const first = String(err.message).split("\n")[0]!.replace(/^Invalid TOML document: /, "");
    if (!err.line || !err.column) throw new ConfigError(`${file}: invalid TOML: ${first}`);
    // Where, with the line and a caret under the column, as the diagnostics' code frames show it.
    const shown = text.split(/\r\n|\n|\r/)[err.line - 1] ?? "";
    const gutter = " ".repeat(String(err.line).length);
    throw new ConfigError(`${file}:${err.line}:${err.column}: invalid TOML: ${first}\n${gutter} |\n${err.line} | ${shown}\n${gutter} | ${" ".repeat(Math.max(0, err.column - 1))}^`);
  }
}

function stringArray(value: unknown, key: string, file: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new ConfigError(`${file}: [tool.import-doctor] ${key} must be an array of strings`);
  }
  return value as string[];
}

export function parseSettings(table: Record<string, unknown>, file: string): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const [key, value] of Object.entries(table)) {
    const field = KEYS[key];
    if (!field) {
      throw new ConfigError(`${file}: unknown key '${key}' in [tool.import-doctor] (known keys: ${Object.keys(KEYS).join(", ")})`);
    }
    switch (field) {
      case "pythonVersion":
      case "pythonEnv":
        if (typeof value !== "string") throw new ConfigError(`${file}: [tool.import-doctor] ${key} must be a string`);
        if (field === "pythonVersion" && !/^3\.\d+$/.test(value)) throw new ConfigError(`${file}: [tool.import-doctor] python-version must look like "3.12", got "${value}"`);
        s[field] = value;
        break;
      case "perFileIgnores": {
        if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(`${file}: [tool.import-doctor] per-file-ignores must be a table`);
        for (const [glob, codes] of Object.entries(value)) {
          s.perFileIgnores[glob] = stringArray(codes, `per-file-ignores."${glob}"`, file);
          const bad = checkSelectors(s.perFileIgnores[glob]);
          if (bad) throw new ConfigError(`${file}: [tool.import-doctor] per-file-ignores."${glob}": ${bad}`);
        }
        break;
      }
      case "extraDeprecatedModules": {
        if (!Array.isArray(value)) throw new ConfigError(`${file}: [tool.import-doctor] extra-deprecated-modules must be an array of tables`);
        s.extraDeprecatedModules = value.map((v) => {
          const entry = v as Record<string, unknown>;
          if (typeof entry?.module !== "string") throw new ConfigError(`${file}: each extra-deprecated-modules entry needs a string 'module'`);
          return { module: entry.module, replacement: typeof entry.replacement === "string" ? entry.replacement : null, message: typeof entry.message === "string" ? entry.message : undefined };
        });
        break;
      }
      case "select":
      case "ignore": {
        const codes = stringArray(value, key, file);
        const bad = checkSelectors(codes);
        if (bad) throw new ConfigError(`${file}: [tool.import-doctor] ${key}: ${bad}`);
        s[field] = codes;
        break;
      }
      case "exclude":
        s.exclude = stringArray(value, key, file);
        break;
      default:
        (s[field] as string[]) = stringArray(value, key, file);
    }
  }
  return s;
}

/**
 * Loads settings from <root>/pyproject.toml (or, with `configFile`, from that file: its [tool.import-doctor] table
 * when it is a pyproject.toml, else its top level, as ruff reads ruff.toml), or defaults when absent or disabled.
 * `pyproject` is always the root's: it declares the project's dependencies and build layout.
 */
export function loadSettings(root: string, useConfig: boolean, configFile?: string | null): { settings: Settings; pyproject: Record<string, unknown> | null } {
  const file = path.join(root, "pyproject.toml");
  const pyproject = existsSync(file) ? readToml(file) : null;
  if (!useConfig) return { settings: structuredClone(DEFAULT_SETTINGS), pyproject };
  if (configFile) {
    if (!existsSync(configFile)) throw new ConfigError(`--config ${configFile}: no such file`);
    const doc = readToml(configFile);
    const shown = path.relative(root, configFile).startsWith("..") ? configFile : path.relative(root, configFile);
    const own = path.basename(configFile) === "pyproject.toml" ? (doc.tool as Record<string, unknown> | undefined)?.["import-doctor"] : doc;
    if (own === undefined) return { settings: structuredClone(DEFAULT_SETTINGS), pyproject };
    if (typeof own !== "object" || own === null) throw new ConfigError(`${shown}: [tool.import-doctor] must be a table`);
    return { settings: parseSettings(own as Record<string, unknown>, shown), pyproject };
  }
  if (pyproject === null) return { settings: structuredClone(DEFAULT_SETTINGS), pyproject };
  const tool = (pyproject.tool as Record<string, unknown> | undefined)?.["import-doctor"];
  if (tool === undefined) return { settings: structuredClone(DEFAULT_SETTINGS), pyproject };
  if (typeof tool !== "object" || tool === null) throw new ConfigError(`${file}: [tool.import-doctor] must be a table`);
  return { settings: parseSettings(tool as Record<string, unknown>, "pyproject.toml"), pyproject };
}
