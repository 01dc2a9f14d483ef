// Loads the data files in rules/ (shipped next to the package), once each.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { untracked } from "./cache/inputs.js";

const cache = new Map<string, unknown>();

export function rulesDir(): string {
  // src/rules.ts and dist/cli.js are both one level below the package root.
  return path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "rules");
}

export function loadRule<T>(name: string): T {
  let data = cache.get(name);
  if (data === undefined) {
    // The tool's own data, not the repository's: not an input of any analysis (the result cache's key has the files).
    data = untracked(() => JSON.parse(readFileSync(path.join(rulesDir(), name), "utf8")) as unknown);
    cache.set(name, data);
  }
  return data as T;
}
