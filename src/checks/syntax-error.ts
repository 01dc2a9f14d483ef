// IMP000 syntax-error: a file CPython cannot compile (syntax error, bad encoding) or that cannot be read.
import type { RawDiagnostic } from "../diagnostic.js";
import type { FileAnalysis, RuleMeta } from "./types.js";

export const syntaxError: RuleMeta = {
  code: "IMP000",
  name: "syntax-error",
  summary: "A file that cannot be read, decoded or parsed",
  docs: `## What it does
Reports files that CPython would refuse to compile: syntax errors (tree-sitter recovers, so the imports that did
parse are still checked), undecodable bytes under the file's PEP 263 encoding, null bytes, and unreadable files.
Files over 10 MB are skipped with an info diagnostic.

## Why is this bad?
Importing the file raises \`SyntaxError\` before any of its imports run.`,
};

function base(file: FileAnalysis): Omit<RawDiagnostic, "message" | "runtimeError" | "notes" | "severity"> {
  return {
    code: syntaxError.code,
    rule: syntaxError.name,
    path: file.ctx.rel,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    context: file.ctx.describe,
    module: file.ctx.identities[0]?.name ?? null,
    name: null,
    fix: null,
    statementLines: [1, 1],
  };
}

/** A directory of the repository that could not be listed: its modules are not analysed, and an import of one fails. */
export function unreadableDirectory(rel: string): RawDiagnostic {
  return {
    code: syntaxError.code,
    rule: syntaxError.name,
    path: rel,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    severity: "warning",
    message: `Cannot read the directory ${rel}/ (permission denied): the modules in it are not checked`,
    runtimeError: null,
    context: "when the repository is read",
    module: null,
    name: null,
    notes: ["an import of a module in it fails with ModuleNotFoundError for a user who cannot read it either"],
    fix: null,
    statementLines: [1, 1],
  };
}

export function checkSyntax(file: FileAnalysis): RawDiagnostic[] {
  const o = file.outcome;
  switch (o.kind) {
    case "undecodable":
      return [{ ...base(file), severity: "error", message: `Cannot decode the file: ${o.message}`, runtimeError: `SyntaxError: ${o.message}`, notes: ["CPython reads source as UTF-8 unless a PEP 263 coding cookie on line 1 or 2 says otherwise"] }];
    case "unreadable":
      return [{ ...base(file), severity: "error", message: `Cannot read the file: ${o.message}`, runtimeError: null, notes: [] }];
    case "parse-failed":
      return [{ ...base(file), severity: "info", message: `Skipped: the file could not be analysed (${o.message})`, runtimeError: null, notes: [] }];
    case "too-large":
      return [{ ...base(file), severity: "info", message: `Skipped: the file is ${(o.size / 1048576).toFixed(1)} MB, over the 10 MB limit`, runtimeError: null, notes: [] }];
    case "ok": {
      const errs = o.facts.syntaxErrors;
      if (errs.length === 0) return [];
      const first = errs[0]!;
      return [{
        ...base(file),
        ...first.range,
        statementLines: [first.range.line, first.range.endLine],
        severity: "error",
        message: `Syntax error: ${first.message}${errs.length > 1 ? ` (and ${errs.length - 1} more)` : ""}; imports that parsed are still checked`,
        // IndentationError and TabError are SyntaxError subclasses that CPython names themselves.
        runtimeError: first.confirmed ? (/^(IndentationError|TabError): /.test(first.message) ? first.message : `SyntaxError: ${first.message}`) : "SyntaxError: invalid syntax",
        notes: errs.slice(1, 4).map((e) => `also at ${e.range.line}:${e.range.column}: ${e.message}`),
      }];
    }
  }
}
