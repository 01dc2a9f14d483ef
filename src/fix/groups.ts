// Repairs per root cause: the diagnostics that share a cause (the impact analysis's grouping) are repaired by one fix
// group, built from each diagnostic's candidate of one strategy, and planned, verified and applied as a whole.
import type { RawDiagnostic } from "../diagnostic.js";
import { UserError } from "../errors.js";
import { showChoice as show, type Choice } from "./choice.js";
import { causeKey } from "../graph/impact.js";
import { selectPass } from "./apply.js";
import { applicable, editKey, fixKey, leastSafe, opKey, type Fix } from "./types.js";

export interface FixGroup {
  key: string;
  /** The diagnostics of the cause (those with a candidate), in report order. */
  diagnostics: RawDiagnostic[];
  /** Every candidate repair, best first, each a merge of its members' candidates of one strategy (numbered from 1 for `--choose`). */
  options: Fix[];
  /** The options `--fix` tries, in order: those of an applicable safety, or the one `--choose` picked. */
  candidates: Fix[];
  /** Candidates left out because of their safety (unsafe fixes not asked for). */
  unsafeSkipped: number;
  /** The `--choose` that picked this group's candidate, if one did. */
  chosen: Choice | null;
}

export const candidatesOf = (d: RawDiagnostic): Fix[] => [...(d.fix ? [d.fix] : []), ...(d.alternatives ?? [])];

const strategyOf = (f: Fix): string => f.strategy ?? f.description;

/** One fix made of several: their edits and file operations (shared ones once), as safe as the least safe. */
export function mergeFixes(members: Fix[]): Fix {
  const unique = [...new Map(members.map((f) => [fixKey(f), f])).values()];
  if (unique.length === 1) return unique[0]!;
  // Parts that clash (two edits of one statement) cannot go together: the first ones do, the rest wait a pass.
  const fitting = selectPass(unique);
  const edits = [...new Map(fitting.flatMap((f) => f.edits).map((e) => [editKey(e), e])).values()];
  const fileOps = [...new Map(fitting.flatMap((f) => f.fileOps).map((o) => [opKey(o), o])).values()];
  // One member's description may be another's beginning (the move alone, the move and a re-export): the longer says both.
  const all = [...new Set(fitting.map((f) => f.description))];
  const descriptions = all.filter((d) => !all.some((o) => o !== d && o.startsWith(d)));
  return { strategy: fitting[0]!.strategy, safety: leastSafe(...fitting.map((f) => f.safety)), description: descriptions.join("; "), edits, fileOps };
}

export type { Choice };

export class ChoiceError extends UserError {}

const matches = (c: Choice, d: RawDiagnostic): boolean => c.code === d.code && c.path === d.path && c.line === d.line;

/** The fix groups of an analysis's diagnostics, in the order of their first diagnostic. */
export function fixGroups(diagnostics: RawDiagnostic[], unsafe: boolean, choices: Choice[] = []): FixGroup[] {
  const byKey = new Map<string, RawDiagnostic[]>();
  for (const d of diagnostics) {
    if (candidatesOf(d).length === 0) continue;
    const k = causeKey(d);
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(d);
  }
  const groups: FixGroup[] = [];
  for (const [key, members] of byKey) {
    // A candidate's key: its strategy, numbered when one diagnostic has several of it (two edges of one cycle).
    const lists = members.map((d) => {
      const seen = new Map<string, number>();
      return candidatesOf(d).map((f) => {
        const n = seen.get(strategyOf(f)) ?? 0;
        seen.set(strategyOf(f), n + 1);
        return { key: `${strategyOf(f)}#${n}`, f };
      });
    });
    const strategies: string[] = [];
    for (let r = 0; r < Math.max(...lists.map((l) => l.length)); r++) {
      for (const l of lists) if (l[r] && !strategies.includes(l[r]!.key)) strategies.push(l[r]!.key);
    }
    const all = strategies.map((s) => mergeFixes(lists.map((l) => (l.find((x) => x.key === s) ?? l[0]!).f)));
    const unique = [...new Map(all.map((f) => [fixKey(f), f])).values()];
    const chosen = choices.find((c) => members.some((d) => matches(c, d))) ?? null;
    const picked = chosen ? unique[chosen.n - 1] : undefined;
    if (chosen && !picked) throw new ChoiceError(`--choose ${show(chosen)}: that cause has ${unique.length === 1 ? "one candidate" : `${unique.length} candidates`}`);
    if (picked && !applicable(picked.safety, unsafe)) throw new ChoiceError(`--choose ${show(chosen!)}: "${picked.description}" is ${picked.safety === "unsafe" ? "unsafe: add --unsafe-fixes" : "display-only: it is never applied"}`);
    const candidates = picked ? [picked] : unique.filter((f) => applicable(f.safety, unsafe));
    groups.push({ key, diagnostics: members, options: unique, candidates, unsafeSkipped: unique.filter((f) => f.safety === "unsafe" && !unsafe).length, chosen });
  }
  return groups;
}
