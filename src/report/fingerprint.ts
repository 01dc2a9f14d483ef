// A finding's identity across edits that move lines: its rule, its file and its message (which names the module and
// the name), not its position. Findings identical in all three are told apart by their order in the file.
import { sha1 } from "../cache/digest.js";
import type { Diagnostic } from "../diagnostic.js";

export const fingerprint = (d: Pick<Diagnostic, "code" | "path" | "message">): string => sha1().update(`${d.code}\0${d.path}\0${d.message}`).digest("hex").slice(0, 20);

/** Each diagnostic's fingerprint and its occurrence among those with the same one (0, 1, ...), in report order. */
export function fingerprints(list: Diagnostic[]): { fingerprint: string; occurrence: number }[] {
  const seen = new Map<string, number>();
  return list.map((d) => {
    const fp = fingerprint(d);
    const n = seen.get(fp) ?? 0;
    seen.set(fp, n + 1);
    return { fingerprint: fp, occurrence: n };
  });
}
