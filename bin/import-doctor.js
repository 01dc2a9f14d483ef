#!/usr/bin/env node
// Runs the bundled CLI (dist/cli.js, built by `npm run build` or on `npm ci` through `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("import-doctor: dist/cli.js is missing; run `npm run build` first\n");
  process.exit(2);
}
await import(bundle);
