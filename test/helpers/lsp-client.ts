// A language-server client for tests: the built CLI's `server` as a child process, spoken to over stdio with
// vscode-jsonrpc, keeping every notification it sends.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node.js";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";

const BIN = path.join(import.meta.dirname, "..", "..", "bin", "import-doctor.js");

export class LspClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  /** The latest diagnostics published for each URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** `$/progress` notifications: what each reported (begin, report, end). */
  readonly progress: { token: unknown; value: { kind: string; title?: string; percentage?: number } }[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  constructor(env: NodeJS.ProcessEnv = process.env, nodeArgs: string[] = []) {
    this.child = spawn(process.execPath, [...nodeArgs, BIN, "server", "--stdio"], { stdio: ["pipe", "pipe", "pipe"], env });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.published.push(p);
      this.wake();
    });
    this.connection.onNotification("window/logMessage", (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    this.connection.onRequest("window/workDoneProgress/create", () => null);
    this.connection.onNotification("$/progress", (p: { token: unknown; value: { kind: string } }) => {
      this.progress.push(p);
      this.wake();
    });
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.listen();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `test` holds (checked after each notification), or rejects after `ms`. */
  async until<T>(test: () => T | undefined | null | false, ms = 20_000, what = "a condition"): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = test();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; logs:\n${this.logs.join("\n")}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async initialize(folders: string[], capabilities: object = {}): Promise<unknown> {
    const result = await this.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.map((f) => ({ uri: uri(f), name: path.basename(f) })),
      capabilities: { window: { workDoneProgress: true }, ...capabilities },
    });
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  open(file: string, text: string): void {
    this.versions.set(file, 1);
    void this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(file), languageId: "python", version: 1, text } });
  }

  /** Replaces the whole buffer. */
  change(file: string, text: string): void {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    void this.connection.sendNotification("textDocument/didChange", { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
  }

  /** The diagnostics of a file once its latest publication satisfies `test`. */
  async diagnosticsOf(file: string, test: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    return this.until(() => {
      const p = this.diagnostics.get(uri(file));
      return p && test(p.diagnostics) ? p.diagnostics : null;
    }, 20_000, what);
  }

  async close(): Promise<void> {
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      // already gone
    }
    await new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once("exit", r)));
    this.connection.dispose();
  }
}

export const uri = (file: string): string => pathToFileURL(file).href;

/** Applies LSP text edits (whole-buffer coordinates, UTF-16) to a text. */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split("\n");
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
