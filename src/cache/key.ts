// Everything besides a file's content that decides its facts: the tool, the facts schema, the grammar and parser
// versions, and the interpreter that confirms syntax errors. Kept apart from the parser so that a run served from
// the result cache never loads it.
import { createRequire } from "node:module";
import { FACTS_SCHEMA, VERSION } from "../version.js";

export function cacheKey(): string {
  const require = createRequire(import.meta.url);
  const version = (pkg: string): string => {
    try {
      return (require(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  return [`import-doctor ${VERSION}`, `facts ${FACTS_SCHEMA}`, `web-tree-sitter ${version("web-tree-sitter")}`, `tree-sitter-python ${version("tree-sitter-python")}`, `python ${process.env.IMPORT_DOCTOR_PYTHON ?? "python3"}`].join("\n");
}
