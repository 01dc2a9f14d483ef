// Position conversions of the language server: code-point columns (import-doctor) and UTF-16 offsets (LSP).
import { describe, expect, it } from "vitest";
import { codePointColumn, lspRange, utf16Column } from "../src/server/positions.js";

describe("server positions", () => {
  // "é" is one UTF-16 unit, "𝒳" (U+1D4B3) two: columns after it differ between the two counts.
  const line = "x = 'é𝒳' + y";
  it("turns a code-point column into a UTF-16 offset and back", () => {
    expect(utf16Column(line, 1)).toBe(0);
    expect(utf16Column(line, 8)).toBe(8); // the closing quote: seven code points before it, 𝒳 of two units
    expect(utf16Column(line, 100)).toBe(line.length);
    for (const column of [1, 5, 6, 7, 8, 12]) expect(codePointColumn(line, utf16Column(line, column))).toBe(column);
  });
  it("gives LSP ranges 0-based, ends exclusive", () => {
    expect(lspRange([line], { line: 1, column: 12, endLine: 1, endColumn: 13 })).toEqual({ start: { line: 0, character: 12 }, end: { line: 0, character: 13 } });
  });
});
