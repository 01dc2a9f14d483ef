// The code cache (src/cli/start.ts, code-cache.ts): its files, and end to end that runs make it, grow it, trust it
// only whole, and answer the same with it, without it and when it cannot be written.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fnv1a } from "../src/cache/fnv.js";
import { cacheDir, cacheFileName, decodeCache, encodeCache } from "../src/cli/code-cache.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");
const checksum = (data: Uint8Array) => crc32(data);

describe("code cache files", () => {
  it("are named after the bundle, Node's version, the architecture and the flags", () => {
    const name = cacheFileName("0123456789abcdef", "v20.20.2", "x64", []);
    expect(name).toBe("cli-0123456789abcdef-v20.20.2-x64-811c9dc5.bin"); // no flags: FNV-1a's offset basis
    expect(fnv1a("").toString(16)).toBe("811c9dc5");
    expect(cacheFileName("0123456789abcdef", "v20.20.2", "x64", ["--max-old-space-size=4096", ""])).not.toBe(name);
    expect(cacheFileName("0123456789abcdef", "v22.1.0", "x64", [])).not.toBe(name);
  });

  it("give back what was written, and nothing if a byte of V8's data changed or the file is another's", () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
    const file = encodeCache(new Set(["served", "analysis"]), data, checksum);
    const back = decodeCache(file, checksum);
    expect(back && [...back.parts].sort()).toEqual(["analysis", "served"]);
    expect(back?.data.equals(data)).toBe(true);
    expect(decodeCache(encodeCache(new Set(), data, checksum), checksum)?.parts.size).toBe(0);
    const damaged = Buffer.from(file);
    damaged[damaged.length - 10]! ^= 1;
    expect(decodeCache(damaged, checksum)).toBeNull();
    expect(decodeCache(file.subarray(0, file.length - 1), checksum)).toBeNull();
    expect(decodeCache(Buffer.from("not a cache\n\n"), checksum)).toBeNull();
    expect(decodeCache(Buffer.alloc(0), checksum)).toBeNull();
  });

  it("live in the user's cache directory, unless Node's switch for its own compile cache is on", () => {
    expect(cacheDir({ XDG_CACHE_HOME: "/x/cache" }, "/home/u")).toBe(path.join("/x/cache", "import-doctor"));
    expect(cacheDir({ XDG_CACHE_HOME: "relative" }, "/home/u")).toBe(path.join("/home/u", ".cache", "import-doctor"));
    expect(cacheDir({}, "/home/u")).toBe(path.join("/home/u", ".cache", "import-doctor"));
    expect(cacheDir({ NODE_DISABLE_COMPILE_CACHE: "1" }, "/home/u")).toBeNull();
    expect(cacheDir({ NODE_DISABLE_COMPILE_CACHE: "0" }, "/home/u")).not.toBeNull();
    expect(cacheDir({}, "")).toBeNull();
  });
});

/** A repository with one broken import, so that every answer has something in it. */
function repo(): string {
  return makeRepo({ "pyproject.toml": '[project]\nname = "app"\n', "app/__init__.py": "", "app/a.py": "import os\nfrom app.b import missing\n", "app/b.py": "VALUE = 1\n" });
}

function run(root: string, cacheHome: string, extraEnv: Record<string, string> = {}, ...extra: string[]) {
  const r = spawnSync(process.execPath, [BIN, "check", root, "--format", "json", ...extra], { encoding: "utf8", env: { ...process.env, XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: "", ...extraEnv } });
  return { code: r.status, diagnostics: JSON.stringify(JSON.parse(r.stdout).diagnostics), stderr: r.stderr };
}

/** The one cache file under `cacheHome`, read back. */
function theCache(cacheHome: string): { bytes: Buffer; parts: string[] } {
  const dir = path.join(cacheHome, "import-doctor");
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  const bytes = readFileSync(path.join(dir, files[0]!));
  const decoded = decodeCache(bytes, checksum);
  expect(decoded).not.toBeNull();
  return { bytes, parts: [...decoded!.parts].sort() };
}

describe("code cache, end to end", () => {
  it("is made by the first run, grows with runs that go elsewhere, and is left alone by runs that do not", () => {
    const root = repo();
    const home = mkdtempSync(path.join(tmpdir(), "import-doctor-xdg-"));
    const fresh = run(root, home, {}, "--no-cache");
    expect(fresh.code).toBe(1);
    expect(theCache(home).parts).toEqual(["analysis", "format json", "parser"]);

    const cold = run(root, home);
    const served = run(root, home);
    // The served run found the cache usable: it kept the analysis's part and added its own.
    expect(theCache(home).parts).toEqual(["analysis", "format json", "parser", "served"]);
    const before = theCache(home).bytes;
    const again = run(root, home);
    expect(theCache(home).bytes.equals(before)).toBe(true);

    // A comment: the file is parsed again, with V8's flags changed around the grammar's compile (src/parse/parser.ts).
    writeFileSync(path.join(root, "app/b.py"), "VALUE = 1\n# a comment\n");
    const edited = run(root, home);
    expect(theCache(home).parts).toEqual(["analysis", "format json", "parser", "reparse", "served"]);
    // That cache was made with V8's flags set back: the next run uses it (else it would make one of its own parts).
    const after = theCache(home).bytes;
    const last = run(root, home);
    expect(theCache(home).bytes.equals(after)).toBe(true);

    for (const r of [cold, served, again, edited, last]) expect([r.code, r.diagnostics, r.stderr]).toEqual([1, fresh.diagnostics, ""]);
  });

  it("whose data was damaged is not used, and is made again", () => {
    const root = repo();
    const home = mkdtempSync(path.join(tmpdir(), "import-doctor-xdg-"));
    const first = run(root, home, {}, "--no-cache");
    const dir = path.join(home, "import-doctor");
    const file = path.join(dir, readdirSync(dir)[0]!);
    const bytes = readFileSync(file);
    // Damage in the middle of V8's data: V8 itself would crash the process on some such bytes.
    for (let i = 0; i < 64; i++) bytes[Math.floor(bytes.length / 2) + i]! ^= 0x5a;
    writeFileSync(file, bytes);
    const second = run(root, home, {}, "--no-cache");
    expect([second.code, second.diagnostics, second.stderr]).toEqual([first.code, first.diagnostics, ""]);
    expect(theCache(home).bytes.equals(bytes)).toBe(false);
  });

  it("changes no answer when it is switched off or cannot be written", () => {
    const root = repo();
    const home = mkdtempSync(path.join(tmpdir(), "import-doctor-xdg-"));
    const off = run(root, home, { NODE_DISABLE_COMPILE_CACHE: "1" }, "--no-cache");
    expect(readdirSync(home)).toEqual([]);
    // The cache directory's parent is a file: no directory can be made there.
    const blocked = path.join(home, "a-file");
    writeFileSync(blocked, "");
    const unwritable = run(root, blocked, {}, "--no-cache");
    const on = run(root, mkdtempSync(path.join(tmpdir(), "import-doctor-xdg-")), {}, "--no-cache");
    for (const r of [off, unwritable]) expect([r.code, r.diagnostics, r.stderr]).toEqual([on.code, on.diagnostics, ""]);
  });
});
