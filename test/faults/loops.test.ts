// The fault loops (`npm run test:faults`, run by .ci/run): random damage to every cache file, writers racing --fix,
// and --fix killed at random points of its write. Each prints its counts. FAULT_RUNS scales them (default 1).
import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/tmp.js";
import { BIN, cli, deprecatedImports, FIXED, fixPausedAt, scratchFiles, snapshotTree } from "./harness.js";

const SCALE = Number(process.env.FAULT_RUNS ?? 1);
const SEED = Number(process.env.FAULT_SEED ?? 20261206);

describe("cache faults", () => {
  it("500 random bit flips, truncations and swaps across the cache files: every check gives what --no-cache gives", () => {
    const root = makeRepo({});
    cpSync(path.join(import.meta.dirname, "..", "..", "fixtures", "seed-report"), root, { recursive: true });
    const expected = cli(["check", root, "--no-cache"]);
    expect(expected.code).toBe(1);
    const cache = path.join(root, ".import-doctor-cache");
    expect(cli(["check", root]).stdout).toBe(expected.stdout);
    // Flips, truncations and swaps in turn, each on files picked at random among those with bytes to damage.
    const rng = fc.sample(fc.noBias(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7 }))), { numRuns: 500 * SCALE, seed: SEED });
    const counts = { flip: 0, truncate: 0, swap: 0, stale: 0, errors: 0 };
    for (const [i, [a, b, c, bit]] of rng.entries()) {
      const files = readdirSync(cache).filter((n) => n !== ".gitignore" && !n.endsWith(".tmp") && statSync(path.join(cache, n)).size > 0).sort();
      const pick = (x: number) => path.join(cache, files[Math.min(files.length - 1, Math.floor(x * files.length))]!);
      const file = pick(a);
      const bytes = readFileSync(file);
      if (i % 3 === 0) {
        const at = Math.floor(b * bytes.length);
        bytes[at] = bytes[at]! ^ (1 << bit);
        writeFileSync(file, bytes);
        counts.flip++;
      } else if (i % 3 === 1) {
        writeFileSync(file, bytes.subarray(0, Math.floor(b * bytes.length)));
        counts.truncate++;
      } else {
        const other = pick(c);
        const theirs = readFileSync(other);
        writeFileSync(other, bytes);
        writeFileSync(file, theirs);
        counts.swap++;
      }
      const r = cli(["check", root]);
      if (r.code === 2) counts.errors++;
      else if (r.stdout !== expected.stdout || r.code !== expected.code) counts.stale++;
    }
    console.log(`cache faults: ${counts.flip} flips, ${counts.truncate} truncations, ${counts.swap} swaps: ${counts.stale} stale results, ${counts.errors} exits with 2`);
    expect(counts).toMatchObject({ stale: 0, errors: 0 });
  });
});

/** A process that saves `file` again and again (a new line each time, as an editor would) until told to stop. */
function writer(file: string, everyMs: number): { stop: () => Promise<string | null> } {
  const script = `
    const fs = require("fs"); let n = 0, last = null, stop = false;
    process.on("SIGTERM", () => { stop = true; });
    const tick = () => {
      if (stop) { process.stdout.write(JSON.stringify(last)); process.exit(0); }
      last = "# saved " + (n++) + "\\n"; fs.writeFileSync(${JSON.stringify(file)}, last);
      setTimeout(tick, Math.random() * ${everyMs});
    };
    setTimeout(tick, Math.random() * ${everyMs});`;
  const child = spawn(process.execPath, ["-e", script]);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const closed = new Promise<void>((r) => child.on("close", () => r()));
  return {
    stop: async () => {
      child.kill("SIGTERM");
      await closed;
      return JSON.parse(out || "null") as string | null;
    },
  };
}

describe("writers racing --fix", () => {
  it("100 --fix runs with another process saving files during the write phase: no edit is lost", async () => {
    const counts = { runs: 0, lost: 0, stopped: 0, fixed: 0 };
    const rng = fc.sample(fc.noBias(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.boolean())), { numRuns: 100 * SCALE, seed: SEED });
    for (const [step, target, paced] of rng) {
      const root = deprecatedImports(3);
      const file = path.join(root, `tests/test_${target}.py`);
      let last: string | null = null;
      let r;
      if (paced) {
        // Saved exactly while --fix waits before writing file `step`.
        r = await fixPausedAt(root, step, () => writeFileSync(file, (last = "# saved while paused\n")));
      } else {
        // Saved at random moments all through the run, as an editor's autosave would.
        const w = writer(file, 15);
        r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [BIN, "check", root, "--fix", "--allow-dirty"], { env: { ...process.env, NO_COLOR: "1" } });
          let stderr = "";
          child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
          child.on("close", (code) => resolve({ code, stderr }));
        });
        last = await w.stop();
      }
      counts.runs++;
      const now = readFileSync(file, "utf8");
      if (last !== null && now !== last) counts.lost++;
      if (r.code === 2) {
        counts.stopped++;
        expect(r.stderr).toMatch(/(changed|saved|written to|deleted) while the fixes were (written|computed)/);
      } else counts.fixed++;
      expect(scratchFiles(root).filter((f) => !f.endsWith(".old"))).toEqual([]);
    }
    console.log(`writers racing --fix: ${counts.runs} runs, ${counts.stopped} stopped by an edit, ${counts.fixed} fixed, ${counts.lost} lost edits`);
    expect(counts.lost).toBe(0);
  });
});

describe("--fix killed while it writes", () => {
  it("20 runs killed with SIGKILL at a random file of the write: the next run puts the tree back as it was", async () => {
    const counts = { runs: 0, restored: 0, left: 0 };
    for (const step of fc.sample(fc.noBias(fc.integer({ min: 0, max: 2 })), { numRuns: 20 * SCALE, seed: SEED })) {
      const root = deprecatedImports(3);
      const before = snapshotTree(root);
      const r = await fixPausedAt(root, step, (pid) => process.kill(pid, "SIGKILL"));
      expect(r.signal).toBe("SIGKILL");
      cli(["check", root]);
      counts.runs++;
      const after = snapshotTree(root);
      if (JSON.stringify([...after]) === JSON.stringify([...before])) counts.restored++;
      if (scratchFiles(root).length > 0) counts.left++;
      // What a fix then does is whole.
      expect(cli(["check", root, "--fix", "--allow-dirty"]).stderr).toContain("Fixed 3 diagnostics in 3 files.");
      for (let i = 0; i < 3; i++) expect(readFileSync(path.join(root, `tests/test_${i}.py`), "utf8")).toBe(FIXED(i));
    }
    console.log(`--fix killed while it writes: ${counts.runs} runs, ${counts.restored} trees put back as they were, ${counts.left} with scratch files left`);
    expect(counts).toMatchObject({ restored: counts.runs, left: 0 });
  });
});
