// `--format sarif`: SARIF 2.1.0 for code-scanning tools, with the rules' metadata.
import { pathToFileURL } from "node:url";
import type { AnalysisResult } from "../analyze.js";
import type { RuleMeta } from "../checks/types.js";

export function renderSarif(result: AnalysisResult, rules: RuleMeta[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const level = (s: string): "error" | "warning" | "note" => (s === "error" ? "error" : s === "warning" ? "warning" : "note");
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
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(result.root.endsWith("/") ? result.root : `${result.root}/`).href } },
        results: result.diagnostics.map((d) => ({
          ruleId: d.code,
          ...(index.has(d.code) ? { ruleIndex: index.get(d.code)! } : {}),
          level: level(d.severity),
          message: { text: d.runtimeError ? `${d.message}. At runtime: ${d.runtimeError}` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.path.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" },
                region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
              },
            },
          ],
          properties: { context: d.context, notes: d.notes, ...(d.runtimeError ? { runtimeError: d.runtimeError } : {}) },
        })),
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
