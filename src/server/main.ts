// `import-doctor server`: a Language Server Protocol server over stdio. Each workspace folder is a repository whose
// analysis is kept in memory (workspace.ts); open buffers overlay the files on disk. It publishes the same findings
// as `check`, offers each finding's fix, a fix-all of the safe ones and a `# noqa` as code actions, explains an
// import on hover and goes to the module an import names.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeParams,
  type TextEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { AnalysisResult, AnalyzeOptions } from "../analysis.js";
import type { RawDiagnostic } from "../diagnostic.js";
import { confirmSyntax, verdictErrors } from "../parse/confirm-syntax.js";
import type { ParseOutcome } from "../parse/facts.js";
import { getParser, parseSource } from "../parse/parser.js";
import { VERSION } from "../version.js";
import { noqaEdit, toLspDiagnostic, toWorkspaceEdit, uriOf } from "./convert.js";
import { definitionAt, hoverText, importAt } from "./explain.js";
import { codePointColumn } from "./positions.js";
import { Workspace } from "./workspace.js";

export interface ServerOptions {
  /** Milliseconds an edit waits for the next before an analysis starts (default 40). */
  debounceMs?: number;
  /** Log when each change arrives, is parsed, analysed and published, with the memory (IMPORT_DOCTOR_SERVER_TRACE). */
  trace?: boolean;
}

type Analyze = (opts: AnalyzeOptions) => Promise<AnalysisResult>;

/** The facts of a buffer's text; a syntax error tree-sitter suspects is put to CPython, with the text in a scratch file. */
async function parseBuffer(text: string, scratch: string): Promise<ParseOutcome> {
  const facts = parseSource(await getParser(), text);
  if (facts.syntaxErrors.length > 0) {
    const file = path.join(scratch, "buffer.py");
    writeFileSync(file, text);
    const v = confirmSyntax([file]).get(file);
    if (v) facts.syntaxErrors = verdictErrors(v);
  }
  return { kind: "ok", facts, encoding: "utf-8" };
}

/** A full garbage collection, when V8 lets one be asked for (its flag set at run time), else nothing. */
function collectGarbage(trace: boolean): () => void {
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    return () => {
      const t0 = Date.now();
      gc();
      if (trace) process.stderr.write(`gc ${Date.now() - t0} ms\n`);
    };
  } catch {
    return () => undefined;
  }
}

export function startServer(analyze: Analyze, options: ServerOptions = {}, connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): Connection {
  const documents = new TextDocuments(TextDocument);
  const workspaces: Workspace[] = [];
  const scratch = mkdtempSync(path.join(os.tmpdir(), "import-doctor-server-"));
  let canRegisterWatchers = false;
  let canShowProgress = false;
  let foldersChange = false;
  const log = (m: string): void => connection.console.log(m);

  const host = {
    analyze,
    trace: options.trace === true,
    idle: collectGarbage(options.trace === true),
    debounceMs: options.debounceMs ?? 40,
    log,
    publish: (abs: string, list: RawDiagnostic[], _result: AnalysisResult) => {
      const ws = workspaceOf(abs)!;
      const lines = ws.linesOf(abs);
      const version = ws.buffers.get(ws.relOf(abs))?.version;
      void connection.sendDiagnostics({ uri: uriOf(abs), ...(version !== undefined ? { version } : {}), diagnostics: list.map((d) => toLspDiagnostic(d, abs, lines)) });
    },
    progress: (title: string) => {
      if (!canShowProgress) return { report: () => undefined, done: () => undefined };
      let reporter: { report(p: number, m?: string): void; done(): void } | null = null;
      const made = connection.window.createWorkDoneProgress().then((r) => {
        r.begin(title, 0, "discovering files", false);
        reporter = r;
        return r;
      });
      let last = -1;
      return {
        report: (done: number, total: number) => {
          const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
          if (pct !== last && reporter) reporter.report(pct, `${done}/${total} files`);
          last = pct;
        },
        done: () => void made.then((r) => r.done()),
      };
    },
  };

  const workspaceOf = (abs: string): Workspace | null => {
    let best: Workspace | null = null;
    for (const w of workspaces) if (w.holds(abs) && (!best || w.root.length > best.root.length)) best = w;
    return best;
  };
  const fileOf = (uri: string): string | null => (uri.startsWith("file:") ? fileURLToPath(uri) : null);
  const addFolder = (dir: string): void => {
    if (!workspaces.some((w) => w.root === dir)) workspaces.push(new Workspace(dir, host));
  };

  connection.onInitialize((params: InitializeParams) => {
    for (const f of params.workspaceFolders ?? []) addFolder(fileURLToPath(f.uri));
    if (workspaces.length === 0 && params.rootUri) addFolder(fileURLToPath(params.rootUri));
    canRegisterWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canShowProgress = params.capabilities.window?.workDoneProgress === true;
    foldersChange = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, `${CodeActionKind.SourceFixAll}.import-doctor`] },
        hoverProvider: true,
        definitionProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "import-doctor", version: VERSION },
    };
  });

  connection.onInitialized(() => {
    log(`import-doctor ${VERSION}: serving ${workspaces.map((w) => w.root).join(", ") || "no folder"}`);
    for (const w of workspaces) w.schedule(0);
    if (canRegisterWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/*.py" }, { globPattern: "**/{pyproject.toml,setup.cfg,setup.py,tox.ini,requirements*.txt,*.lock,Makefile}" }],
      });
    }
    if (foldersChange) connection.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) {
        const i = workspaces.findIndex((w) => w.root === fileURLToPath(f.uri));
        if (i >= 0) workspaces.splice(i, 1);
      }
      for (const f of e.added) {
        addFolder(fileURLToPath(f.uri));
        workspaces[workspaces.length - 1]!.schedule(0);
      }
    });
  });

  const bufferChanged = async (doc: TextDocument): Promise<void> => {
    if (options.trace) log(`${Date.now()} changed ${doc.uri} v${doc.version}`);
    const abs = fileOf(doc.uri);
    const ws = abs && abs.endsWith(".py") ? workspaceOf(abs) : null;
    if (!ws || !abs) return;
    const outcome = await parseBuffer(doc.getText(), scratch);
    // A later edit of the same buffer was parsed first: this one is stale.
    if (documents.get(doc.uri)?.version !== doc.version) return;
    ws.buffers.set(ws.relOf(abs), { text: doc.getText(), version: doc.version, outcome });
    if (options.trace) log(`${Date.now()} parsed ${doc.uri} v${doc.version}`);
    ws.schedule();
  };
  // Opening a document changes its content too (TextDocuments reports both): one handler parses it.
  documents.onDidChangeContent((e) => void bufferChanged(e.document));
  documents.onDidClose((e) => {
    const abs = fileOf(e.document.uri);
    const ws = abs ? workspaceOf(abs) : null;
    if (!ws || !abs) return;
    if (ws.buffers.delete(ws.relOf(abs))) ws.schedule();
  });

  connection.onDidChangeWatchedFiles((e) => {
    const touched = new Set<Workspace>();
    for (const c of e.changes) {
      const abs = fileOf(c.uri);
      const ws = abs ? workspaceOf(abs) : null;
      if (ws) touched.add(ws);
    }
    for (const ws of touched) ws.diskChanged();
  });

  /** The diagnostics of a file in its folder's last result. */
  const findingsIn = (abs: string): { ws: Workspace; list: RawDiagnostic[] } | null => {
    const ws = workspaceOf(abs);
    if (!ws?.result) return null;
    const rel = ws.relOf(abs);
    return { ws, list: (ws.result.diagnostics as RawDiagnostic[]).filter((d) => d.path === rel) };
  };

  connection.onCodeAction(async (params) => {
    const abs = fileOf(params.textDocument.uri);
    const found = abs ? findingsIn(abs) : null;
    if (!found || !abs) return [];
    const { ws } = found;
    // The published state's diagnostics with their fixes (an analysis of its own, made when first asked).
    const fixed = await ws.withFixes();
    if (!fixed) return [];
    const rel = ws.relOf(abs);
    const list = (fixed.diagnostics as RawDiagnostic[]).filter((d) => d.path === rel);
    const lines = ws.linesOf(abs);
    const lineOf = (l: number) => lines[l] ?? "";
    const from = { line: params.range.start.line + 1, column: codePointColumn(lineOf(params.range.start.line), params.range.start.character) };
    const to = { line: params.range.end.line + 1, column: codePointColumn(lineOf(params.range.end.line), params.range.end.character) };
    const touches = (d: RawDiagnostic): boolean => !(d.endLine < from.line || (d.endLine === from.line && d.endColumn < from.column) || d.line > to.line || (d.line === to.line && d.column > to.column));
    const actions: CodeAction[] = [];
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    if (wants(CodeActionKind.QuickFix)) {
      for (const d of list.filter(touches)) {
        const diagnostic = toLspDiagnostic(d, abs, lines);
        for (const fix of [d.fix, ...(d.alternatives ?? [])]) {
          if (!fix || fix.safety === "display-only") continue;
          actions.push({ title: `Fix: ${fix.description} (${fix.safety})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix === d.fix && fix.safety === "safe", edit: toWorkspaceEdit(fix, ws.root, (f) => ws.linesOf(f)) });
        }
        actions.push({ title: `Suppress ${d.code} on this line (# noqa: ${d.code})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [params.textDocument.uri]: [noqaEdit(d, lines)] } } });
      }
    }
    const fixAll = `${CodeActionKind.SourceFixAll}.import-doctor`;
    if (wants(fixAll) || wants(CodeActionKind.QuickFix)) {
      // Every safe fix of the file that only edits its text, none overlapping another.
      const edits: TextEdit[] = [];
      const taken: { start: number; end: number }[] = [];
      for (const d of list) {
        const fix = d.fix;
        if (!fix || fix.safety !== "safe" || fix.fileOps.length > 0 || fix.edits.some((e) => path.resolve(ws.root, e.path) !== abs)) continue;
        const spans = fix.edits.map((e) => ({ start: e.range.line, end: e.range.endLine }));
        if (spans.some((s) => taken.some((t) => s.start <= t.end && t.start <= s.end))) continue;
        taken.push(...spans);
        edits.push(...(toWorkspaceEdit(fix, ws.root, (f) => ws.linesOf(f)).changes?.[params.textDocument.uri] ?? []));
      }
      if (edits.length > 0) actions.push({ title: "Fix all safe import problems in this file", kind: fixAll, edit: { changes: { [params.textDocument.uri]: edits } } });
    }
    return actions;
  });

  /** The import under an LSP position, with the file's analysis. */
  const importUnder = (uri: string, position: { line: number; character: number }) => {
    const abs = fileOf(uri);
    const ws = abs ? workspaceOf(abs) : null;
    if (!abs || !ws?.result?.kept) return null;
    const rel = ws.relOf(abs);
    const file = ws.result.kept.find((f) => f.ctx.rel === rel);
    if (!file) return null;
    const line = position.line + 1;
    const column = codePointColumn(ws.linesOf(abs)[position.line] ?? "", position.character);
    const r = importAt(file, line, column);
    return r ? { ws, abs, rel, file, r, line, column } : null;
  };

  connection.onHover(async (params) => {
    const at = importUnder(params.textDocument.uri, params.position);
    if (!at) return null;
    const all = at.ws.result!.diagnostics as RawDiagnostic[];
    const findings = all.filter((d) => d.path === at.rel && d.line >= at.r.stmt.range.line && d.line <= at.r.stmt.range.endLine);
    // The blocked test files of a failing import: the impact of the state published, computed when first asked.
    const impact = findings.some((d) => d.runtimeError) ? await at.ws.rootCauses() : undefined;
    return { contents: { kind: "markdown", value: hoverText(at.ws.root, at.file, at.r, findings, impact) } };
  });

  connection.onDefinition((params) => {
    const at = importUnder(params.textDocument.uri, params.position);
    const target = at ? definitionAt(at.r, at.line, at.column) : null;
    return target ? { uri: uriOf(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
  });

  connection.onShutdown(() => rmSync(scratch, { recursive: true, force: true }));
  documents.listen(connection);
  connection.listen();
  return connection;
}
