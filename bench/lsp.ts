// `npm run bench:lsp`: the language server's latency after a keystroke that changes an import (the time from the
// didChange notification to the diagnostics of the edited file that show it), and its peak memory against a cold
// `check` of the same tree. Corpora: synthetic-400 (bench/synth.ts) and the machine's standard library.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { LspClient } from "../test/helpers/lsp-client.js";
import { generateRepo } from "./synth.js";

const HERE = import.meta.dirname;
const BIN = path.join(HERE, "..", "bin", "import-doctor.js");
const RUSAGE = path.join(HERE, "rusage.cjs");
const { values } = parseArgs({ options: { runs: { type: "string", default: "10" }, corpus: { type: "string", multiple: true } } });
const runs = Number(values.runs);

const stdlibDir = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();
const siteDir = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).stdout.trim();
const CORPORA = [
  { name: "synthetic-400", prepare: (d: string) => generateRepo(d, 345), file: "app/pkg0/sub0/mod1.py" },
  // Analysed as a repository, the standard library's own modules are hidden by the real one (their names are taken):
  // the edit goes to a file that runs as a script, python-config.py (its directory's name is no module name).
  { name: "stdlib", prepare: (d: string) => cpSync(stdlibDir, d, { recursive: true, filter: (src) => !src.startsWith(siteDir) && !src.includes("__pycache__") }), file: readdirSync(stdlibDir).filter((n) => n.startsWith("config-")).map((n) => `${n}/python-config.py`)[0]! },
].filter((c) => !values.corpus || values.corpus.includes(c.name));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]): string => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
const peakKb = (pid: number): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

spawnSync("npm", ["run", "build"], { stdio: "ignore" });
for (const corpus of CORPORA) {
  const work = mkdtempSync(path.join(tmpdir(), `import-doctor-bench-lsp-${corpus.name}-`));
  const root = path.join(work, "repo");
  try {
    corpus.prepare(root);
    const usageFile = path.join(work, "rusage.json");
    const cold = spawnSync(process.execPath, ["--require", RUSAGE, BIN, "check", "--root", root, root, "--format", "json", "--no-cache"], { env: { ...process.env, IMPORT_DOCTOR_BENCH_RUSAGE: usageFile }, maxBuffer: 1 << 30 });
    if (cold.status !== 0 && cold.status !== 1) throw new Error(`check failed: ${cold.stderr}`);
    const coldMb = JSON.parse(readFileSync(usageFile, "utf8")).maxRssKb / 1024;

    const client = new LspClient();
    const started = performance.now();
    await client.initialize([root]);
    const file = path.join(root, corpus.file);
    const text = readFileSync(file, "utf8");
    client.open(file, text);
    await client.until(() => client.logs.some((l) => l.includes("analysed")), 600_000, "the first analysis");
    const firstMs = performance.now() - started;
    const uri = `file://${file}`;
    const broke: number[] = [];
    const mended: number[] = [];
    // Each edit after a pause of a typist's (300 ms), in which the server collects its garbage (workspace.ts).
    const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < runs; i++) {
      await pause();
      const name = `bench_missing_${i}`;
      let t0 = performance.now();
      // A name the standard library's os lacks: an error in every context (at the end: a __future__ import stays first).
      client.change(file, `${text}\nfrom os import ${name}\n`);
      await client.until(() => client.diagnostics.get(uri)?.diagnostics.some((d) => d.message.includes(name)), 60_000, "the new finding");
      broke.push(performance.now() - t0);
      await pause();
      t0 = performance.now();
      client.change(file, text);
      await client.until(() => !client.diagnostics.get(uri)?.diagnostics.some((d) => d.message.includes(name)), 60_000, "the finding gone");
      mended.push(performance.now() - t0);
    }
    const serverMb = peakKb(client.child.pid!) / 1024;
    if (process.env.BENCH_LSP_LOGS) console.log(client.logs.join("\n"));
    await client.close();
    console.log(`${corpus.name}: first analysis ${firstMs.toFixed(0)} ms; import broken -> diagnostics ${fmt(broke)}; mended -> cleared ${fmt(mended)}; server peak ${serverMb.toFixed(0)} MB vs cold check ${coldMb.toFixed(0)} MB (${(serverMb / coldMb).toFixed(2)}x)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
