// The facts cache and parallel parsing, end to end: same answers cold, warm, with workers or without, and a
// corrupt or foreign cache is ignored and rebuilt.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FactsCache, type CacheEntry } from "../src/cache/facts-cache.js";
import { cacheKey, installedVersion } from "../src/cache/key.js";
import { makeRepo } from "./helpers/tmp.js";
import { readCacheFile, writeCacheFile } from "../src/cache/store.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");

/** Runs the CLI with only the facts cache: stored whole results are removed first (test/result-cache.test.ts has those). */
function check(root: string, ...extra: string[]) {
  const dir = path.join(root, ".import-doctor-cache");
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.startsWith("results-")) rmSync(path.join(dir, f));
  const r = spawnSync(process.execPath, [BIN, "check", root, "--format", "json", "--timings", ...extra], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const timings = /(\d+) parsed(?: inline| in \d+ workers)?, (\d+) cached/.exec(r.stderr);
  return { code: r.status, out: JSON.parse(r.stdout), parsed: Number(timings?.[1]), cached: Number(timings?.[2]), stderr: r.stderr };
}

/** 120 modules (enough for worker threads when `--threads` asks for them), one broken import in each tenth. */
function bigRepo(): string {
  const files: Record<string, string> = { "pyproject.toml": '[project]\nname = "big"\ndependencies = []\n', "pkg/__init__.py": "" };
  for (let i = 0; i < 120; i++) files[`pkg/m${i}.py`] = i % 10 === 0 ? `from pkg.m${i + 1} import nothing_${i}\n` : `import os\nfrom pkg import m${(i + 7) % 120}\nVALUE_${i} = ${i}\n`;
  return makeRepo(files);
}

const strip = (out: { diagnostics: unknown[] }) => JSON.stringify(out.diagnostics);

describe("facts cache", () => {
  it("a warm run parses nothing, one edit parses one file, and the answers never change", () => {
    const root = bigRepo();
    const cold = check(root);
    expect(cold.parsed).toBe(121);
    expect(cold.out.diagnostics.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(root, ".import-doctor-cache", ".gitignore"), "utf8")).toContain("*");
    const warm = check(root);
    expect([warm.parsed, warm.cached]).toEqual([0, 121]);
    expect(strip(warm.out)).toBe(strip(cold.out));
    writeFileSync(path.join(root, "pkg/m3.py"), "from pkg.m4 import VALUE_4\nfrom pkg.m5 import missing\n");
    const edited = check(root);
    expect([edited.parsed, edited.cached]).toEqual([1, 120]);
    expect(edited.out.diagnostics.some((d: { path: string; line: number; name: string }) => d.path === "pkg/m3.py" && d.line === 2 && d.name === "missing")).toBe(true);
    expect(strip(edited.out)).toBe(strip(check(root, "--no-cache").out));
    // Same content, new mtime: hashed, not parsed.
    writeFileSync(path.join(root, "pkg/m3.py"), "from pkg.m4 import VALUE_4\nfrom pkg.m5 import missing\n");
    expect(check(root).parsed).toBe(0);
    // Every file touched (as a checkout does): the workers read and hash them all, and parse none.
    const later = new Date(Date.now() + 60_000);
    for (const f of readdirSync(path.join(root, "pkg"))) utimesSync(path.join(root, "pkg", f), later, later);
    const touched = check(root, "--threads", "2");
    expect([touched.parsed, touched.cached]).toEqual([0, 121]);
    expect(strip(touched.out)).toBe(strip(edited.out));
  });

  it("a run parsed by worker threads (started before the contexts are built) stores a result the next run serves", () => {
    const root = bigRepo();
    const cli = () => spawnSync(process.execPath, [BIN, "check", root, "--format", "json", "--timings", "--threads", "2"], { encoding: "utf8" });
    const cold = cli();
    expect(cold.stderr).toMatch(/121 parsed in 2 workers, 0 cached/);
    expect(cold.stderr).toContain("result stored");
    const warm = cli();
    expect(warm.stderr).toContain("result reused");
    expect(strip(JSON.parse(warm.stdout))).toBe(strip(JSON.parse(cold.stdout)));
  });

  it("keeps CPython's syntax verdicts on facts the workers sent, and writes shards as JSON lines of the stored form", () => {
    const root = bigRepo();
    // Two suspects tree-sitter finds: python3 confirms the first (with its own message) and clears the second.
    writeFileSync(path.join(root, "pkg/bad.py"), "x = 1\nreturn x\n");
    writeFileSync(path.join(root, "pkg/fine.py"), "def f():\n    (a.\nb)\n");
    const cold = check(root, "--threads", "2");
    expect(cold.stderr).toContain("parsed in 2 workers");
    expect(cold.parsed).toBe(123);
    const dir = path.join(root, ".import-doctor-cache");
    const entries = new Map<string, unknown[]>();
    for (const f of readdirSync(dir).filter((n) => n.startsWith("facts-"))) {
      // The shard's text, less the checksum that ends every cache file (store.ts).
      const [header, ...lines] = readCacheFile(path.join(dir, f))!.toString("utf8").split("\n");
      expect(JSON.parse(header!)).toMatchObject({ magic: expect.any(String), shard: expect.any(Number) });
      for (const line of lines) {
        // Each line is what JSON.stringify makes of its entry (the encoded facts are spliced in as they came).
        const e = JSON.parse(line);
        expect(JSON.stringify(e)).toBe(line);
        entries.set(e[0], e);
      }
    }
    const syntaxErrors = (rel: string) => (entries.get(rel)![8] as { ok: { facts: { o: { syntaxErrors: unknown[] } } } }).ok.facts.o.syntaxErrors;
    expect(syntaxErrors("pkg/bad.py")).toEqual([expect.objectContaining({ message: "'return' outside function", confirmed: true })]);
    expect(syntaxErrors("pkg/fine.py")).toEqual([]);
    const warm = check(root);
    expect(warm.parsed).toBe(0);
    expect(strip(warm.out)).toBe(strip(cold.out));
  });

  it("corrupt or foreign cache shards are ignored and rebuilt", () => {
    const root = bigRepo();
    const first = check(root);
    const dir = path.join(root, ".import-doctor-cache");
    const shards = readdirSync(dir).filter((f) => f.startsWith("facts-") && f.endsWith(".json"));
    expect(shards.length).toBeGreaterThan(1);
    for (const f of shards) writeFileSync(path.join(dir, f), "not a cache at all");
    const afterGarbage = check(root);
    expect(afterGarbage.parsed).toBe(121);
    expect(strip(afterGarbage.out)).toBe(strip(first.out));
    // A structurally valid shard with another key (another version) is foreign: its files are parsed again.
    const victim = shards[0]!;
    const shard = Number(/-(\d+)\.json$/.exec(victim)![1]);
    // Read and written through the checksum every cache file carries (store.ts), so that what is tested is the
    // shard's own checks.
    const [header, ...lines] = readCacheFile(path.join(dir, victim))!.toString("utf8").split("\n");
    writeCacheFile(path.join(dir, victim), [JSON.stringify({ ...JSON.parse(header!), key: "another version", shard }), ...lines].join("\n"));
    const again = check(root);
    expect(again.parsed).toBe(lines.length);
    expect(strip(again.out)).toBe(strip(first.out));
    expect(check(root).parsed).toBe(0);
    // One entry's line cut short: the whole shard is parsed again rather than trusted in part.
    const [h, ...ls] = readCacheFile(path.join(dir, victim))!.toString("utf8").split("\n");
    writeCacheFile(path.join(dir, victim), [h, ls[0]!.slice(0, -3), ...ls.slice(1)].join("\n"));
    const cut = check(root);
    expect(cut.parsed).toBe(ls.length);
    expect(strip(cut.out)).toBe(strip(first.out));
    expect(check(root).parsed).toBe(0);
  });

  it("--no-cache neither reads nor writes; one thread and many agree", () => {
    const root = bigRepo();
    const inline = check(root, "--no-cache", "--threads", "1");
    expect(existsSync(path.join(root, ".import-doctor-cache"))).toBe(false);
    const parallel = check(root, "--no-cache", "--threads", "4");
    expect(strip(parallel.out)).toBe(strip(inline.out));
    expect(parallel.parsed).toBe(121);
    expect(inline.stderr).toContain("121 parsed inline");
    expect(parallel.stderr).toContain("121 parsed in 4 workers");
  });

  it("by default, parses a small repository inline (workers would cost more than they save) and a large one in workers", () => {
    // 121 small files: some 0.1 s of parsing, below what starting workers costs on any number of cores.
    const small = bigRepo();
    expect(check(small, "--no-cache").stderr).toContain("121 parsed inline");
    // 1,200 files of some 6 KB each: several seconds of parsing on one thread.
    const body = Array.from({ length: 200 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join("\n");
    const files: Record<string, string> = { "pyproject.toml": '[project]\nname = "large"\n', "pkg/__init__.py": "" };
    for (let i = 0; i < 1200; i++) files[`pkg/m${i}.py`] = `import os\n${body}`;
    const large = makeRepo(files);
    const cores = availableParallelism();
    expect(check(large, "--no-cache").stderr).toContain(cores > 1 ? `1201 parsed in ${cores} workers` : "1201 parsed inline");
  }, 120_000);
});

describe("facts cache shards", () => {
  it("find each file's line by its path, whatever characters the path has, and agree with a full load", () => {
    const dir = path.join(makeRepo({}), ".import-doctor-cache");
    const rels = ["plain.py", 'quote"d.py', "back\\slash.py", "ünï/cödé.py", "tab\tand\u2028.py", "a,b.py"];
    const entry = (i: number): CacheEntry => ({ size: i, mtimeMs: 1000 + i, ctimeMs: 2000 + i, ino: 3000 + i, statAt: 5000 + i, hash: `h${i}`, digest: `d${i}`, outcome: { kind: "undecodable", message: `m${i}` } });
    const entries = new Map(rels.map((rel, i) => [rel, entry(i)]));
    expect(new FactsCache(dir, "k").save(entries)).toBe(true);
    const loaded = new FactsCache(dir, "k");
    loaded.load();
    const reader = new FactsCache(dir, "k").reader();
    for (const [i, rel] of rels.entries()) {
      const want = { ...entry(i), encoded: undefined };
      expect({ ...loaded.get(rel)!, encoded: undefined }, rel).toEqual(want);
      expect({ ...new FactsCache(dir, "k").peek(rel)!, encoded: undefined }, rel).toEqual(want);
      expect({ ...reader(rel)!, encoded: undefined }, rel).toEqual(want);
    }
    expect(reader("missing.py")).toBeUndefined();
    // Another key's shards are not read.
    expect(new FactsCache(dir, "other").peek("plain.py")).toBeUndefined();
    // A one-file update keeps the others.
    expect(new FactsCache(dir, "k").put('quote"d.py', entry(9))).toBe(true);
    const after = new FactsCache(dir, "k");
    after.load();
    expect(after.get('quote"d.py')?.size).toBe(9);
    for (const rel of rels.filter((r) => r !== 'quote"d.py')) expect(after.get(rel)?.size, rel).toBe(rels.indexOf(rel));
  });
});

describe("facts codec", () => {
  it("round-trips the facts of every fixture file and of a sample of the machine's standard library exactly", async () => {
    const { getParser, parseBytes } = await import("../src/parse/parser.js");
    const { decodeOutcome, encodeOutcome } = await import("../src/cache/facts-codec.js");
    const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();
    const files: string[] = [];
    let seen = 0;
    const walk = (dir: string, every: number): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== "site-packages" && e.name !== "__pycache__") walk(p, every);
        else if (e.name.endsWith(".py") && seen++ % every === 0) files.push(p);
      }
    };
    walk(path.join(import.meta.dirname, "..", "fixtures"), 1);
    const fixtures = files.length;
    walk(stdlib, 8);
    expect(files.length - fixtures).toBeGreaterThan(100);
    const parser = await getParser();
    let imports = 0;
    for (const f of files) {
      const outcome = parseBytes(parser, readFileSync(f));
      const back = decodeOutcome(JSON.parse(JSON.stringify(encodeOutcome(outcome))));
      expect(back, f).toStrictEqual(outcome);
      if (outcome.kind === "ok") imports += outcome.facts.imports.length;
    }
    expect(imports).toBeGreaterThan(1000);
  });
});

describe("cache key", () => {
  it("names the installed parser and grammar versions, as their package.json files give them", () => {
    const key = cacheKey();
    for (const pkg of ["web-tree-sitter", "tree-sitter-python"]) {
      const { version } = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "node_modules", pkg, "package.json"), "utf8")) as { version: string };
      expect(key).toContain(`${pkg} ${version}`);
    }
  });

  it("finds a package in the nearest node_modules upwards, skipping node_modules directories themselves", () => {
    const root = makeRepo({
      "node_modules/pkg/package.json": JSON.stringify({ name: "pkg", version: "1.0.0" }),
      "a/node_modules/pkg/package.json": JSON.stringify({ name: "pkg", version: "2.0.0" }),
      "a/node_modules/other/package.json": JSON.stringify({ name: "renamed", version: "3.0.0" }),
      "a/b/c.js": "",
    });
    expect(installedVersion("pkg", path.join(root, "a/b"))).toBe("2.0.0");
    expect(installedVersion("pkg", path.join(root, "a/node_modules"))).toBe("2.0.0");
    expect(installedVersion("pkg", root)).toBe("1.0.0");
    expect(installedVersion("other", path.join(root, "a/b"))).toBe("?");
    expect(installedVersion("absent", path.join(root, "a/b"))).toBe("?");
  });
});
