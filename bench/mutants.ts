// `npx tsx bench/mutants.ts REPO...`: injects each class of import defect into real repositories at random (fixed
// seed), and measures per class how often import-doctor detects it, as an error, and how often `--fix --unsafe-fixes`
// repairs it so that python3 imports every module it broke again, with no module failing that did not before.
// A REPO is a directory, or a bare git repository (the `fetch` tool's mirrors), exported at HEAD.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { KINDS, loadRepo, sites, type Mutant, type Repo } from "./mutators.js";
import { rng } from "./synth.js";

const HERE = import.meta.dirname;
const BIN = path.join(HERE, "..", "bin", "import-doctor.js");
const PROBE = path.join(HERE, "import_probe.py");
const PY = "3.11"; // python3 here; the check targets the same version

const { values, positionals } = parseArgs({ allowPositionals: true, options: { "per-class": { type: "string", default: "10" }, seed: { type: "string", default: "20261207" }, out: { type: "string", default: path.join(HERE, "out", "mutants.json") } } });
const PER_CLASS = Number(values["per-class"]);

function exportRepo(src: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "mutants-base-"));
  if (src.endsWith(".git") || path.basename(src) === "repo") {
    const tar = execFileSync("git", ["-C", src, "archive", "HEAD"], { maxBuffer: 1 << 30 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
  } else cpSync(src, dir, { recursive: true });
  return dir;
}

/** Which of `modules` python3 fails to import (each in a fresh forked child), with the error. */
function failing(repo: Repo, dir: string, modules: string[]): Map<string, string> {
  const r = spawnSync("python3", ["-I", PROBE], { input: JSON.stringify({ path: [path.join(dir, repo.sysRoot)], modules }), encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, string | null>).filter((e): e is [string, string] => e[1] !== null));
}

interface Diag {
  code: string;
  severity: string;
  path: string;
  message: string;
}

function check(dir: string): Diag[] {
  const r = spawnSync(process.execPath, [BIN, "check", dir, "--format", "json", "--no-cache", "--python-version", PY], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status === 2) throw new Error(`check failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics;
}

/** Diagnostics of `after` that `before` does not have (by rule, file and message, with multiplicity). */
function added(before: Diag[], after: Diag[]): Diag[] {
  const left = new Map<string, number>();
  const key = (d: Diag): string => `${d.code}|${d.path}|${d.message}`;
  for (const d of before) left.set(key(d), (left.get(key(d)) ?? 0) + 1);
  return after.filter((d) => {
    const n = left.get(key(d)) ?? 0;
    left.set(key(d), n - 1);
    return n <= 0;
  });
}

interface Outcome {
  repo: string;
  kind: string;
  what: string;
  broken: string[];
  detected: boolean;
  detectedAsError: boolean;
  repaired: boolean;
  noNewFailure: boolean;
  fixOutput: string;
  stillFailing: string[];
}

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  const random = rng(Number(values.seed));
  for (const src of positionals) {
    const base = exportRepo(src);
    const repo = await loadRepo(base);
    const names = repo.modules.map((m) => m.name);
    const baseFailing = failing(repo, base, names);
    const baseDiags = check(base);
    const label = path.basename(src) === "repo" ? path.basename(path.dirname(src)) : path.basename(src);
    process.stderr.write(`${label}: ${names.length} modules, ${baseFailing.size} fail to import as they are, ${baseDiags.length} findings\n`);
    for (const kind of KINDS) {
      // Sites in random order (fixed seed); a mutant that breaks no module that worked is not a defect: the next one.
      const all = [...new Map(sites(repo, kind).map((m) => [m.what, m])).values()];
      const order = all.map((m) => [random(), m] as const).sort((a, b) => a[0] - b[0]).map(([, m]) => m);
      let taken = 0;
      for (const mutant of order) {
        if (taken >= PER_CLASS) break;
        const o = await run(repo, base, names, baseFailing, baseDiags, mutant, label);
        if (!o) continue;
        taken++;
        outcomes.push(o);
        process.stderr.write(`  ${kind}: ${o.what}: ${o.detected ? (o.detectedAsError ? "error" : "warning") : "MISSED"}, ${o.repaired ? "repaired" : "NOT repaired"}${o.noNewFailure ? "" : ", NEW FAILURE"}\n`);
      }
    }
    rmSync(base, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(values.out!), { recursive: true });
  writeFileSync(values.out!, JSON.stringify(outcomes, null, 2));
  const pct = (n: number, d: number): string => (d === 0 ? "-" : `${Math.round((100 * n) / d)} %`);
  const rows = ["| defect | mutants | detected | detected as error | repaired by --fix | no new failure |", "|---|---|---|---|---|---|"];
  for (const kind of KINDS) {
    const xs = outcomes.filter((o) => o.kind === kind);
    rows.push(`| ${kind} | ${xs.length} | ${pct(xs.filter((o) => o.detected).length, xs.length)} | ${pct(xs.filter((o) => o.detectedAsError).length, xs.length)} | ${pct(xs.filter((o) => o.repaired).length, xs.length)} | ${pct(xs.filter((o) => o.noNewFailure).length, xs.length)} |`);
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

async function run(repo: Repo, base: string, names: string[], baseFailing: Map<string, string>, baseDiags: Diag[], mutant: Mutant, label: string): Promise<Outcome | null> {
  const dir = mkdtempSync(path.join(tmpdir(), "mutant-"));
  try {
    cpSync(base, dir, { recursive: true });
    mutant.apply(dir);
    const probeNames = names.filter((n) => !mutant.gone.includes(n));
    const now = failing(repo, dir, probeNames);
    const broken = [...now.keys()].filter((n) => !baseFailing.has(n)).sort();
    if (broken.length === 0) return null;
    const diags = added(baseDiags, check(dir));
    const fix = spawnSync(process.execPath, [BIN, "check", dir, "--fix", "--unsafe-fixes", "--no-cache", "--allow-dirty", "--python-version", PY], { encoding: "utf8" });
    const after = failing(repo, dir, probeNames);
    return {
      repo: label,
      kind: mutant.kind,
      what: mutant.what,
      broken,
      detected: diags.length > 0,
      detectedAsError: diags.some((d) => d.severity === "error"),
      repaired: broken.every((n) => !after.has(n)),
      noNewFailure: [...after.keys()].every((n) => baseFailing.has(n)),
      fixOutput: fix.stderr.split("\n").filter((l) => l.startsWith("Fixed") || l.includes("not applied")).join("\n"),
      stillFailing: [...after.entries()].filter(([n]) => !baseFailing.has(n)).map(([n, e]) => `${n}: ${e}`),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
