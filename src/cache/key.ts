// Everything besides a file's content that decides its facts: the tool, the facts schema, the grammar and parser
// versions, and the interpreter that confirms syntax errors. Kept apart from the parser so that a run served from
// the result cache never loads it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FACTS_SCHEMA, VERSION } from "../version.js";
import { untracked } from "./inputs.js";

/**
 * The version in the package.json of the installed package `pkg`, found where node looks for a bare specifier
 * (`node_modules/<pkg>` in this module's directory and each one above it). Read directly: neither package exports
 * its package.json, so `require("<pkg>/package.json")` fails, and resolving through node's loaders costs more
 * than the whole of a run served from the result cache. "?" when it is not found.
 */
export function installedVersion(pkg: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== "node_modules") {
      try {
        const json = JSON.parse(readFileSync(path.join(dir, "node_modules", pkg, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
        if (json.name === pkg && typeof json.version === "string") return json.version;
      } catch {
        // not installed here: look further up
      }
    }
    if (path.dirname(dir) === dir) return "?";
  }
}

/**
 * The path of `file` inside the installed package `pkg`, looked for where `installedVersion` looks (node's
 * resolver took some 3 ms for each, on a run that re-checks one edited file); null when not found.
 */
export function installedFile(pkg: string, file: string, from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== "node_modules") {
      const candidate = path.join(dir, "node_modules", pkg, file);
      if (existsSync(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

let parserVersions: string | null = null;

export function cacheKey(): string {
  // The tool's own files, not the repository's: not an input of any analysis. They do not change during a run.
  parserVersions ??= untracked(() => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    return ["web-tree-sitter", "tree-sitter-python"].map((pkg) => `${pkg} ${installedVersion(pkg, here)}`).join("\n");
  });
  return [`import-doctor ${VERSION}`, `facts ${FACTS_SCHEMA}`, parserVersions, `python ${process.env.IMPORT_DOCTOR_PYTHON ?? "python3"}`].join("\n");
}
