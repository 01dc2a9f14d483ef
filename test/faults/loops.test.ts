// The fault loops (`npm run test:faults`, run by .ci/run): random damage to every cache file, writers racing --fix,
// and --fix killed at random points of its write (a few files, and a fix group of 80 file operations). Each prints its counts. FAULT_RUNS scales them (default 1).
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
      expect(cli(["check", root, "--fix", "--allow-dirty"]).stderr).toContain("Fixed 6 diagnostics in 3 files; 3 of 3 blocked test files now collect.");
      for (let i = 0; i < 3; i++) expect(readFileSync(path.join(root, `tests/test_${i}.py`), "utf8")).toBe(FIXED(i));
    }
    console.log(`--fix killed while it writes: ${counts.runs} runs, ${counts.restored} trees put back as they were, ${counts.left} with scratch files left`);
    expect(counts).toMatchObject({ restored: counts.runs, left: 0 });
  });

  it("30 runs killed with SIGKILL at random moments of a large fix group's write: every file whole before or after, then the next run leaves no scratch file", async () => {
    const N = 40;
    // One root cause, one fix group: a 2 MB module file shadowing its package directory, moved into it, and the 40
    // submodules importers want, created to re-export from it (83 file operations).
    const files: Record<string, string> = { "pyproject.toml": '[project]\nname = "big"\nversion = "0"\n', "conftest.py": "", "pkg/__init__.py": "", "pkg/big/existing.py": "X = 1\n" };
    files["pkg/big.py"] = `DATA = ${JSON.stringify("x".repeat(2 << 20))}\n` + Array.from({ length: N }, (_, i) => `\n\ndef f${i}():\n    return ${i}\n`).join("");
    for (let i = 0; i < N; i++) files[`tests/test_${i}.py`] = `from pkg.big.sub${i} import f${i}\n\n\ndef test_${i}():\n    assert f${i}() == ${i}\n`;
    const reference = makeRepo(files);
    const before = snapshotTree(reference);
    expect(cli(["check", reference, "--fix", "--unsafe-fixes", "--no-cache"]).stderr).toContain("Fixed 40 diagnostics in 41 files; 40 of 40 blocked test files now collect.");
    const after = snapshotTree(reference);
    const writes = [...after.keys()].filter((k) => after.get(k) !== before.get(k)).length + 1; // each new file, and the old one's removal
    const plan = fc.sample(fc.noBias(fc.tuple(fc.integer({ min: -1, max: writes - 1 }), fc.integer({ min: 0, max: 25 }))), { numRuns: 30 * SCALE, seed: SEED });
    const counts = { runs: 0, killedMidWrite: 0, rolledBack: 0, rolledForward: 0, mixed: 0, left: 0 };
    for (const [step, delay] of plan) {
      const root = makeRepo(files);
      const r = await new Promise<{ signal: NodeJS.Signals | null }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, "check", root, "--fix", "--unsafe-fixes", "--no-cache", "--allow-dirty"], { env: { ...process.env, NO_COLOR: "1", IMPORT_DOCTOR_FAULT_PAUSE_MS: "1" } });
        let stderr = "";
        let armed = false;
        child.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
          if (!armed && new RegExp(`fault pause before write ${step} `).test(stderr)) {
            armed = true;
            setTimeout(() => child.kill("SIGKILL"), delay);
          }
        });
        child.on("error", reject);
        child.on("close", (_code, signal) => resolve({ signal }));
      });
      counts.runs++;
      if (r.signal !== "SIGKILL") continue; // finished before the kill landed: whole by construction, checked below
      counts.killedMidWrite++;
      // At the moment of the kill: no file is a mix of old and new, or cut short.
      for (const [rel, bytes] of snapshotTree(root)) {
        if (scratchFiles(root).includes(rel)) continue;
        if (bytes !== before.get(rel) && bytes !== after.get(rel)) {
          counts.mixed++;
          console.log(`kill at write ${step} + ${delay} ms: ${rel} is neither before nor after (${bytes.length} bytes)`);
        }
      }
      const recovery = cli(["check", root, "--no-cache"]);
      const now = snapshotTree(root);
      if (scratchFiles(root).length > 0) {
        counts.left++;
        console.log(`kill at write ${step} + ${delay} ms: left ${scratchFiles(root).join(", ")}; the next run said: ${recovery.stderr.split("\n")[0]}`);
      }
      const same = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
      if (same(now, before)) counts.rolledBack++;
      else if (same(now, after)) counts.rolledForward++;
      else counts.mixed++;
    }
    console.log(`a fix group of ${writes} writes killed at random: ${counts.runs} runs, ${counts.killedMidWrite} killed during the write (${counts.rolledBack} rolled back, ${counts.rolledForward} complete), ${counts.mixed} files mixed, ${counts.left} with scratch files left`);
    expect(counts.killedMidWrite).toBeGreaterThanOrEqual(30 * SCALE * 0.9);
    expect(counts).toMatchObject({ mixed: 0, left: 0 });
    expect(counts.rolledBack + counts.rolledForward).toBe(counts.killedMidWrite);
  });
});
