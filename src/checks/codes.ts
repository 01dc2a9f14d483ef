// The rule codes, for validating codes where users write them (--select, --ignore, configuration, per-file-ignores,
// noqa comments) without loading the rules themselves. test/codes.test.ts keeps it equal to the registry.
import { closeMatches } from "./similar.js";

export const RULE_CODES = ["IMP000", "IMP001", "IMP002", "IMP003", "IMP004", "IMP005", "IMP006", "IMP007", "IMP008", "IMP009", "IMP010"] as const;

/** The rule names by code, as `import-doctor rules` prints them (kept equal to the registry by the same test). */
export const RULE_NAMES: Record<string, string> = {
  IMP000: "syntax-error",
  IMP001: "unresolved-import",
  IMP002: "unknown-import-name",
  IMP003: "module-shadows-package",
  IMP004: "deprecated-module",
  IMP005: "undeclared-dependency",
  IMP006: "stdlib-shadow",
  IMP007: "circular-import",
  IMP008: "relative-import-error",
  IMP009: "removed-dependency-api",
  IMP010: "unused-suppression",
};

/** Whether `selector` (a code, a prefix of codes such as `IMP` or `IMP00`, or `ALL`) names at least one rule. */
export function isKnownSelector(selector: string): boolean {
  const s = selector.toUpperCase();
  return s === "ALL" || RULE_CODES.some((c) => c.startsWith(s) && /^IMP\d*$/.test(s));
}

/** `unknown rule code 'IMP02'` with the closest code or rule name when there is one. */
export function unknownCodeMessage(selector: string): string {
  const byName = Object.entries(RULE_NAMES).find(([, name]) => name === selector.toLowerCase());
  const guess = byName ? byName[0] : closeMatches(selector.toUpperCase(), [...RULE_CODES], 1)[0];
  return `unknown rule code '${selector}'${guess ? ` (did you mean ${guess}?)` : ""}`;
}

/** The first unknown selector of a list, as a message, or null when every one is known. */
export function checkSelectors(selectors: string[]): string | null {
  const bad = selectors.find((s) => !isKnownSelector(s));
  return bad === undefined ? null : unknownCodeMessage(bad);
}
