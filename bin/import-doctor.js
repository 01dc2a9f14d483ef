#!/usr/bin/env node
// Runs the bundled CLI (dist/, built by `npm run build`, on `npm ci` through `prepare`, and into every package by
// `prepack`): dist/start.cjs runs dist/cli.cjs through V8's code cache. CommonJS, as they are (bin/package.json): node
// loads it without its ES module loader. The name is kept from when it was an ES module, so that links to it made
// before stay good.
"use strict";
const { existsSync, readFileSync } = require("node:fs");
const path = require("node:path");

const start = path.join(__dirname, "..", "dist", "start.cjs");
if (!existsSync(start)) {
  process.stderr.write("import-doctor: dist/start.cjs is missing: this checkout is not built (run `npm ci`, or `npm run build`)\n");
  process.exit(2);
}

/**
 * Under a limit on address space (`ulimit -v`), V8 cannot reserve the guard region of the parser's WebAssembly memory
 * (some 10 GB of address space, not of memory) and every run would fail. Node then runs again without the trap handler
 * that needs it: bounds are checked explicitly instead, which costs a little parsing speed.
 */
function addressSpaceLimited() {
  if (process.platform !== "linux" || process.execArgv.includes("--disable-wasm-trap-handler") || (process.env.NODE_OPTIONS ?? "").includes("--disable-wasm-trap-handler")) return false;
  try {
    const line = /^Max address space\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return line !== null && line[1] !== "unlimited";
  } catch {
    return false;
  }
}

if (addressSpaceLimited()) {
  const { spawnSync } = require("node:child_process");
  const r = spawnSync(process.execPath, [...process.execArgv, "--disable-wasm-trap-handler", __filename, ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.signal) process.kill(process.pid, r.signal);
  process.exit(r.status ?? 2);
}
require(start);
