// Starts the bundled CLI (dist/cli.cjs) through V8's code cache, so that a run does not compile the code it runs.
// Node 20 caches no compiled code of its own (module.enableCompileCache() is Node 22's), and only a script, not an
// ES module, takes cached data: the CLI is bundled as one CommonJS script (scripts/build.mjs) and run here with the
// cache kept in the user's cache directory (code-cache.ts). This starter is CommonJS too (dist/start.cjs, required by
// bin/import-doctor.js): node loads CommonJS without waiting on its ES module loader. A cache is made when the
// process exits, by a run that found none it could use or that went through parts of the code (code-parts.ts) that
// the cache's maker did not: V8 puts in it the functions compiled so far, so that after a few runs it holds what
// each kind of run needs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import vm from "node:vm";
import zlib from "node:zlib";
import { runParts } from "../code-parts.js";
import { cacheDir, cacheFileName, encodeCache, readCache, writeCache } from "./code-cache.js";

/** The first 16 hex digits of the SHA-256 of dist/cli.cjs, set by scripts/build.mjs. */
declare const __CLI_HASH__: string;

const bundle = path.join(__dirname, "cli.cjs");
const source = readFileSync(bundle, "utf8");
// zlib.crc32 came in Node 20.15: without it, no cache (its data could not be checked).
const checksum = typeof zlib.crc32 === "function" ? (data: Uint8Array) => zlib.crc32(data) : null;
const dir = checksum ? cacheDir(process.env, os.homedir()) : null;
const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ""];
const file = dir ? path.join(dir, cacheFileName(__CLI_HASH__, process.version, process.arch, flags)) : null;
const cached = checksum ? readCache(file, checksum) : null;
// The wrapper a CommonJS module gets, with the two names the bundle is built to expect (scripts/build.mjs): its
// `import.meta.url`, and node's own `require` for what web-tree-sitter loads at run time. No newline is added before
// the source, so that its line numbers stay those of dist/cli.cjs.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import_meta_url, __node_require) {"use strict";${source}\n})`, {
  filename: bundle,
  ...(cached ? { cachedData: cached.data } : {}),
});
if (dir && file && checksum) {
  process.once("exit", () => {
    // The bundle's own copy of code-parts.ts recorded these, under the same global symbol.
    const recorded = runParts();
    const used = recorded.parts;
    const usable = cached !== null && !script.cachedDataRejected;
    if (usable && [...used].every((p) => cached.parts.has(p))) return;
    const parts = new Set([...(usable ? cached.parts : []), ...used]);
    try {
      for (const f of recorded.restoreFlags) setFlagsFromString(f);
      writeCache(dir, file, encodeCache(parts, script.createCachedData(), checksum));
    } catch {
      // a read-only or full disk: the next run compiles as this one did
    }
  });
}
const run = script.runInThisContext() as (...args: unknown[]) => void;
const cliRequire = createRequire(bundle);
const module = { exports: {} };
run.call(module.exports, module.exports, cliRequire, module, bundle, path.dirname(bundle), pathToFileURL(bundle).href, cliRequire);
