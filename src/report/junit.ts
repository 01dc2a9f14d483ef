// `--format junit`: one test case per root cause; its failure lists the test files it keeps pytest from collecting.
import type { AnalysisResult } from "../analysis.js";

const xml = (s: string): string =>
  // XML 1.0 cannot carry most control characters at all: drop them; escape the five specials.
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

export function renderJunit(result: AnalysisResult): string {
  const causes = result.impact ?? [];
  const cases = causes.map((c) => {
    const d = result.diagnostics[c.rootCause]!;
    const name = `${d.code} ${d.path}:${d.line}: ${d.message}`;
    const body = [
      c.runtimeError ?? d.message,
      `at ${d.path}:${d.line}:${d.column}`,
      ...(c.diagnostics.length > 1 ? [`${c.diagnostics.length} diagnostics share this cause:`, ...c.diagnostics.map((i) => `  ${result.diagnostics[i]!.path}:${result.diagnostics[i]!.line}`)] : []),
      `blocks ${c.blockedTests.length} test file${c.blockedTests.length === 1 ? "" : "s"}${c.blockedTests.length ? ":" : ""}`,
      ...c.blockedTests.map((t) => `  ${t}`),
      ...(c.brokenModules.length ? [`breaks ${c.brokenModules.length} module${c.brokenModules.length === 1 ? "" : "s"}: ${c.brokenModules.join(", ")}`] : []),
      ...(c.mayBlockTests.length ? [`may block ${c.mayBlockTests.length} test file${c.mayBlockTests.length === 1 ? "" : "s"}, if it fails:`, ...c.mayBlockTests.map((t) => `  ${t}`)] : []),
      ...c.notes,
    ].join("\n");
    const open = `    <testcase classname="import-doctor.${xml(d.code)}" name="${xml(name)}" file="${xml(d.path)}" line="${d.line}">`;
    if (d.severity !== "error") return `${open}\n      <system-out>${xml(`[${d.severity}] ${body}`)}</system-out>\n    </testcase>`;
    return `${open}\n      <failure type="${xml(d.code)}" message="${xml(c.runtimeError ?? d.message)}">${xml(body)}</failure>\n    </testcase>`;
  });
  const failures = causes.filter((c) => result.diagnostics[c.rootCause]!.severity === "error").length;
  const time = (result.durationMs / 1000).toFixed(3);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="import-doctor" tests="${causes.length}" failures="${failures}" errors="0" time="${time}">`,
    `  <testsuite name="import-doctor" tests="${causes.length}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
