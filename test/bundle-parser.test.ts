// The bundled CLI carries web-tree-sitter patched for speed (scripts/patch-web-tree-sitter.mjs): the patch must apply
// to the installed version in full, and the bundle's parser must give every file exactly the facts that
// web-tree-sitter as published gives (here, in this process).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { runJob, toWire, type ParseJob, type WireResult } from "../src/parse/job.js";
import { getParser, newParseTimings } from "../src/parse/parser.js";
import type { ParseReply } from "../src/parse/worker.js";
// @ts-expect-error: a build script, plain JavaScript
import { patchWebTreeSitter } from "../scripts/patch-web-tree-sitter.mjs";

const ROOT = path.join(import.meta.dirname, "..");

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== "node_modules" && !e.name.startsWith(".")) pythonFiles(abs, out);
    else if (e.isFile() && e.name.endsWith(".py")) out.push(abs);
  }
  return out;
}

describe("the bundled parser", () => {
  it("the patch applies in full to the installed web-tree-sitter", () => {
    const file = createRequire(import.meta.url).resolve("web-tree-sitter");
    const { source, getters, setters } = patchWebTreeSitter(readFileSync(file, "utf8")) as { source: string; getters: number; setters: number };
    expect(getters).toBeGreaterThan(40);
    expect(setters).toBeGreaterThan(15);
    expect(source).not.toMatch(/C\.[gs]etValue\([^;]*"i32"/);
    expect(source).not.toMatch(/\n  _namedChildren;\n/);
    // Both bundles that carry web-tree-sitter carry it patched.
    for (const bundle of ["cli.cjs", "parse-worker.js"]) {
      const text = readFileSync(path.join(ROOT, "dist", bundle), "utf8");
      expect(text).toContain("Node = class {");
      expect(text).toContain("C.HEAP32[(");
      expect(text).not.toMatch(/C\.[gs]etValue\([^;]*"i32"/);
    }
  });

  it("gives the facts web-tree-sitter as published gives, on the fixtures and a sample of python3's standard library", async () => {
    const stdlib = execFileSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).trim();
    // Every 6th module of the standard library (and its tests: odd syntax, encodings, deep nesting), and every fixture.
    const sample = pythonFiles(stdlib)
      .filter((f) => !f.includes("site-packages") && statSync(f).size < 400_000)
      .sort()
      .filter((_f, i) => i % 6 === 0);
    const files = [...pythonFiles(path.join(ROOT, "fixtures")), ...sample];
    expect(files.length).toBeGreaterThan(400);
    const jobs: ParseJob[] = files.map((abs) => ({ abs, hash: true, cachedHash: null }));

    const parser = await getParser(Infinity);
    const timings = newParseTimings();
    const published = jobs.map((job) => toWire(runJob(parser, job, timings)));

    const worker = new Worker(new URL("../dist/parse-worker.js", import.meta.url));
    let bundled: WireResult[];
    try {
      bundled = await new Promise<WireResult[]>((resolve, reject) => {
        worker.once("message", (reply: ParseReply) => resolve(reply.results));
        worker.once("error", reject);
        worker.postMessage({ id: 0, jobs });
      });
    } finally {
      await worker.terminate();
    }
    expect(bundled.length).toBe(published.length);
    const differing = files.filter((_f, i) => JSON.stringify(bundled[i]) !== JSON.stringify(published[i]));
    expect(differing).toEqual([]);
  }, 120_000);
});
