// The facts cache's on-disk form of a parse outcome: JSON with positional arrays for the numerous records (imports,
// bindings, attribute reads, ranges) and each distinct import context stored once per file. Loading it builds
// objects of fixed shape from literals, which is several times faster than deserialising keyed objects one
// property at a time, and it takes less than half the space. Every field is named here: adding one to the facts
// types without encoding it is a type error (the `Exhaustive` checks).
import type { AttributeUse, Binding, ImportContext, ImportedName, ImportStatement, ModuleFacts, ParseOutcome, Range } from "../parse/facts.js";

/** Compiles only when `rest` (what destructuring left over) is empty. */
type Exhaustive<T> = keyof T extends never ? true : never;
const exhaustive = <T>(_rest: T, ok: Exhaustive<T>): boolean => ok;

type R = [number, number, number, number];
type EncodedName = [string, string | null, R];
type EncodedImport = [ImportStatement["kind"], string, number, string | null, EncodedName[], R, R, number, boolean, 1?];
type EncodedBinding = [string, number, boolean, Binding["kind"]];
type EncodedUse = [string, string[], R, number];
interface EncodedFacts {
  c: ImportContext[];
  i: EncodedImport[];
  b: EncodedBinding[];
  u: EncodedUse[];
  o: Omit<ModuleFacts, "imports" | "bindings" | "attributeUses">;
}
export type EncodedOutcome = { ok: { encoding: string; facts: EncodedFacts } } | { other: Exclude<ParseOutcome, { kind: "ok" }> };

function encodeRange(r: Range): R {
  const { line, column, endLine, endColumn, ...rest } = r;
  exhaustive(rest, true);
  return [line, column, endLine, endColumn];
}

const decodeRange = (a: R): Range => ({ line: a[0], column: a[1], endLine: a[2], endColumn: a[3] });

function encodeFacts(f: ModuleFacts): EncodedFacts {
  const contexts: ImportContext[] = [];
  const index = new Map<ImportContext, number>();
  const ctx = (c: ImportContext): number => {
    let i = index.get(c);
    if (i === undefined) {
      i = contexts.length;
      index.set(c, i);
      contexts.push(c);
    }
    return i;
  };
  const { imports, bindings, attributeUses, starImports, all, allDynamic, allNonString, script, hasGetattr, getattrNames, escapeHatches, attributeStores, suppressions, syntaxErrors, ...rest } = f;
  exhaustive(rest, true);
  return {
    c: contexts,
    i: imports.map((s): EncodedImport => {
      const { kind, module, level, alias, names, range, moduleRange, context, future, dynamic, ...more } = s;
      exhaustive(more, true);
      const encodedNames = names.map((n: ImportedName): EncodedName => {
        const { name, alias: as, range: r, ...extra } = n;
        exhaustive(extra, true);
        return [name, as, encodeRange(r)];
      });
      const row: EncodedImport = [kind, module, level, alias, encodedNames, encodeRange(range), encodeRange(moduleRange), ctx(context), future];
      if (dynamic) row.push(1);
      return row;
    }),
    b: bindings.map((b): EncodedBinding => {
      const { name, line, conditional, kind, ...more } = b;
      exhaustive(more, true);
      return [name, line, conditional, kind];
    }),
    u: attributeUses.map((u: AttributeUse): EncodedUse => {
      const { base, path, range, context, ...more } = u;
      exhaustive(more, true);
      return [base, path, encodeRange(range), ctx(context)];
    }),
    o: { starImports, all, allDynamic, ...(allNonString ? { allNonString } : {}), ...(script ? { script } : {}), hasGetattr, getattrNames, escapeHatches, attributeStores, suppressions, syntaxErrors },
  };
}

function decodeFacts(e: EncodedFacts): ModuleFacts {
  const c = e.c;
  const o = e.o;
  return {
    imports: e.i.map((s) => ({ kind: s[0], module: s[1], level: s[2], alias: s[3], names: s[4].map((n) => ({ name: n[0], alias: n[1], range: decodeRange(n[2]) })), range: decodeRange(s[5]), moduleRange: decodeRange(s[6]), context: c[s[7]]!, future: s[8], ...(s[9] === 1 ? { dynamic: true as const } : {}) })),
    bindings: e.b.map((b) => ({ name: b[0], line: b[1], conditional: b[2], kind: b[3] })),
    starImports: o.starImports,
    all: o.all,
    allDynamic: o.allDynamic,
    ...(o.allNonString ? { allNonString: o.allNonString } : {}),
    ...(o.script ? { script: o.script } : {}),
    hasGetattr: o.hasGetattr,
    getattrNames: o.getattrNames ?? null,
    escapeHatches: o.escapeHatches,
    attributeUses: e.u.map((u) => ({ base: u[0], path: u[1], range: decodeRange(u[2]), context: c[u[3]]! })),
    attributeStores: o.attributeStores,
    suppressions: o.suppressions,
    syntaxErrors: o.syntaxErrors,
  };
}

export function encodeOutcome(outcome: ParseOutcome): EncodedOutcome {
  if (outcome.kind !== "ok") return { other: outcome };
  const { kind: _kind, encoding, facts, ...rest } = outcome;
  exhaustive(rest, true);
  return { ok: { encoding, facts: encodeFacts(facts) } };
}

export function decodeOutcome(e: EncodedOutcome): ParseOutcome {
  return "ok" in e ? { kind: "ok", facts: decodeFacts(e.ok.facts), encoding: e.ok.encoding } : e.other;
}
