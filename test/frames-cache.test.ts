// The code frames' source lines kept beside the results: taken only for a file whose content hash is the one they
// were read from, else read again; a corrupt store is read as empty; the text report is the one a run without any
// cache prints, also after an edit that changes a frame's line and nothing the analysis sees.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cachedFrameLines, readFrameLines } from "../src/cache/frames-cache.js";
import { CACHE_DIR_NAME } from "../src/cache/facts-cache.js";
import { readSourceLines } from "../src/parse/source-lines.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");

/** A reader of the repository's files that counts which files it read. */
function reader(root: string): { read: (rel: string, last: number) => string[] | null; load: () => Promise<(rel: string, last: number) => string[] | null>; reads: string[] } {
  const reads: string[] = [];
  const read = (rel: string, last: number): string[] | null => (reads.push(rel), readSourceLines(path.join(root, rel), last));
  return { reads, read, load: async () => read };
}

const plain = (lines: Map<string, Map<number, string>>): Record<string, [number, string][]> => Object.fromEntries([...lines].map(([rel, m]) => [rel, [...m].sort((a, b) => a[0] - b[0])]));

describe("frames cache", () => {
  const files = { "a.py": "import os\nimport missing\n", "b.py": "x = 1\n\nfrom a import nothing\n" };
  const wanted = new Map([
    ["a.py", new Set([2])],
    ["b.py", new Set([1, 3])],
  ]);

  it("keeps the lines of files whose content hash holds, and reads a file whose hash changed again", async () => {
    const root = makeRepo(files);
    mkdirSync(path.join(root, CACHE_DIR_NAME));
    const expected = { "a.py": [[2, "import missing"]], "b.py": [[1, "x = 1"], [3, "from a import nothing"]] };
    const first = reader(root);
    expect(plain(await cachedFrameLines(root, wanted, new Map([["a.py", "h1"], ["b.py", "h2"]]), first.load))).toEqual(expected);
    expect(first.reads.sort()).toEqual(["a.py", "b.py"]);
    expect(existsSync(path.join(root, CACHE_DIR_NAME, "frames.bin"))).toBe(true);

    const second = reader(root);
    expect(plain(await cachedFrameLines(root, wanted, new Map([["a.py", "h1"], ["b.py", "h2"]]), second.load))).toEqual(expected);
    expect(second.reads).toEqual([]);

    // b.py edited: another hash, its lines read again (and only its).
    writeFileSync(path.join(root, "b.py"), "x = 2  # two\n\nfrom a import nothing\n");
    const third = reader(root);
    expect(plain(await cachedFrameLines(root, wanted, new Map([["a.py", "h1"], ["b.py", "h3"]]), third.load))).toEqual({ ...expected, "b.py": [[1, "x = 2  # two"], [3, "from a import nothing"]] });
    expect(third.reads).toEqual(["b.py"]);

    // A line the store does not have, of a file whose hash holds: read.
    const more = reader(root);
    const lines = await cachedFrameLines(root, new Map([["a.py", new Set([1, 2])]]), new Map([["a.py", "h1"]]), more.load);
    expect(plain(lines)).toEqual({ "a.py": [[1, "import os"], [2, "import missing"]] });
    expect(more.reads).toEqual(["a.py"]);
  });

  it("reads a file without a hash every time, ignores a corrupt store, and never creates the cache directory", async () => {
    const root = makeRepo(files);
    const noDir = reader(root);
    expect(plain(await cachedFrameLines(root, wanted, new Map([["a.py", "h1"]]), noDir.load))).toEqual(plain(readFrameLines(wanted, reader(root).read)));
    expect(existsSync(path.join(root, CACHE_DIR_NAME))).toBe(false);

    mkdirSync(path.join(root, CACHE_DIR_NAME));
    writeFileSync(path.join(root, CACHE_DIR_NAME, "frames.bin"), "not a store");
    const corrupt = reader(root);
    await cachedFrameLines(root, wanted, new Map([["a.py", "h1"]]), corrupt.load);
    expect(corrupt.reads.sort()).toEqual(["a.py", "b.py"]);
    const again = reader(root);
    await cachedFrameLines(root, wanted, new Map([["a.py", "h1"]]), again.load);
    expect(again.reads).toEqual(["b.py"]); // no hash: never taken from the store
  });

  it("the text report served from the caches is the one a run without them prints, after an edit of a frame's line only", () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "demo"\n',
      "app/__init__.py": "",
      "app/a.py": "import os\nimport definitely_missing_pkg\n",
    });
    const check = (...extra: string[]): { stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [BIN, "check", root, "--timings", ...extra], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      expect(r.status, r.stderr).toBe(0); // a warning
      return { stdout: r.stdout, stderr: r.stderr };
    };
    const fresh = (): string => check("--no-cache").stdout;
    expect(check().stdout).toBe(fresh());
    expect(existsSync(path.join(root, CACHE_DIR_NAME, "frames.bin"))).toBe(true);
    const served = check();
    expect(served.stderr).toContain("result reused");
    expect(served.stdout).toBe(fresh());
    // A comment on the frame's line: the same facts (the stored result holds), another line of text.
    const abs = path.join(root, "app/a.py");
    writeFileSync(abs, readFileSync(abs, "utf8").replace("missing_pkg", "missing_pkg  # edited"));
    const edited = check();
    expect(edited.stderr).toContain("result reused");
    expect(edited.stdout).toContain("import definitely_missing_pkg  # edited");
    expect(edited.stdout).toBe(fresh());
  });
});
