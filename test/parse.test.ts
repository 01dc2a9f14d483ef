// parse/: decoding (PEP 263, BOM) and the facts extracted from tree-sitter trees.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { Parser } from "web-tree-sitter";
import { decodePython, findCodingCookie } from "../src/parse/encoding.js";
import type { ModuleFacts } from "../src/parse/facts.js";
import { mentionSpans } from "../src/parse/extract.js";
import { getParser, parseBytes, parseSource } from "../src/parse/parser.js";

let parser: Parser;
beforeAll(async () => {
  parser = await getParser();
});
const facts = (src: string): ModuleFacts => parseSource(parser, src);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("decodePython", () => {
  it("reads UTF-8 by default and strips a BOM", () => {
    expect(decodePython(enc("\ufeffx = 'é'\n"))).toEqual({ ok: true, text: "x = 'é'\n", encoding: "utf-8", bom: true });
  });
  it("honours a latin-1 cookie on line 1 or on line 2 after a comment", () => {
    const bytes = Uint8Array.from([...enc("#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nx = '"), 0xe9, ...enc("'\n")]);
    const d = decodePython(bytes);
    expect(d.ok && d.text.endsWith("x = 'é'\n")).toBe(true);
  });
  it("ignores a cookie on line 2 when line 1 is code", () => {
    expect(findCodingCookie(enc("x = 1\n# coding: latin-1\n"), 0)).toBeNull();
  });
  it("reports undecodable bytes with CPython's wording", () => {
    const d = decodePython(Uint8Array.from([...enc("x = '"), 0xff, ...enc("'\n")]));
    // With the text read as U+FFFD where the bytes are not UTF-8, for the check that they all sit in comments.
    expect(d).toEqual({ ok: false, message: "(unicode error) 'utf-8' codec can't decode byte 0xff in position 5: invalid start byte", utf8: { text: "x = '\ufffd'\n", invalid: [5] } });
  });
  it("rejects an unknown encoding and a BOM that contradicts the cookie", () => {
    expect(decodePython(enc("# coding: uft-8\n"))).toEqual({ ok: false, message: "encoding problem: uft-8" });
    expect(decodePython(enc("\ufeff# coding: latin-1\n"))).toEqual({ ok: false, message: "encoding problem: latin-1 with BOM" });
  });
  it("never throws on binary garbage or null bytes", () => {
    expect(parseBytes(parser, Uint8Array.from([0, 1, 2, 0xc3]))).toMatchObject({ kind: "undecodable" });
    expect(parseBytes(parser, enc("import os\0\n"))).toMatchObject({ kind: "undecodable", message: "source code cannot contain null bytes" });
  });
});

describe("extractFacts: import forms", () => {
  it("splits `import a.b as c, d` and records ranges", () => {
    const f = facts("import a.b.c as d, e\n");
    expect(f.imports.map((i) => [i.kind, i.module, i.alias, i.moduleRange.column, i.moduleRange.endColumn])).toEqual([
      ["import", "a.b.c", "d", 8, 18],
      ["import", "e", null, 20, 21],
    ]);
    expect(f.bindings.map((b) => b.name)).toEqual(["d", "e"]);
  });
  it("reads relative, star, parenthesised and future imports", () => {
    const f = facts("from __future__ import annotations\nfrom ..m import (x as y,\n    z)\nfrom . import *\n");
    expect(f.imports.map((i) => [i.module, i.level, i.future, i.names.map((n) => `${n.name}:${n.alias}:${n.range.line}`)])).toEqual([
      ["__future__", 0, true, ["annotations:null:1"]],
      ["m", 2, false, ["x:y:2", "z:null:3"]],
      ["", 1, false, ["*:null:4"]],
    ]);
    expect(f.starImports).toEqual([{ module: "", level: 1, line: 4 }]);
  });
  it("counts columns in characters, not UTF-16 units", () => {
    const f = facts("s = '😀'; import x\n");
    expect(f.imports[0]!.moduleRange.column).toBe(17); // the emoji is one character, two UTF-16 units
  });
});

describe("extractFacts: contexts", () => {
  const ctx = (src: string) => facts(src).imports.map((i) => i.context);
  it("records try guards with the exception classes, and except-handler imports", () => {
    const [a, b] = ctx("try:\n    import a\nexcept (ImportError, builtins.ValueError):\n    import b\n");
    expect(a!.guards).toEqual([{ tryId: 1, catches: ["ImportError", "builtins.ValueError"] }]);
    expect(b!.guards).toEqual([]);
    expect(b!.inHandlerOf).toBe(1);
    expect(ctx("try:\n    import a\nexcept:\n    pass\n")[0]!.guards[0]!.catches).toEqual(["*"]);
    expect(ctx("try:\n    import a\nexcept ModuleNotFoundError as e:\n    pass\n")[0]!.guards[0]!.catches).toEqual(["ModuleNotFoundError"]);
  });
  it("knows TYPE_CHECKING, its else, and `not TYPE_CHECKING`", () => {
    const c = ctx("if typing.TYPE_CHECKING:\n    import a\nelse:\n    import b\nif not TYPE_CHECKING:\n    import c\n");
    expect(c.map((x) => x.typeChecking)).toEqual(["if", "else", "else"]);
  });
  it("knows function, class, __main__ and version/platform conditions, including aliases", () => {
    const c = ctx(
      "import sys\nPY311 = sys.version_info[:2] >= (3, 11)\ndef f():\n    import a\nclass C:\n    import b\nif __name__ == '__main__':\n    import c\nif sys.platform == 'win32':\n    import d\nelif PY311:\n    import e\nif flag:\n    import g\n",
    );
    expect(c[1]).toMatchObject({ scope: "function", functionName: "f" });
    expect(c[2]).toMatchObject({ scope: "class" });
    expect(c[3]).toMatchObject({ mainGuard: true });
    expect(c[4]!.conditions).toEqual([{ kind: "platform", text: "sys.platform == 'win32'", op: "==", platform: "win32", branch: true }]);
    expect(c[5]!.conditions.map((x) => [x.text, x.branch])).toEqual([["sys.platform == 'win32'", false], ["sys.version_info[:2] >= (3, 11)", true]]);
    expect(c[6]).toMatchObject({ conditional: true });
  });
});

describe("extractFacts: bindings, __all__, escape hatches, suppressions", () => {
  it("binds every kind of module-level target in order", () => {
    const f = facts(
      "def f():\n    global G\nclass C: pass\na, (b, *c) = x = 1\nd: int = 2\nonly_annotated: int\ne += 1\nfor i in []: pass\nwith o() as (w1, w2): pass\ntry:\n    pass\nexcept E as err:\n    pass\n(n := 1)\ntype T = int\n",
    );
    expect(f.bindings.map((b) => b.name)).toEqual(["f", "G", "C", "a", "b", "c", "x", "d", "e", "i", "w1", "w2", "err", "n", "T"]);
  });
  it("reads __all__ from literals, +=, append and extend; flags dynamic forms", () => {
    expect(facts("__all__ = ['a']\n__all__ += ('b',)\n__all__.append('c')\n__all__.extend(['d'])\n").all).toEqual(["a", "b", "c", "d"]);
    expect(facts("__all__ = base.__all__ + ['x']\n").allDynamic).toBe(true);
  });
  it("detects __getattr__ and escape hatches", () => {
    const f = facts("import importlib, sys\nsys.path.insert(0, 'x')\nm = importlib.import_module('y')\ndef __getattr__(n):\n    return __import__(n)\nglobals()['z'] = 1\nsetattr(mod, 'q', 1)\n");
    expect(f.hasGetattr).toBe(true);
    expect(f.escapeHatches.map((h) => h.kind).sort()).toEqual(["__import__", "globals", "importlib.import_module", "setattr", "sys.path"]);
  });
  it("marks what a listable __getattr__ does as running only for its names; reads of globals() and setattr on a local are no hatch", () => {
    const f = facts('import sys\ndef __getattr__(name):\n    if name == "a":\n        sys.modules[__name__].__dict__[name] = 1\n        globals()[name] = 1\n        return 1\n    raise AttributeError(name)\nsys.modules["x"] = 1\n');
    expect(f.escapeHatches.map((h) => [h.kind, h.line, h.inGetattr ?? false])).toEqual([["sys.modules", 4, true], ["globals", 5, true], ["sys.modules", 8, false]]);
    expect(facts("def __dir__():\n    return sorted(set(globals()) | {'x'})\nx = 'a' in globals()\n").escapeHatches).toEqual([]);
    for (const w of ["globals()['z'] = 1", "globals().update(d)", "g = globals()\ng['a'] = 1", "exec(code, globals())"]) expect(facts(w + "\n").escapeHatches.map((h) => h.kind), w).toEqual(["globals"]);
    expect(facts("import attr\ndef test(attr, name):\n    setattr(attr, name, 1)\ndef g():\n    attr = make()\n    setattr(attr, 'x', 1)\n").escapeHatches).toEqual([]);
    expect(facts("import attr\ndef g():\n    setattr(attr, 'x', 1)\n").escapeHatches.map((h) => h.target)).toEqual(["attr"]);
  });
  it("counts writes to sys.modules as escape hatches, and reads as nothing", () => {
    const writes = (src: string): boolean => facts(`import sys\n${src}\n`).escapeHatches.some((h) => h.kind === "sys.modules");
    for (const w of [
      "sys.modules[__name__] = Wrapper()",
      "del sys.modules['x']",
      "sys.modules.update(extra)",
      "sys.modules.setdefault('a', m)",
      "sys.modules[__name__].extra = 1",
      "setattr(sys.modules[__name__], 'x', 1)",
      "sys.modules[__name__].__dict__.update(d)",
      "def f():\n    mod = sys.modules[__name__]\n    mod.x = 1",
      "def f():\n    mod = sys.modules.get(__name__)\n    setattr(mod, 'x', 1)",
      "mods = sys.modules\nmods['a'] = 1",
      "patch.dict(sys.modules, {'a': m})",
      "vars(sys.modules[__name__]).update(d)",
      "sys.modules[__name__].__dict__['x'] = 1",
      "d = sys.modules[__name__].__dict__\nd['x'] = 1",
    ]) expect(writes(w), w).toBe(true);
    for (const r of [
      "def get_root_path(name):\n    mod = sys.modules.get(name)\n    if mod is not None and hasattr(mod, '__file__'):\n        return mod.__file__",
      "x = 'a' in sys.modules",
      // attrs' _make.py: the namespace copied into another dict.
      "def f(cls, globs):\n    if cls.__module__ in sys.modules:\n        globs.update(sys.modules[cls.__module__].__dict__)",
      "snapshot = dict(sys.modules[__name__].__dict__)",
      "if sys.modules.get('a'):\n    pass",
      "for name in list(sys.modules):\n    pass",
      "for name, m in sys.modules.items():\n    pass",
      "loaded = sorted(sys.modules)",
      "def f(n):\n    m = sys.modules[n]\n    print(m.__name__)\n    m = None",
    ]) expect(writes(r), r).toBe(false);
  });
  it("reads noqa and import-doctor ignore comments", () => {
    const f = facts("import a  # noqa\nimport b  # noqa: IMP001, IMP005\nimport c  # import-doctor: ignore[IMP002]\n# import-doctor: skip-file\n");
    expect(f.suppressions).toEqual([
      { line: 1, codes: null, kind: "noqa" },
      { line: 2, codes: ["IMP001", "IMP005"], kind: "noqa" },
      { line: 3, codes: ["IMP002"], kind: "ignore" },
      { line: 4, codes: null, kind: "skip-file" },
    ]);
  });
  it("keeps the imports of a file with a syntax error", () => {
    const f = facts("import a\ndef broken(:\n    pass\nimport b\n");
    expect(f.syntaxErrors.length).toBeGreaterThan(0);
    expect(f.imports.map((i) => i.module)).toEqual(["a", "b"]);
  });
});

describe("extractFacts: attribute reads at import time", () => {
  it("finds reads of imported modules in module- and class-level statements, whichever statement holds them", () => {
    const src = [
      "import os, json as j",
      "x = 1; y = os.sep",
      "class C:",
      "    a = 1",
      "    b = j.dumps",
      "    def f(self):",
      "        return os.getcwd",
      "z = (1,",
      "     os",
      "     .path)",
      "os_like = 2",
      "w = nos.sep",
      "",
    ].join("\n");
    const uses = facts(src).attributeUses.map((u) => [u.base, u.path.join("."), u.range.line]);
    expect(uses).toEqual([
      ["os", "sep", 2],
      ["j", "dumps", 5],
      ["os", "path", 9],
    ]);
  });
  it("mentionSpans: an imported name before a dot (spaces between allowed, not after another dot), and the ranges a mention overlaps", () => {
    const text = "ab os. cd os  .x ef.os.y é.os.z os2.w\nq = (os\n   .sep)";
    const names = new Set(["os", "os2", "ef"]);
    const spans = mentionSpans(text, names);
    // Mentions: "os." at [3, 6), "os  ." at [10, 15), "ef." at [17, 20), "os2." at [32, 36), "os\n   ." at [43, 50).
    const cases: [number, number, boolean][] = [
      [0, 3, false],
      [0, 4, true],
      [5, 6, true],
      [6, 10, false],
      [6, 11, true],
      [14, 15, true],
      [15, 17, false],
      [20, 32, false], // ".os." and "é.os." follow a dot: attribute names, not the imported module
      [35, 36, true],
      [36, 42, false],
      [44, 45, true],
      [50, text.length, false],
    ];
    for (const [start, end, want] of cases) expect([start, end, spans.overlaps(start, end)]).toEqual([start, end, want]);
    expect(mentionSpans("nothing here", names).overlaps(0, 12)).toBe(false);
    expect(mentionSpans("xos.y", names).overlaps(0, 5)).toBe(false);
  });
});

describe("extractFacts: indentation tree-sitter accepts and CPython does not", () => {
  /** Whether python3 compiles the source (the interpreter is the specification). */
  const compiles = (src: string): boolean => spawnSync("python3", ["-c", "import sys; compile(sys.stdin.read(), 'm.py', 'exec')"], { input: src }).status === 0;
  const cases: Record<string, string> = {
    "else under if, dedented to no level": "if x:\n    pass\n  else:\n    pass\n",
    "else under if, indented": "if x:\n    pass\n      else:\n    pass\n",
    "elif indented": "if x:\n    pass\n elif y:\n    pass\n",
    "finally dedented in a function": "def f():\n    try:\n        pass\n    except E:\n        pass\n  finally:\n        pass\n",
    "else of a for loop": "for i in x:\n    pass\n   else:\n    pass\n",
    "decorated def indented": "@dec\n  def f():\n    pass\n",
    "valid if/elif/else": "if x:\n    pass\nelif y:\n    pass\nelse:\n    pass\n",
    "valid try in a method": "class C:\n    def f(self):\n        try:\n            a\n        except E as e:\n            b\n        else:\n            c\n        finally:\n            d\n",
    "valid decorators and comments at odd columns": "@a\n# a comment\n      # another\n@b(1,\n   2)\ndef f():\n    pass\n",
    "valid conditional expression across lines": "x = (1 if a\n     else 2)\n",
    "valid one-line clauses": "if x: pass\nelse: pass\ntry: a\nexcept E: b\n",
  };
  for (const [what, src] of Object.entries(cases)) {
    it(`${what}: a syntax error exactly when python3 cannot compile it`, () => {
      expect(facts(src).syntaxErrors.length > 0).toBe(!compiles(src));
    });
  }
});

describe("extractFacts: statements tree-sitter accepts where CPython's compiler does not", () => {
  const cases: Record<string, string> = {
    "return at module level": "return 1\n",
    "return in a class body": "class A:\n    return 1\n",
    "return in a class body inside a function": "def f():\n    class A:\n        return 1\n",
    "valid return in a loop in a function": "def f():\n    for x in y:\n        return 1\n",
    "break at module level": "break\n",
    "break in a for loop's else": "for x in y:\n    pass\nelse:\n    break\n",
    "break in a def inside a loop": "for x in y:\n    def f():\n        break\n",
    "break in a class inside a loop": "while 1:\n    class A:\n        break\n",
    "continue under an if": "if x:\n    continue\n",
    "valid break in an inner loop's else": "while 1:\n    for x in y:\n        pass\n    else:\n        break\n",
    "valid continue in finally in a loop": "while 1:\n    try:\n        pass\n    finally:\n        continue\n",
    "valid break in with, match and if inside a loop": "while 1:\n    with a:\n        if b:\n            break\n    match x:\n        case 1:\n            continue\n",
    "valid break in a loop in a method": "class A:\n    def f(self):\n        while 1:\n            break\n",
    "nonlocal at module level": "if x:\n    nonlocal y\n",
    "nonlocal in a module-level class": "class A:\n    nonlocal x\n",
    "valid nonlocal in a class inside a function": "def f():\n    x = 1\n    class A:\n        nonlocal x\n",
    "yield at module level": "x = yield 1\n",
    "try without except or finally": "try:\n    import os\n",
    "try with only an else": "try:\n    x = 1\nelse:\n    y = 2\n",
    "try without except or finally, nested": "def f():\n    try:\n        x = 1\n    y = 2\n",
    "valid try with finally only": "try:\n    x = 1\nfinally:\n    y = 2\n",
    "valid try with except* ": "try:\n    x = 1\nexcept* ValueError:\n    pass\n",
    "yield from in a class body": "class A:\n    x = yield from y\n",
    "await at module level": "await x\n",
    "await nested in an expression": "print([1, {'a': await x}])\n",
    "valid yield in a lambda": "f = lambda: (yield)\n",
    "valid yield and await named in strings and attributes": "x = 'await yield'\ny = a.yield_\nz = awaitable\n",
    "valid yield in a function": "def f():\n    x = yield 1\n    yield from x\n",
    "parameter without a default after one with": "def f(a=1, b): pass\n",
    "typed parameter without a default after one with": "def f(a: int = 1, b: int): pass\n",
    "after a positional-only marker": "def f(a=1, /, b): pass\n",
    "valid keyword-only after a default": "def f(a=1, *, b): pass\n",
    "valid after *args": "def f(a=1, *args, b, **kw): pass\n",
    "valid after typed *args": "def f(a=1, *args: int, b): pass\n",
    "valid defaults on both sides of /": "def f(a=1, /, b=2): pass\n",
    "star import in a class body": "class A:\n    from os import *\n",
    "valid star import under TYPE_CHECKING at module level": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from os import *\n",
    "await in a def": "def f():\n    await x\n",
    "await in a lambda in an async def": "async def f():\n    g = lambda: await x\n",
    "await in a def inside an async def": "async def f():\n    def g():\n        await x\n",
    "await in a class body inside an async def": "async def f():\n    class A:\n        await x\n",
    "await in a list comprehension in a def": "def f():\n    return [await x for x in y]\n",
    "yield in a list comprehension in a def": "def f():\n    return [(yield) for x in y]\n",
    "yield in a comprehension's condition": "def f():\n    return [x for x in y if (yield x)]\n",
    "yield in a comprehension's second iterable": "def f():\n    return [z for x in y for z in [(yield x)]]\n",
    "valid yield in a comprehension's first iterable, run by the function": "def f():\n    return [x for x in [(yield 1)]]\n",
    "await in a comprehension's first iterable at module level": "x = [a for a in await y]\n",
    "valid await in an async def, its comprehensions and a decorated one": "async def f():\n    await x\n    return [await x for x in y]\n@d\nasync def g():\n    await x\n",
    "valid await in a generator expression, in a def and at module level": "def f():\n    return (await x for x in y)\ng = (await x for x in y)\n",
    "valid await in a nested def's default, run by the async def": "async def f():\n    def g(a=await x):\n        pass\n",
    "async for at module level": "async for x in y:\n    pass\n",
    "async with in a def": "def f():\n    async with a as b:\n        pass\n",
    "async for in a class body inside an async def": "async def f():\n    class A:\n        async for x in y:\n            pass\n",
    "async with in a def inside an async def": "async def f():\n    def g():\n        async with a:\n            pass\n",
    "valid async for and with in an async def, nested in statements": "async def f():\n    async with a:\n        if b:\n            async for x in y:\n                pass\n",
    "async as a name": "async = 1\n",
    "await as a name in a function": "def f():\n    await = 2\n    return await\n",
    "valid names that contain async and await": "asyncio = 1\nmy_async = 2\nawaitable = 3\nx.async_ = 4\n",
    // Python 2, which tree-sitter-python parses too
    "a print statement": "print 'x'\n",
    "a print statement in a function, with a trailing comma": "def f():\n    print '%s' % x,\n",
    "an exec statement": "exec code in ns\n",
    "except with a comma": "try:\n    pass\nexcept Exception, e:\n    pass\n",
    "raise with a comma": "raise E, 'message'\n",
    "backticks": "x = `1`\n",
    "<> in a condition": "if a <> b:\n    pass\n",
    "an octal literal as a default": "def f(mode=0777):\n    pass\n",
    "a long literal in a method": "class A:\n    def f(self):\n        return 10L\n",
    "a ur string": "x = ur'abc'\n",
    "a tuple parameter": "def f(a, (b, c)):\n    pass\n",
    "valid print to a file, an expression in Python 3": "print >>f, 'x'\n",
    "valid print and exec calls, and names": "print('x')\nexec('y')\np = print\nx.print\n",
    "valid literals near the Python 2 ones": "x = [0, 00, 0_0, 0o777, 0x1F, 07.5, 09j, 1e10, 0.5]\ny = u'a' + rb'b' + '`' + '<>' + '0777' + 'ur'\n# 0777 10L `x` <>\n",
  };
  let verdicts: Record<string, string | null>;
  beforeAll(() => {
    // One python3 for all the cases: its compile() is the specification.
    const script = "import json, sys\nout = {}\nfor k, src in json.load(sys.stdin).items():\n    try:\n        compile(src, 'm.py', 'exec'); out[k] = None\n    except SyntaxError as e:\n        out[k] = e.msg\nprint(json.dumps(out))";
    verdicts = JSON.parse(spawnSync("python3", ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" }).stdout) as Record<string, string | null>;
  });
  // Messages CPython has kept the same from 3.8 on; the others it has reworded (python3 gives the text on a real run).
  const STABLE = /^'(return|break|yield|await|async for|async with)' outside|^'continue' not properly|^nonlocal declaration|^no binding for nonlocal|^Missing parentheses|^leading zeros/;
  for (const [what, src] of Object.entries(cases)) {
    it(`${what}: a syntax error exactly when python3 cannot compile it`, () => {
      const errors = facts(src).syntaxErrors;
      const cpython = verdicts[what];
      expect(errors.length > 0).toBe(cpython !== null);
      if (cpython && STABLE.test(cpython)) expect(errors[0]!.message).toBe(cpython);
    });
  }
});

describe("the names a module __getattr__ serves", () => {
  const names = async (src: string) => {
    const { getParser, parseSource } = await import("../src/parse/parser.js");
    const f = parseSource(await getParser(), src);
    return [f.hasGetattr, f.getattrNames];
  };
  it("lists literal-keyed names when every other name raises AttributeError; else null", async () => {
    expect(await names('def __getattr__(name):\n    if name == "a" or name in ("b", "c"):\n        return 1\n    raise AttributeError(name)\n')).toEqual([true, ["a", "b", "c"]]);
    expect(await names('def __getattr__(name: str) -> object:\n    """Doc."""\n    import warnings\n    if name not in {"v"}:\n        raise AttributeError(name)\n    return 1\n')).toEqual([true, ["v"]]);
    // Falls off the end (returns None), tests something else, returns for any name, or is defined twice or conditionally.
    expect(await names('def __getattr__(name):\n    if name == "a":\n        return 1\n')).toEqual([true, null]);
    expect(await names('def __getattr__(name):\n    if name.startswith("a"):\n        return 1\n    raise AttributeError(name)\n')).toEqual([true, null]);
    expect(await names('def __getattr__(name):\n    return 1\n')).toEqual([true, null]);
    expect(await names('def __getattr__(name):\n    raise AttributeError(name)\ndef __getattr__(name):\n    return 1\n')).toEqual([true, null]);
    expect(await names('import sys\nif sys.version_info < (3, 9):\n    def __getattr__(name):\n        raise AttributeError(name)\n')).toEqual([true, null]);
    expect(await names('__getattr__ = make()\n')).toEqual([true, null]);
    // attrs' shape: a factory's inner function, a module-level constant, served names before an up-front raise.
    const attrs = 'import sys\n_LAZY = {"converters", "filters"}\n\ndef _make(mod_name):\n    def __getattr__(name):\n        if name in _LAZY:\n            import importlib\n            mod = importlib.import_module(f".{name}", mod_name)\n            sys.modules[mod_name].__dict__[name] = mod\n            return mod\n        if name not in ("__version__",):\n            raise AttributeError(name)\n        return "1"\n    return __getattr__\n\n__getattr__ = _make(__name__)\n';
    expect(await names(attrs)).toEqual([true, ["converters", "filters", "__version__"]]);
    // The constant changed elsewhere, the factory returning something else, or defined twice: opaque.
    expect(await names(attrs + '_LAZY.add("x")\n')).toEqual([true, null]);
    expect(await names(attrs.replace("    return __getattr__\n", "    return other\n"))).toEqual([true, null]);
    expect(await names(attrs + "def _make(m):\n    return None\n")).toEqual([true, null]);
    expect(await names(attrs.replace('_LAZY = {"converters", "filters"}', "_LAZY = compute()"))).toEqual([true, null]);
    expect(await names('x = 1\n')).toEqual([false, null]);
  });
});
