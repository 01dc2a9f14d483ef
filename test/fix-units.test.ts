// The fix engine's pure parts: positions, edits, encodings, name uses, and which fixes share a pass.
import { describe, expect, it } from "vitest";
import { selectPass } from "../src/fix/apply.js";
import { applyTextEdits, decodeSource, encodeSource, nameUse, offsetAt, positionAt, withTree } from "../src/fix/source.js";
import type { Fix, TextEdit } from "../src/fix/types.js";
import { applicable, leastSafe } from "../src/fix/types.js";

const at = (line: number, column: number, endLine = line, endColumn = column) => ({ line, column, endLine, endColumn });
const edit = (path: string, r: ReturnType<typeof at>, newText: string): TextEdit => ({ path, range: r, newText });
const fix = (edits: TextEdit[], fileOps: Fix["fileOps"] = []): Fix => ({ safety: "safe", description: "", edits, fileOps });

describe("positions", () => {
  it("counts columns in code points and lines at \\n, and positionAt inverts offsetAt", () => {
    const text = "a = '😀'\r\nb = 1\n";
    expect(offsetAt(text, 1, 6)).toBe(5);
    expect(offsetAt(text, 1, 7)).toBe(7); // the emoji is one column, two UTF-16 units
    expect(offsetAt(text, 2, 1)).toBe(10);
    for (const off of [0, 4, 5, 7, 8, 10, 13]) expect(offsetAt(text, positionAt(text, off).line, positionAt(text, off).column)).toBe(off);
  });
});

describe("applyTextEdits", () => {
  it("applies edits from the end, and writes inserted newlines as the file's line ending", () => {
    const src = decodeSource(Buffer.from("import a\r\nimport b\r\n"));
    if ("error" in src) throw new Error(src.error);
    expect(src.eol).toBe("\r\n");
    const out = applyTextEdits(src, [edit("f", at(1, 8, 1, 9), "x"), edit("f", at(2, 9), "\nimport c")]);
    expect(out).toBe("import x\r\nimport b\r\nimport c\r\n");
  });
});

describe("encodeSource", () => {
  it("writes latin-1 back byte for byte and refuses characters it cannot encode", () => {
    expect(encodeSource("é", { encoding: "latin-1", bom: false })).toEqual(Buffer.from([0xe9]));
    expect(encodeSource("😀", { encoding: "latin-1", bom: false })).toEqual({ error: "the new text cannot be encoded as latin-1" });
    expect(encodeSource("x", { encoding: "utf-8", bom: true })).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x78]));
    expect(encodeSource("x", { encoding: "cp1252", bom: false })).toEqual({ error: "files encoded as cp1252 are not rewritten" });
  });
});

describe("nameUses", () => {
  it("finds uses outside imports and the attributes read from a name, not attributes or keywords of the same spelling", async () => {
    const code = "import settings\nfrom x import y\nz = other.settings\nf(settings=1)\ns = 'settings y'  # settings\nmy_settings = 1\ndef g():\n    return '😀', settings.router, settings.prefix\n";
    expect(await withTree(code, (root) => nameUse(root, code, "settings"))).toEqual({ used: true, attributes: ["router", "prefix"], called: false });
    expect(await withTree(code, (root) => nameUse(root, code, "y"))).toEqual({ used: false, attributes: [], called: false });
    expect((await withTree("class A(Base): pass\nf = Factory()\n", (root) => nameUse(root, "class A(Base): pass\nf = Factory()\n", "Base"))).called).toBe(true);
  });
});

describe("selectPass", () => {
  it("keeps fixes whose edits do not overlap; an overlapping one waits for the next pass", () => {
    const a = fix([edit("m.py", at(1, 1, 1, 10), "x")]);
    const b = fix([edit("m.py", at(1, 5, 1, 6), "y")]);
    const c = fix([edit("m.py", at(2, 1, 2, 3), "z")]);
    expect(selectPass([a, b, c])).toEqual([a, c]);
  });
  it("shares identical changes (one move offered by many importers) and defers contradicting ones", () => {
    const move = { op: "move" as const, path: "p/m.py", to: "p/m/__init__.py" };
    const one = fix([], [move]);
    const two = fix([], [move, { op: "create", path: "p/m/x.py", content: "" }]);
    const other = fix([], [{ op: "move", path: "p/m.py", to: "p/m2.py" }]);
    expect(selectPass([one, two, other])).toEqual([one, two]);
  });
  it("lets edits of a file that moves in the same pass go first, but not edits of a file that does not exist yet", () => {
    const moveWithEdit = fix([edit("p/m.py", at(1, 6), ".")], [{ op: "move", path: "p/m.py", to: "p/m/__init__.py" }]);
    const editSource = fix([edit("p/m.py", at(3, 1, 3, 2), "y")]);
    const editTarget = fix([edit("p/m/__init__.py", at(1, 1, 1, 2), "y")]);
    expect(selectPass([moveWithEdit, editSource, editTarget])).toEqual([moveWithEdit, editSource]);
  });
});

describe("safety", () => {
  it("orders safe > unsafe > display-only like ruff's Applicability", () => {
    expect(leastSafe("safe", "unsafe")).toBe("unsafe");
    expect(leastSafe("unsafe", "display-only")).toBe("display-only");
    expect(applicable("unsafe", false)).toBe(false);
    expect(applicable("unsafe", true)).toBe(true);
    expect(applicable("display-only", true)).toBe(false);
  });
});
