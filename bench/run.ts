// `npm run bench`: import-doctor on real and synthetic corpora, cold and warm, against CPython's ast.parse.
// Prints a table (medians of N runs with their spread) and writes the raw numbers to bench/out/.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { discoverFiles } from "../src/discover/files.js";
import { generateRepo } from "./synth.js";

const HERE = import.meta.dirname;
const ROOT = path.join(HERE, "..");
const BIN = path.join(ROOT, "bin", "import-doctor.js");
const RUSAGE = path.join(HERE, "rusage.cjs");

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    corpus: { type: "string", multiple: true },
    vs: { type: "string" },
    threads: { type: "string" },
  },
});
const RUNS = Number(values.runs);

interface Run {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  phases: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A measurement's median and spread. */
const wallOf = (xs: number[]): { wallMs: number; spread: [number, number] } => ({ wallMs: median(xs), spread: [Math.min(...xs), Math.max(...xs)] });

/** Scratch files of this run (the CLI's resource usage, the baseline's file list), removed when it ends. */
const RUSAGE_FILE = path.join(tmpdir(), `import-doctor-bench-${process.pid}.json`);
const LIST_FILE = path.join(tmpdir(), `import-doctor-bench-files-${process.pid}.txt`);
process.on("exit", () => {
  for (const f of [RUSAGE_FILE, LIST_FILE]) rmSync(f, { force: true });
});

/**
 * Node's own start-up depends on its environment: with NODE_EXTRA_CA_CERTS set, node builds its root certificate store
 * and parses that file before running any script (about 80 ms on this kind of machine, whose environment sets it).
 * When it is set, the warm cases are also measured without it, as on a machine that does not set it.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS ? "NODE_EXTRA_CA_CERTS" : null;
const CLEAN_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_EXTRA_CA_CERTS"));

/**
 * One run of the CLI. Phases (`--timings`) are asked of cold runs only: printing them makes node set up its stderr
 * stream, a few milliseconds that a warm run, which prints nothing there, does not otherwise spend.
 */
function runCli(root: string, opts: { phases?: boolean; env?: NodeJS.ProcessEnv; text?: boolean } = {}): Run {
  const env = opts.env ?? process.env;
  const args = ["--require", RUSAGE, BIN, "check", "--root", root, root, "--format", opts.text ? "text" : "json", ...(opts.phases ? ["--timings"] : [])];
  if (values.threads) args.push("--threads", values.threads);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", env: { ...env, IMPORT_DOCTOR_BENCH_RUSAGE: RUSAGE_FILE }, maxBuffer: 1 << 30 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`import-doctor failed on ${root}: ${r.stderr}`);
  const usage = JSON.parse(readFileSync(RUSAGE_FILE, "utf8")) as { userMs: number; systemMs: number; maxRssKb: number };
  const phases: Record<string, number> = {};
  const line = r.stderr.split("\n").find((l) => l.startsWith("timings: discover")) ?? "";
  for (const m of line.matchAll(/(\w+) (\d+) ms/g)) phases[m[1]!] = Number(m[2]);
  return { wallMs, cpuMs: usage.userMs + usage.systemMs, maxRssMb: usage.maxRssKb / 1024, phases };
}

/** Inserts `line` before the first top-level `def`/`class` of a module (else at its end); the result must compile. */
function insertBeforeFirstDefinition(file: string, line: string): void {
  const lines = readFileSync(file, "latin1").split("\n");
  const at = lines.findIndex((l) => /^(def|class|async def) /.test(l));
  lines.splice(at < 0 ? lines.length : at, 0, line);
  writeFileSync(file, lines.join("\n"), "latin1");
  // compile, not ast.parse: some errors (a statement above `from __future__`) only the compiler raises.
  const r = spawnSync("python3", ["-c", "import sys; compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the bench edit broke ${file}: ${r.stderr}`);
}

/**
 * Inserts a statement at the top of the first function body that starts on a line of its own (else a comment line
 * at the top of the module): lines move, every import and definition keeps its order. The result must compile.
 */
function insertInFunctionBody(file: string, tag: number): void {
  const script = [
    "import ast, sys",
    "p, tag = sys.argv[1], sys.argv[2]",
    "src = open(p, 'rb').read().decode('latin-1')",
    "lines = src.split('\\n')",
    "at, text = 0, '# bench move ' + tag",
    "for n in ast.walk(ast.parse(src.encode('latin-1'))):",
    "    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.body[0].lineno > n.lineno:",
    "        b = n.body[0]; line = lines[b.lineno - 1]",
    "        if line[:b.col_offset].strip() == '' and not line[:b.col_offset].count('\\t'):",
    "            at, text = b.lineno - 1, ' ' * b.col_offset + 'bench_local_' + tag + ' = ' + tag; break",
    "lines.insert(at, text)",
    "open(p, 'wb').write('\\n'.join(lines).encode('latin-1'))",
    "compile(open(p, 'rb').read(), p, 'exec')",
  ].join("\n");
  const r = spawnSync("python3", ["-c", script, file, String(tag)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the bench move broke ${file}: ${r.stderr}`);
}

function baseline(files: string[]): { seconds: number; cpu: number } {
  const list = LIST_FILE;
  writeFileSync(list, files.join("\n"));
  const r = spawnSync("python3", [path.join(HERE, "ast_baseline.py"), list], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ast baseline failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** pyright from a private install (it is not a dependency: `--vs pyright` installs it into a temporary directory once). */
function pyrightBin(): string {
  const local = path.join(ROOT, "node_modules", ".bin", "pyright");
  if (existsSync(local)) return local;
  const dir = path.join(tmpdir(), "import-doctor-bench-pyright");
  const bin = path.join(dir, "node_modules", ".bin", "pyright");
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "package.json"), '{"name":"bench-pyright","private":true}');
    const r = spawnSync("npm", ["i", "--no-audit", "--no-fund", "pyright"], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`installing pyright failed: ${r.stderr}`);
  }
  return bin;
}

function pyright(root: string): number {
  const t0 = performance.now();
  spawnSync(pyrightBin(), ["--outputjson", root], { encoding: "utf8", cwd: root, maxBuffer: 1 << 30 });
  return performance.now() - t0;
}

interface Corpus {
  name: string;
  /** Makes a private copy (so the cache and the one-file change never touch the original); returns its root. */
  prepare(dir: string): string;
}

const stdlibDir = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();
const siteDir = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: "utf8" }).stdout.trim();

const CORPORA: Corpus[] = [
  { name: "seed-report", prepare: (d) => (cpSync(path.join(ROOT, "fixtures", "seed-report"), d, { recursive: true }), d) },
  { name: "stdlib", prepare: (d) => (cpSync(stdlibDir, d, { recursive: true, filter: (src) => !src.startsWith(siteDir) && !src.includes("__pycache__") }), d) },
  { name: "site-packages", prepare: (d) => (cpSync(siteDir, d, { recursive: true, filter: (src) => !src.includes("__pycache__") }), d) },
  // About 400 files (modules, __init__ files and tests): the pre-commit target's size.
  { name: "synthetic-400", prepare: (d) => (generateRepo(d, 345), d) },
  { name: "synthetic-1k", prepare: (d) => (generateRepo(d, 1000), d) },
  { name: "synthetic-10k", prepare: (d) => (generateRepo(d, 10000), d) },
  { name: "synthetic-50k", prepare: (d) => (generateRepo(d, 50000), d) },
];

const fmt = (xs: number[], unit = "ms", digits = 0): string => `${median(xs).toFixed(digits)} ${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
const selected = values.corpus ? CORPORA.filter((c) => values.corpus!.includes(c.name)) : CORPORA;
const results: Record<string, unknown>[] = [];

console.log(`import-doctor bench: ${RUNS} runs per measurement, ${availableParallelism()} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}\n`);

// Start-up: `import-doctor --version` against a bare `node -e 0`, both as fresh processes.
const timeProcess = (args: string[], env: NodeJS.ProcessEnv = process.env): number => {
  const t0 = performance.now();
  spawnSync(process.execPath, args, { encoding: "utf8", env });
  return performance.now() - t0;
};
const startup = { version: [] as number[], bareNode: [] as number[], versionClean: [] as number[], bareNodeClean: [] as number[] };
for (let i = 0; i < Math.max(RUNS, 5); i++) {
  startup.bareNode.push(timeProcess(["-e", "0"]));
  startup.version.push(timeProcess([BIN, "--version"]));
  if (EXTRA_CA) {
    startup.bareNodeClean.push(timeProcess(["-e", "0"], CLEAN_ENV));
    startup.versionClean.push(timeProcess([BIN, "--version"], CLEAN_ENV));
  }
}
console.log(`start-up   import-doctor --version ${fmt(startup.version)}, bare node ${fmt(startup.bareNode)}`);
if (EXTRA_CA) console.log(`           without ${EXTRA_CA}: import-doctor --version ${fmt(startup.versionClean)}, bare node ${fmt(startup.bareNodeClean)}`);
console.log("");
for (const corpus of selected) {
  const work = mkdtempSync(path.join(tmpdir(), `import-doctor-bench-${corpus.name}-`));
  try {
    const root = corpus.prepare(path.join(work, "repo"));
    const files = discoverFiles(root, { exclude: [] }).pythonFiles.map((rel) => path.join(root, rel));
    const mb = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
    const cold: Run[] = [];
    const warm: Run[] = [];
    const warmText: Run[] = [];
    const changed: Run[] = [];
    const bound: Run[] = [];
    const movedRuns: Run[] = [];
    const stdImported: Run[] = [];
    const imported: Run[] = [];
    const clean = { warm: [] as Run[], changed: [] as Run[], bound: [] as Run[], moved: [] as Run[], stdImported: [] as Run[], imported: [] as Run[] };
    const base: number[] = [];
    // A comment appended to a package's __init__.py leaves every fact alone (the stored result holds); a line
    // inserted before a module's first definition binds a new name (the stored result holds, moved, unless the
    // analysis looked that name up); a statement inserted in a function body of that module then moves its lines
    // only (findings move with them); an import of a builtin module inserted before its first definition is inert
    // (the stored result holds, moved); an import of the package the comment went to is first-party: inert when the
    // stored import graph says nothing else changes, else a new analysis (the other files' facts cached).
    const victim = files.find((f) => f.endsWith("__init__.py")) ?? files[0]!;
    const victimPackage = path.relative(root, path.dirname(victim)).split(path.sep).filter((part, i) => part !== "" && !(i === 0 && part === "src")).join(".");
    const firstParty = (tag: string): string => `import ${victimPackage || "json"} as bench_fp_${tag}`;
    const moved = files.find((f) => !f.endsWith("__init__.py") && !path.relative(root, f).includes("test") && !/coding[:=]/.test(readFileSync(f, "latin1").slice(0, 300))) ?? files[0]!;
    for (let i = 0; i < RUNS; i++) {
      rmSync(path.join(root, ".import-doctor-cache"), { recursive: true, force: true });
      cold.push(runCli(root, { phases: true }));
      warm.push(runCli(root));
      // The default report, after one text run kept its code frames' lines (frames-cache.ts).
      runCli(root, { text: true });
      warmText.push(runCli(root, { text: true }));
      appendFileSync(victim, `\n# bench edit ${i}\n`);
      changed.push(runCli(root));
      insertBeforeFirstDefinition(moved, `BENCH_EDIT_${i} = ${i}`);
      bound.push(runCli(root));
      insertInFunctionBody(moved, i);
      movedRuns.push(runCli(root));
      insertBeforeFirstDefinition(moved, `import sys as bench_sys_${i}`);
      stdImported.push(runCli(root));
      insertBeforeFirstDefinition(moved, firstParty(String(i)));
      imported.push(runCli(root));
      if (EXTRA_CA) {
        // The same five cases again, each after an edit of its own, with node started without the variable.
        clean.warm.push(runCli(root, { env: CLEAN_ENV }));
        appendFileSync(victim, `\n# bench edit ${i} again\n`);
        clean.changed.push(runCli(root, { env: CLEAN_ENV }));
        insertBeforeFirstDefinition(moved, `BENCH_EDIT_${i}_AGAIN = ${i}`);
        clean.bound.push(runCli(root, { env: CLEAN_ENV }));
        insertInFunctionBody(moved, RUNS + i);
        clean.moved.push(runCli(root, { env: CLEAN_ENV }));
        insertBeforeFirstDefinition(moved, `import sys as bench_sys_${i}_again`);
        clean.stdImported.push(runCli(root, { env: CLEAN_ENV }));
        insertBeforeFirstDefinition(moved, firstParty(`${i}_again`));
        clean.imported.push(runCli(root, { env: CLEAN_ENV }));
      }
      base.push(baseline(files).seconds * 1000);
    }
    const vs = values.vs === "pyright" ? pyright(root) : null;
    const coldWall = cold.map((r) => r.wallMs);
    const ratio = median(coldWall) / median(base);
    const row = {
      corpus: corpus.name,
      files: files.length,
      mb: Number(mb.toFixed(1)),
      cold: { ...wallOf(coldWall), cpuMs: median(cold.map((r) => r.cpuMs)), maxRssMb: median(cold.map((r) => r.maxRssMb)), phases: Object.fromEntries(Object.keys(cold[0]!.phases).map((k) => [k, median(cold.map((r) => r.phases[k] ?? 0))])) },
      warm: { ...wallOf(warm.map((r) => r.wallMs)), maxRssMb: median(warm.map((r) => r.maxRssMb)) },
      warmText: wallOf(warmText.map((r) => r.wallMs)),
      warmOneChanged: wallOf(changed.map((r) => r.wallMs)),
      warmOneBound: wallOf(bound.map((r) => r.wallMs)),
      warmOneMoved: wallOf(movedRuns.map((r) => r.wallMs)),
      warmOneStdImport: wallOf(stdImported.map((r) => r.wallMs)),
      warmOneImported: wallOf(imported.map((r) => r.wallMs)),
      ...(EXTRA_CA ? { withoutExtraCaCerts: { warm: wallOf(clean.warm.map((r) => r.wallMs)), warmOneChanged: wallOf(clean.changed.map((r) => r.wallMs)), warmOneBound: wallOf(clean.bound.map((r) => r.wallMs)), warmOneMoved: wallOf(clean.moved.map((r) => r.wallMs)), warmOneStdImport: wallOf(clean.stdImported.map((r) => r.wallMs)), warmOneImported: wallOf(clean.imported.map((r) => r.wallMs)) } } : {}),
      astParse: wallOf(base),
      coldVsAstParse: Number(ratio.toFixed(2)),
      msPerFileCold: Number((median(coldWall) / files.length).toFixed(3)),
      ...(vs !== null ? { pyrightMs: vs, pyrightVsCold: Number((vs / median(coldWall)).toFixed(1)) } : {}),
    };
    results.push(row);
    console.log(`${corpus.name}: ${files.length} files, ${mb.toFixed(1)} MB`);
    console.log(`  cold       ${fmt(coldWall)}  cpu ${fmt(cold.map((r) => r.cpuMs))}  rss ${fmt(cold.map((r) => r.maxRssMb), "MB")}  = ${ratio.toFixed(2)}x ast.parse`);
    console.log(`  phases     ${Object.entries(row.cold.phases).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}`);
    console.log(`  warm       ${fmt(warm.map((r) => r.wallMs))}  rss ${fmt(warm.map((r) => r.maxRssMb), "MB")}`);
    console.log(`  warm text  ${fmt(warmText.map((r) => r.wallMs))}   (nothing changed, the default text report with its code frames)`);
    console.log(`  1 comment  ${fmt(changed.map((r) => r.wallMs))}   (a comment appended to ${path.relative(root, victim)}: same facts)`);
    console.log(`  1 bound    ${fmt(bound.map((r) => r.wallMs))}   (a module-level line inserted in ${path.relative(root, moved)}: a new name)`);
    console.log(`  1 moved    ${fmt(movedRuns.map((r) => r.wallMs))}   (a statement inserted in a function body there: lines move, findings move with them)`);
    console.log(`  1 std imp. ${fmt(stdImported.map((r) => r.wallMs))}   (import sys inserted at module level there: inert, findings move)`);
    console.log(`  1 imported ${fmt(imported.map((r) => r.wallMs))}   (${firstParty("i")} inserted there: first-party, inert or a new analysis)`);
    if (EXTRA_CA) console.log(`  without ${EXTRA_CA}: warm ${fmt(clean.warm.map((r) => r.wallMs))}, 1 comment ${fmt(clean.changed.map((r) => r.wallMs))}, 1 bound ${fmt(clean.bound.map((r) => r.wallMs))}, 1 moved ${fmt(clean.moved.map((r) => r.wallMs))}, 1 std import ${fmt(clean.stdImported.map((r) => r.wallMs))}, 1 imported ${fmt(clean.imported.map((r) => r.wallMs))}`);
    console.log(`  ast.parse  ${fmt(base)}   per file: ${row.msPerFileCold} ms cold`);
    if (vs !== null) console.log(`  pyright    ${vs.toFixed(0)} ms = ${row.pyrightVsCold}x import-doctor cold`);
    console.log("");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const outDir = path.join(HERE, "out");
mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), runs: RUNS, cores: availableParallelism(), node: process.version, startup: { versionMs: median(startup.version), bareNodeMs: median(startup.bareNode), ...(EXTRA_CA ? { withoutExtraCaCerts: { versionMs: median(startup.versionClean), bareNodeMs: median(startup.bareNodeClean) } } : {}) }, results }, null, 2));
console.log(`wrote ${path.relative(process.cwd(), out)}`);
