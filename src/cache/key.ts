// Everything besides a file's content that decides its facts: the tool, the facts schema, the grammar and parser
// versions, and the interpreter that confirms syntax errors. Kept apart from the parser so that a run served from
// the result cache never loads it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FACTS_SCHEMA, VERSION } from "../version.js";
import { untracked } from "./inputs.js";

/** Where node looks for a bare specifier `pkg`: `node_modules/<pkg>` in `from` and each directory above it. */
function* packageDirs(pkg: string, from: string): Generator<string> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== "node_modules") yield path.join(dir, "node_modules", pkg);
    if (path.dirname(dir) === dir) return;
  }
}

/**
 * The version in the package.json of the installed package `pkg`, found where node looks for it (`packageDirs`).
 * Read directly: neither package exports its package.json, so `require("<pkg>/package.json")` fails, and resolving
 * through node's loaders costs more than the whole of a run served from the result cache. "?" when it is not found.
 */
export function installedVersion(pkg: string, from: string): string {
  for (const dir of packageDirs(pkg, from)) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (json.name === pkg && typeof json.version === "string") return json.version;
    } catch {
      // not installed here: look further up
    }
  }
  return "?";
}

/**
 * The path of `file` inside the installed package `pkg`, found where node looks for it (node's resolver took some
 * 3 ms for each, on a run that re-checks one edited file); null when not found.
 */
export function installedFile(pkg: string, file: string, from: string): string | null {
  for (const dir of packageDirs(pkg, from)) if (existsSync(path.join(dir, file))) return path.join(dir, file);
  return null;
}

/** The parser's and the grammar's versions, set by scripts/build.mjs from the packages it copied their WebAssembly from. */
declare const __PARSER_VERSIONS__: string;

let parserVersions: string | null = null;

export function cacheKey(): string {
  // The tool's own files, not the repository's: not an input of any analysis. They do not change during a run.
  // Unbundled (the tests, tsx), they are read from the installed packages.
  parserVersions ??=
    typeof __PARSER_VERSIONS__ === "string"
      ? __PARSER_VERSIONS__
      : untracked(() => {
          const here = path.dirname(fileURLToPath(import.meta.url));
          return ["web-tree-sitter", "tree-sitter-python"].map((pkg) => `${pkg} ${installedVersion(pkg, here)}`).join("\n");
        });
  return [`import-doctor ${VERSION}`, `facts ${FACTS_SCHEMA}`, parserVersions, `python ${process.env.IMPORT_DOCTOR_PYTHON ?? "python3"}`].join("\n");
}
