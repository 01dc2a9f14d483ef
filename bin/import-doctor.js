#!/usr/bin/env node
// Runs the bundled CLI (dist/, built by `npm run build` or on `npm ci` through `prepare`): dist/start.cjs runs
// dist/cli.cjs through V8's code cache. CommonJS, as they are (bin/package.json): node loads it without its ES
// module loader. The name is kept from when it was an ES module, so that links to it made before stay good.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");

const start = path.join(__dirname, "..", "dist", "start.cjs");
if (!existsSync(start)) {
  process.stderr.write("import-doctor: dist/start.cjs is missing; run `npm run build` first\n");
  process.exit(2);
}
require(start);
