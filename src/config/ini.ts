// A small INI reader with pytest/iniconfig and configparser semantics: sections, `key = value`, indented continuation lines.
import { UserError } from "../errors.js";

export type IniSections = Map<string, Map<string, string>>;

export class IniError extends UserError {}

export function parseIni(text: string, fileName: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | null = null;
  let lastKey: string | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (/^\s*[#;]/.test(raw) || raw.trim() === "") {
      if (raw.trim() === "") lastKey = lastKey; // blank lines do not end a continuation in configparser
      return;
    }
    if (/^\s/.test(raw) && current && lastKey !== null) {
      current.set(lastKey, `${current.get(lastKey) ?? ""}\n${raw.trim()}`);
      return;
    }
    const sec = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (sec) {
      current = sections.get(sec[1]!.trim()) ?? new Map();
      sections.set(sec[1]!.trim(), current);
      lastKey = null;
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv && current) {
      lastKey = kv[1]!.trim();
      current.set(lastKey, kv[2]!.replace(/\s+[#;].*$/, "").trim());
      return;
    }
    if (!current) throw new IniError(`${fileName}:${i + 1}: content outside of a section`);
    throw new IniError(`${fileName}:${i + 1}: cannot parse line: ${raw.trim()}`);
  });
  return sections;
}

/** Splits a multi-line or whitespace-separated ini value into items. */
export function iniList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(/[\s]+/).map((s) => s.trim()).filter(Boolean);
}

/** Splits a multi-line ini value into lines (for requirement lists where items contain spaces). */
export function iniLines(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split("\n").map((s) => s.replace(/\s+#.*$/, "").trim()).filter(Boolean);
}
