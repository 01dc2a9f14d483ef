// The language server (`import-doctor server`), driven over stdio by a real JSON-RPC client (test/helpers/lsp-client.ts)
// on repositories in temporary directories.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CodeAction, Hover, Location } from "vscode-languageserver-protocol";
import { applyEdits, LspClient, uri } from "./helpers/lsp-client.js";
import { makeRepo } from "./helpers/tmp.js";

let client: LspClient | null = null;
afterEach(async () => {
  await client?.close();
  client = null;
});

const repo = (): string =>
  makeRepo({
    "pyproject.toml": "[project]\nname = 'app'\ndependencies = []\n",
    "pkg/__init__.py": "",
    "pkg/a.py": "VALUE = 1\n\n\ndef helper():\n    return VALUE\n",
    "pkg/b.py": "from .a import helper\n\nhelper()\n",
    "app.py": "from pkg.a import VALUE\n\nprint(VALUE)\n",
    "tests/test_app.py": "import app\n\n\ndef test_app():\n    assert app\n",
  });

describe("import-doctor server", () => {
  it("publishes a finding after an edit breaks an import, fixes it by code action without touching the disk, and follows disk changes", async () => {
    const root = repo();
    const b = path.join(root, "pkg", "b.py");
    const app = path.join(root, "app.py");
    client = new LspClient();
    const init = (await client.initialize([root])) as { capabilities: Record<string, unknown> };
    expect(init.capabilities.hoverProvider).toBe(true);
    const original = readFileSync(b, "utf8");
    client.open(b, original);
    client.open(app, readFileSync(app, "utf8"));
    // Break it: one dot too few.
    const broken = original.replace("from .a import", "from a import");
    client.change(b, broken);
    const [d] = await client.diagnosticsOf(b, (list) => list.some((x) => x.code === "IMP001"), "IMP001 on pkg/b.py");
    expect(d!.message).toContain("Module `a` is not on sys.path: pkg/a.py beside this file is `pkg.a`");
    expect(d!.severity).toBe(1);
    expect(d!.range).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 6 } });
    expect(d!.codeDescription!.href).toMatch(/docs\/rules\.md#imp001-unresolved-import$/);
    const related = d!.relatedInformation!.map((r) => r.message);
    expect(related).toContain("runtime: ModuleNotFoundError: No module named 'a'");
    expect(related).toContain("context: when pkg.b is imported");

    // The code actions: the fix (with its safety in the title) and a suppression.
    const actions = (await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(b) }, range: d!.range, context: { diagnostics: [d] } })) as CodeAction[];
    expect(actions.map((a) => a.title)).toContain("Suppress IMP001 on this line (# noqa: IMP001)");
    const fix = actions.find((a) => a.title.startsWith("Fix: "))!;
    expect(fix.title).toBe("Fix: Import `a` relatively (`pkg.a`, beside this file) (unsafe)");
    const fixed = applyEdits(broken, fix.edit!.changes![uri(b)]!);
    expect(fixed).toBe(original);
    // The fix is unsafe: "fix all safe import problems" has nothing to do here.
    const all = (await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(b) }, range: d!.range, context: { diagnostics: [], only: ["source.fixAll.import-doctor"] } })) as CodeAction[];
    expect(all).toEqual([]);
    client.change(b, fixed);
    await client.diagnosticsOf(b, (list) => list.length === 0, "pkg/b.py's finding gone");
    expect(readFileSync(b, "utf8")).toBe(original); // the disk is the client's to write

    // A change on disk, told by the watched-files notification: the importer's diagnostics update.
    writeFileSync(path.join(root, "pkg", "a.py"), "OTHER = 1\n");
    void client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(path.join(root, "pkg", "a.py")), type: 2 }] });
    const again = await client.diagnosticsOf(app, (list) => list.some((x) => x.code === "IMP002"), "IMP002 on app.py after the disk change");
    expect(again[0]!.message).toBe("`pkg.a` does not define `VALUE`");
  });

  it("explains an import on hover and goes to the module it names", async () => {
    const root = repo();
    const app = path.join(root, "app.py");
    client = new LspClient();
    await client.initialize([root]);
    const text = readFileSync(app, "utf8");
    client.open(app, text);
    // A finding elsewhere tells when the first analysis is in: break the test's import and wait for it.
    const test = path.join(root, "tests", "test_app.py");
    client.open(test, "import app_missing\nfrom app import nothing_here\n");
    await client.diagnosticsOf(test, (list) => list.length > 0, "a finding in the test file");
    const hover = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(app) }, position: { line: 0, character: 7 } })) as Hover;
    const value = (hover.contents as { value: string }).value;
    expect(value).toContain("`from pkg.a import VALUE`");
    expect(value).toContain("*when app is imported*");
    expect(value).toContain("`pkg.a` resolves to `pkg/a.py`");
    expect(value).toContain("sys.path here:");
    const def = (await client.connection.sendRequest("textDocument/definition", { textDocument: { uri: uri(app) }, position: { line: 0, character: 9 } })) as Location;
    expect(def.uri).toBe(uri(path.join(root, "pkg", "a.py")));
    const pkgDef = (await client.connection.sendRequest("textDocument/definition", { textDocument: { uri: uri(app) }, position: { line: 0, character: 6 } })) as Location;
    expect(pkgDef.uri).toBe(uri(path.join(root, "pkg", "__init__.py")));
    // On a failing import: the error, and the test files it keeps pytest from collecting.
    const failing = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(test) }, position: { line: 0, character: 9 } })) as Hover;
    const text2 = (failing.contents as { value: string }).value;
    expect(text2).toContain("is found nowhere");
    expect(text2).toContain("ModuleNotFoundError: No module named 'app_missing'");
    const certain = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(test) }, position: { line: 1, character: 20 } })) as Hover;
    const text3 = (certain.contents as { value: string }).value;
    expect(text3).toContain("ImportError: cannot import name 'nothing_here' from 'app'");
    expect(text3).toContain("Blocks 1 test file: `tests/test_app.py`");
  });

  it("keeps serving through a syntax error, a deleted open file, a broken configuration and a burst of edits", async () => {
    const root = repo();
    const b = path.join(root, "pkg", "b.py");
    const app = path.join(root, "app.py");
    client = new LspClient();
    await client.initialize([root]);
    const original = readFileSync(b, "utf8");
    client.open(b, original);
    client.open(app, readFileSync(app, "utf8"));

    // A buffer CPython cannot compile: IMP000 with CPython's message, then gone once it compiles again.
    client.change(b, "from .a import helper\ndef broken(:\n");
    const [syntax] = await client.diagnosticsOf(b, (list) => list.some((x) => x.code === "IMP000"), "IMP000 in the buffer");
    expect(syntax!.range.start.line).toBe(1);
    expect(syntax!.message).toMatch(/^Syntax error: invalid syntax/);
    client.change(b, original);
    await client.diagnosticsOf(b, (list) => list.length === 0, "the syntax error gone");

    // A burst of edits faster than analyses: the last state alone ends up published, and stays so.
    for (let i = 0; i < 30; i++) client.change(b, `from .a import missing_${i}\n`);
    await client.diagnosticsOf(b, (list) => list.some((x) => x.message.includes("missing_29")), "the last edit's finding");
    await new Promise((r) => setTimeout(r, 600));
    const last = client.diagnostics.get(uri(b))!;
    expect(last.diagnostics.map((x) => x.message)).toEqual(["`pkg.a` does not define `missing_29`"]);
    expect(last.version).toBe(33);
    client.change(b, original);
    await client.diagnosticsOf(b, (list) => list.length === 0, "clean again");

    // A broken configuration: the analysis fails, is logged, and the server keeps serving what it had.
    writeFileSync(path.join(root, "pyproject.toml"), "[tool.import-doctor]\nselect = ['NOPE1']\n");
    void client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(path.join(root, "pyproject.toml")), type: 2 }] });
    await client.until(() => client!.logs.some((l) => l.includes("failed") && l.includes("NOPE1")), 20_000, "the failure logged");
    const hover = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(app) }, position: { line: 0, character: 7 } })) as Hover | null;
    expect((hover!.contents as { value: string }).value).toContain("`pkg.a` resolves to `pkg/a.py`");
    writeFileSync(path.join(root, "pyproject.toml"), "[project]\nname = 'app'\ndependencies = []\n");

    // The open file deleted on disk: its diagnostics go, its importers' come.
    client.change(b, "from .a import nothing\n");
    await client.diagnosticsOf(b, (list) => list.length === 1, "a finding in pkg/b.py");
    rmSync(b);
    writeFileSync(app, "from pkg import b\n");
    client.change(app, "from pkg import b\n");
    void client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(b), type: 3 }, { uri: uri(app), type: 2 }] });
    await client.diagnosticsOf(b, (list) => list.length === 0, "pkg/b.py's diagnostics cleared");
    const [gone] = await client.diagnosticsOf(app, (list) => list.length > 0, "the importer's finding");
    expect(gone!.message).toBe("`pkg` does not define `b` and has no submodule `b`");
  });

  it("serves a workspace without Python, answering nothing", async () => {
    const root = makeRepo({ "README.md": "# no python here\n" });
    client = new LspClient();
    await client.initialize([root]);
    await client.until(() => client!.logs.some((l) => l.includes("analysed 0 files")), 20_000, "the analysis of nothing");
    const hover = await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(path.join(root, "README.md")) }, position: { line: 0, character: 0 } });
    expect(hover).toBeNull();
    expect(client.published).toEqual([]);
  });

  it("serves each folder of a multi-root workspace as its own repository, reporting the first analyses' progress", async () => {
    const one = makeRepo({ "pyproject.toml": "[project]\nname = 'one'\ndependencies = []\n", "one/__init__.py": "from one.sub import missing_one\n", "one/sub.py": "X = 1\n" });
    const two = makeRepo({ "pyproject.toml": "[project]\nname = 'two'\ndependencies = []\n", "two/__init__.py": "from two.sub import missing_two\n", "two/sub.py": "X = 1\n" });
    client = new LspClient();
    await client.initialize([one, two]);
    const [a] = await client.diagnosticsOf(path.join(one, "one", "__init__.py"), (list) => list.length > 0, "folder one's finding");
    const [b] = await client.diagnosticsOf(path.join(two, "two", "__init__.py"), (list) => list.length > 0, "folder two's finding");
    expect(a!.message).toBe("`one.sub` does not define `missing_one`");
    expect(b!.message).toBe("`two.sub` does not define `missing_two`");
    await client.until(() => client!.progress.filter((p) => p.value.kind === "end").length >= 2, 20_000, "two progress ends");
    const begins = client.progress.filter((p) => p.value.kind === "begin").map((p) => p.value.title);
    expect(begins.sort()).toEqual([`import-doctor: analysing ${path.basename(one)}`, `import-doctor: analysing ${path.basename(two)}`].sort());
  });

  it("fixes every safe problem of a file with one source action", async () => {
    const root = makeRepo({ "pyproject.toml": "[project]\nname = 'app'\ndependencies = ['redis']\n", "app.py": "import aioredis\n" });
    const app = path.join(root, "app.py");
    client = new LspClient();
    await client.initialize([root]);
    client.open(app, "import aioredis\n");
    await client.diagnosticsOf(app, (list) => list.some((x) => x.code === "IMP004"), "IMP004 on app.py");
    const all = (await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(app) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll.import-doctor"] } })) as CodeAction[];
    expect(all.map((a) => a.title)).toEqual(["Fix all safe import problems in this file"]);
    const fixed = applyEdits("import aioredis\n", all[0]!.edit!.changes![uri(app)]!);
    expect(fixed).toBe("from redis import asyncio as aioredis\n");
    client.change(app, fixed);
    await client.diagnosticsOf(app, (list) => !list.some((x) => x.code === "IMP004"), "the deprecation gone");
  });
});
