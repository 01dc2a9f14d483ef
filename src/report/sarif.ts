// `--format sarif`: SARIF 2.1.0 for code-scanning tools, with the rules' metadata.
import { pathToFileURL } from "node:url";
import type { AnalysisResult } from "../analysis.js";
import type { RuleMeta } from "../checks/types.js";
import type { Fix } from "../fix/types.js";
import { RULES_DOC_URL, ruleAnchor } from "../version.js";
import { fingerprints } from "./fingerprint.js";

const uri = (p: string): { uri: string; uriBaseId: string } => ({ uri: p.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" });

/** SARIF's fix object: text replacements per file, new files as an insertion; it has no moves or deletions. */
function sarifFix(fix: Fix): object | null {
  if (fix.safety === "display-only" || fix.fileOps.some((o) => o.op !== "create")) return null;
  const byPath = new Map<string, object[]>();
  const add = (p: string, r: object): void => void (byPath.get(p) ?? byPath.set(p, []).get(p)!).push(r);
  for (const e of fix.edits) add(e.path, { deletedRegion: { startLine: e.range.line, startColumn: e.range.column, endLine: e.range.endLine, endColumn: e.range.endColumn }, insertedContent: { text: e.newText } });
  for (const o of fix.fileOps) add(o.path, { deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }, insertedContent: { text: o.content ?? "" } });
  return { description: { text: fix.description }, artifactChanges: [...byPath].map(([p, replacements]) => ({ artifactLocation: uri(p), replacements })), properties: { safety: fix.safety } };
}

export function renderSarif(result: AnalysisResult, rules: RuleMeta[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const level = (s: string): "error" | "warning" | "note" => (s === "error" ? "error" : s === "warning" ? "warning" : "note");
  // Rule, file and message (not the line), and the occurrence among equal ones: code scanning follows an alert across
  // commits that move it.
  const prints = fingerprints(result.diagnostics);
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "import-doctor",
            version,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.summary, markdown: r.docs },
              help: { text: r.summary, markdown: r.docs },
              helpUri: `${RULES_DOC_URL}#${ruleAnchor(r.code, r.name)}`,
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(result.root.endsWith("/") ? result.root : `${result.root}/`).href } },
        results: result.diagnostics.map((d, i) => ({
          ruleId: d.code,
          partialFingerprints: { "importDoctorFinding/v1": `${prints[i]!.fingerprint}:${prints[i]!.occurrence}` },
          ...(index.has(d.code) ? { ruleIndex: index.get(d.code)! } : {}),
          level: level(d.severity),
          message: { text: d.runtimeError ? `${d.message}. At runtime: ${d.runtimeError}` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: uri(d.path),
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
          ...(d.fix && sarifFix(d.fix) ? { fixes: [sarifFix(d.fix)] } : {}),
          properties: { context: d.context, notes: d.notes, ...(d.runtimeError ? { runtimeError: d.runtimeError } : {}), ...(d.fix ? { fix: d.fix } : {}) },
        })),
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
