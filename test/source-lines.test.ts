// parse/source-lines: code-frame lines read only as far as needed, equal to decoding and splitting the whole file.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodePython } from "../src/parse/encoding.js";
import { readSourceLines } from "../src/parse/source-lines.js";
import { makeRepo } from "./helpers/tmp.js";

const enc = (s: string): Buffer => Buffer.from(s, "utf8");
/** What reading the whole file gives: the reference the prefix must agree with. */
const whole = (bytes: Uint8Array): string[] | null => {
  const d = decodePython(bytes);
  return d.ok ? d.text.split(/\r\n|\r|\n/) : null;
};

describe("readSourceLines", () => {
  const dir = makeRepo({});
  const write = (name: string, bytes: Uint8Array): string => {
    const abs = path.join(dir, name);
    writeFileSync(abs, bytes);
    return abs;
  };

  it("agrees with the whole file for every line, whatever the line endings and across read chunks", () => {
    // Deterministic pseudo-random files of mixed \n, \r\n and \r endings (or \n only), some longer than many reads.
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 12; k++) {
      const parts: string[] = [];
      const lines = 20 + rand(k % 3 === 0 ? 6000 : 200);
      for (let i = 0; i < lines; i++) parts.push("x".repeat(rand(40)) + (i % 7 === 0 ? "é" : "") + (k % 4 === 1 ? "\n" : ["\n", "\r\n", "\r"][rand(3)]!));
      if (rand(2)) parts.push("tail");
      const bytes = enc(parts.join(""));
      const abs = write(`f${k}.py`, bytes);
      const all = whole(bytes)!;
      for (const last of [1, 2, 3, Math.floor(lines / 2), lines - 1, lines, lines + 1, lines + 5]) {
        expect(readSourceLines(abs, last), `file ${k}, line ${last}`).toEqual(all.slice(0, last));
      }
    }
  });

  it("keeps a \\r\\n that straddles two reads as one line break", () => {
    const head = "a".repeat(8 * 1024 - 1); // the first read is 8 KiB
    const bytes = enc(`${head}\r\nsecond\rthird\n`);
    const abs = write("straddle.py", bytes);
    expect(readSourceLines(abs, 3)).toEqual([head, "second", "third"]);
    expect(readSourceLines(abs, 2)).toEqual(whole(bytes)!.slice(0, 2));
  });

  it("reads the coding cookie on line 2 even when only line 1 is shown", () => {
    const bytes = Buffer.concat([enc("# caf"), Buffer.from([0xe9]), enc("\n# -*- coding: latin-1 -*-\nname = '"), Buffer.from([0xe9]), enc("'\n")]);
    const abs = write("latin.py", bytes);
    expect(readSourceLines(abs, 1)).toEqual(["# café"]);
    expect(readSourceLines(abs, 3)).toEqual(["# café", "# -*- coding: latin-1 -*-", "name = 'é'"]);
  });

  it("decodes a file whole when its encoding is not a superset of ASCII, and gives up when it cannot be decoded", () => {
    const cp = Buffer.concat([enc("# coding: cp1252\nx = '"), Buffer.from([0x80]), enc("'\n")]);
    expect(readSourceLines(write("cp.py", cp), 1)).toEqual(whole(cp)!.slice(0, 1));
    const bad = Buffer.concat([enc("import os\nimport sys\nx = '"), Buffer.from([0xff]), enc("'\n")]);
    const abs = write("bad.py", bad);
    expect(readSourceLines(abs, 3)).toBeNull(); // the line shown cannot be decoded
    expect(readSourceLines(abs, 2)).toEqual(["import os", "import sys"]); // the bytes after it are not read
    expect(readSourceLines(path.join(dir, "missing.py"), 1)).toBeNull();
  });
});
