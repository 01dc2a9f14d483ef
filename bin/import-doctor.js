#!/usr/bin/env node
// Runs the bundled CLI (dist/, built by `npm run build` or on `npm ci` through `prepare`): dist/start.js runs
// dist/cli.cjs through V8's code cache.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const start = fileURLToPath(new URL("../dist/start.js", import.meta.url));
if (!existsSync(start)) {
  process.stderr.write("import-doctor: dist/start.js is missing; run `npm run build` first\n");
  process.exit(2);
}
await import(start);
