// When two versions of a file differ only by lines moved in order (so the stored findings can move with them), and
// how findings move. The parser is the real one; the results are built by hand only where shapes are the point.
import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import type { AnalysisResult } from "../src/analyze.js";
import { importsShift, lineShift, namesShift, shiftResult } from "../src/cache/line-shift.js";
import type { RawDiagnostic } from "../src/diagnostic.js";
import { getParser, parseBytes } from "../src/parse/parser.js";

let parser: Parser;
beforeAll(async () => {
  parser = await getParser();
});
const shift = (before: string, after: string) => lineShift(parseBytes(parser, Buffer.from(before)), parseBytes(parser, Buffer.from(after)));

const BASE = "import os\nfrom pkg import thing\n\nVALUE = thing.X\n\ndef f():\n    return 1\n";

describe("lineShift", () => {
  it("maps every line a fact names when lines are inserted or removed, in order", () => {
    expect([...shift(BASE, "# top\n" + BASE)!]).toEqual([[1, 2], [2, 3], [4, 5], [6, 7]]);
    expect([...shift(BASE, BASE.replace("\n\nVALUE", "\nVALUE"))!]).toEqual([[1, 1], [2, 2], [4, 3], [6, 5]]);
    expect([...shift(BASE, BASE.replace("    return 1", "    x = 1\n    return x"))!]).toEqual([[1, 1], [2, 2], [4, 4], [6, 6]]);
  });

  it("is the identity for an edit that moves nothing", () => {
    const map = shift(BASE, BASE + "# trailing\n")!;
    expect([...map].every(([a, b]) => a === b)).toBe(true);
  });

  it("refuses a change beyond lines: a name, a column, an alias", () => {
    expect(shift(BASE, BASE + "OTHER = 1\n")).toBeNull();
    expect(shift(BASE, BASE.replace("import os", "import  os"))).toBeNull();
    expect(shift(BASE, BASE.replace("import thing", "import thing as t"))).toBeNull();
  });

  it("refuses lines that change order across kinds of facts (an attribute read moved past an import)", () => {
    // Arrays stay in the same order (one import each side, one read); only the interleaving changes.
    const before = "import a\na.X\nimport c\n";
    const after = "import a\nimport c\na.X\n";
    expect(shift(before, after)).toBeNull();
  });

  it("refuses files with syntax errors or dynamic namespace edits", () => {
    expect(shift("import os\nx = (\n", "\nimport os\nx = (\n")).toBeNull();
    const dyn = "import sys\nglobals()['made'] = 1\n";
    expect(shift(dyn, "\n" + dyn)).toBeNull();
  });
});

const names = (before: string, after: string) => {
  const r = namesShift(parseBytes(parser, Buffer.from(before)), parseBytes(parser, Buffer.from(after)));
  return r && { names: [...r.names].sort(), lines: [...r.lines] };
};

describe("namesShift", () => {

  it("names the bindings added, removed or changed, and maps the lines of every other fact", () => {
    expect(names(BASE, "NEW = 1\n" + BASE)).toEqual({ names: ["NEW"], lines: [[1, 2], [2, 3], [4, 5], [6, 7]] });
    expect(names(BASE, BASE.replace("def f():", "def g():"))).toEqual({ names: ["f", "g"], lines: [[1, 1], [2, 2], [4, 4]] });
    expect(names(BASE, BASE.replace("def f():\n    return 1\n", ""))).toEqual({ names: ["f"], lines: [[1, 1], [2, 2], [4, 4]] });
    // A second binding of a name already bound: the name differs (its bindings are more), nothing else.
    expect(names(BASE, BASE + "VALUE = 2\n")).toEqual({ names: ["VALUE"], lines: [[1, 1], [2, 2], [4, 4], [6, 6]] });
    // Bound under a condition now: the binding differs in kind, not in name.
    expect(names("X = 1\n", "if c:\n    X = 1\n")?.names).toEqual(["X"]);
  });

  it("is lineShift, with no names, when only lines move", () => {
    expect(names(BASE, "# top\n" + BASE)).toEqual({ names: [], lines: [...shift(BASE, "# top\n" + BASE)!] });
  });

  it("refuses any change beyond bindings: an import, an attribute read, __all__, __getattr__, a reordering", () => {
    expect(names(BASE, "import sys\n" + BASE)).toBeNull();
    expect(names(BASE, BASE + "Y = thing.Y\n")).toBeNull();
    expect(names(BASE, BASE + "__all__ = ['VALUE']\n")).toBeNull();
    expect(names(BASE, BASE + "def __getattr__(name):\n    raise AttributeError(name)\n")).toBeNull();
    expect(names("import a\na.X\nimport c\n", "import a\nimport c\na.X\nZ = 1\n")).toBeNull();
  });

  it("refuses files with syntax errors or dynamic namespace edits", () => {
    expect(names("import os\nx = (\n", "Y = 1\nimport os\nx = (\n")).toBeNull();
    const dyn = "import sys\nglobals()['made'] = 1\n";
    expect(names(dyn, "Y = 1\n" + dyn)).toBeNull();
  });
});

describe("importsShift", () => {
  const imports = (before: string, after: string) => {
    const r = importsShift(parseBytes(parser, Buffer.from(before)), parseBytes(parser, Buffer.from(after)));
    const text = (s: { kind: string; module: string; names: { name: string }[]; range: { line: number } }): string => `${s.range.line}:${s.kind} ${s.module}${s.names.map((n) => ` ${n.name}`).join("")}`;
    return r && { names: [...r.names].sort(), lines: [...r.lines].sort((a, b) => a[0] - b[0]), added: r.added.map(text), removed: r.removed.map(text) };
  };

  it("names the statements added and removed, the names they bind, and maps the lines of every other fact", () => {
    expect(imports(BASE, "import sys\n" + BASE)).toEqual({ names: ["sys"], lines: [[1, 2], [2, 3], [4, 5], [6, 7]], added: ["1:import sys"], removed: [] });
    expect(imports(BASE, BASE.replace("import os\n", ""))).toEqual({ names: ["os"], lines: [[2, 1], [4, 3], [6, 5]], added: [], removed: ["1:import os"] });
    // Edited in place: one removed, one added; a statement repeated keeps its first copy.
    expect(imports(BASE, BASE.replace("import os", "import os.path"))).toMatchObject({ names: [], added: ["1:import os.path"], removed: ["1:import os"] });
    expect(imports(BASE, "import os\n" + BASE)).toMatchObject({ names: ["os"], added: ["2:import os"], removed: [] });
    expect(imports(BASE, BASE.replace("from pkg import thing", "from pkg import thing\nfrom json import loads as thing2"))).toMatchObject({ names: ["thing2"], added: ["3:from json loads"], removed: [] });
  });

  it("is namesShift, with no statements, when only bindings change", () => {
    const r = imports(BASE, "NEW = 1\n" + BASE)!;
    const n = names(BASE, "NEW = 1\n" + BASE)!;
    expect(r).toEqual({ ...n, lines: n.lines.sort((a, b) => a[0] - b[0]), added: [], removed: [] });
  });

  it("refuses any change beyond imports and bindings, and reordered imports", () => {
    expect(imports(BASE, "import sys\n" + BASE + "Y = thing.Y\n")).toBeNull();
    expect(imports(BASE, "import sys\n" + BASE + "__all__ = ['VALUE']\n")).toBeNull();
    // Swapped: one statement is kept, the other removed and added again, and its binding's line moves out of order.
    expect(imports("import a\nimport b\n", "import b\nimport a\n")).toBeNull();
    expect(imports("import sys\nglobals()['x'] = 1\n", "import os\nimport sys\nglobals()['x'] = 1\n")).toBeNull();
    expect(imports("import os\nx = (\n", "import sys\nimport os\nx = (\n")).toBeNull();
  });
});

describe("shiftResult", () => {
  const diag = (path: string, line: number, endLine = line): RawDiagnostic => ({
    code: "IMP005",
    rule: "undeclared-dependency",
    severity: "warning",
    path,
    line,
    column: 8,
    endLine,
    endColumn: 12,
    message: "m",
    runtimeError: null,
    context: "c",
    module: "yaml",
    name: null,
    notes: [],
    fix: { safety: "unsafe", description: "d", edits: [{ path: "other.py", range: { line: 2, column: 1, endLine: 2, endColumn: 1 }, newText: "x" }, { path: "a.py", range: { line: 3, column: 1, endLine: 4, endColumn: 1 }, newText: "y" }], fileOps: [] },
    statementLines: [line, endLine],
  });
  const result = (diagnostics: RawDiagnostic[]): AnalysisResult => ({ root: "/r", pythonVersion: "3.12", diagnostics, files: 2, identities: new Map(), durationMs: 0, timings: { discover: 0, read: 0, parse: 0, extract: 0, load: 0, resolve: 0, check: 0, parsed: 0, cached: 0, workers: 0 } });
  const map = new Map([[3, 5], [4, 6], [9, 12]]);

  it("moves the findings in the file and the fix edits to it, and nothing else", () => {
    const moved = shiftResult(result([diag("a.py", 3, 4), diag("other.py", 9)]), "a.py", map)!;
    const [a, other] = moved.diagnostics;
    expect([a!.line, a!.endLine, a!.statementLines]).toEqual([5, 6, [5, 6]]);
    expect(a!.fix!.edits.map((e) => [e.path, e.range.line, e.range.endLine])).toEqual([["other.py", 2, 2], ["a.py", 5, 6]]);
    expect([other!.line, other!.endLine]).toEqual([9, 9]);
    expect(other!.fix!.edits[1]!.range.line).toBe(5); // an edit to a.py offered by a finding elsewhere moves too
  });

  it("gives up on a finding at a line no fact names", () => {
    expect(shiftResult(result([diag("a.py", 7)]), "a.py", map)).toBeNull();
  });

  it("never moves a result that quotes lines in text (test impact, the graph)", () => {
    expect(shiftResult({ ...result([]), impact: [] }, "a.py", map)).toBeNull();
  });
});
