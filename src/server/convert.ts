// import-doctor's diagnostics and fixes as LSP's: diagnostics with related information, fixes as workspace edits.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic as LspDiagnostic, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import type { RawDiagnostic } from "../diagnostic.js";
import type { Fix } from "../fix/types.js";
import { RULES_DOC_URL, ruleAnchor } from "../version.js";
import { lspRange } from "./positions.js";

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** The text of a file as the client last sent it (an open buffer) or as it is on disk, split in lines. */
export type LinesOf = (abs: string) => readonly string[];

export const uriOf = (abs: string): string => pathToFileURL(abs).href;

export function toLspDiagnostic(d: RawDiagnostic, abs: string, lines: readonly string[]): LspDiagnostic {
  const range = lspRange(lines, d);
  const here = { uri: uriOf(abs), range };
  const related = [
    ...(d.runtimeError ? [{ location: here, message: `runtime: ${d.runtimeError}` }] : []),
    { location: here, message: `context: ${d.context}` },
    ...d.notes.map((n) => ({ location: here, message: `note: ${n}` })),
  ];
  return {
    range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: `${RULES_DOC_URL}#${ruleAnchor(d.code, d.rule)}` },
    source: "import-doctor",
    message: d.message,
    relatedInformation: related,
    data: { path: d.path, line: d.line, column: d.column, code: d.code },
  };
}

/** A fix as a workspace edit: text edits per file, then its file operations (created, moved, deleted files). */
export function toWorkspaceEdit(fix: Fix, root: string, lines: LinesOf): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    const abs = path.resolve(root, e.path);
    const list = byFile.get(abs) ?? byFile.set(abs, []).get(abs)!;
    list.push({ range: lspRange(lines(abs), e.range), newText: e.newText });
  }
  if (fix.fileOps.length === 0) return { changes: Object.fromEntries([...byFile].map(([abs, edits]) => [uriOf(abs), edits])) };
  const documentChanges: NonNullable<WorkspaceEdit["documentChanges"]> = [...byFile].map(([abs, edits]) => ({ textDocument: { uri: uriOf(abs), version: null }, edits }));
  for (const op of fix.fileOps) {
    const uri = uriOf(path.resolve(root, op.path));
    if (op.op === "create") {
      documentChanges.push({ kind: "create", uri, options: { ignoreIfExists: false } });
      if (op.content) documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: op.content }] });
    } else if (op.op === "move" && op.to !== undefined) documentChanges.push({ kind: "rename", oldUri: uri, newUri: uriOf(path.resolve(root, op.to)) });
    else if (op.op === "delete") documentChanges.push({ kind: "delete", uri });
  }
  return { documentChanges };
}

/** `# noqa: CODE` on the diagnostic's first line (added to a noqa comment that is there already). */
export function noqaEdit(d: RawDiagnostic, lines: readonly string[]): TextEdit {
  const text = lines[d.line - 1] ?? "";
  const m = /#\s*noqa:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)/i.exec(text);
  if (m) {
    const end = m.index + m[0].length;
    return { range: { start: { line: d.line - 1, character: end }, end: { line: d.line - 1, character: end } }, newText: `, ${d.code}` };
  }
  const trimmed = text.replace(/\s+$/, "");
  return { range: { start: { line: d.line - 1, character: trimmed.length }, end: { line: d.line - 1, character: text.length } }, newText: `  # noqa: ${d.code}` };
}
