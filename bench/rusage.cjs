// Preloaded into the measured CLI (`node --require`): writes the process's CPU time and peak RSS, worker threads
// included, to $IMPORT_DOCTOR_BENCH_RUSAGE when it exits. CommonJS, as the CLI is: an ES module preloaded with
// `--import` would make node start its ES module loader, which the CLI itself does not need.
"use strict";
const { writeFileSync } = require("node:fs");

const out = process.env.IMPORT_DOCTOR_BENCH_RUSAGE;
if (out) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ userMs: r.userCPUTime / 1000, systemMs: r.systemCPUTime / 1000, maxRssKb: r.maxRSS }));
  });
}
