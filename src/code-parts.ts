// What the code cache (cli/start.ts) must know of a run when the process exits, told through a global registered
// symbol (the starter and the bundle share no module): the parts of the bundle the run used, since a cache made by a
// run that used fewer lacks their compiled code; and the V8 flags the run changed, since V8 puts its flags in the
// cache and a run with other flags rejects it.
const KEY = Symbol.for("import-doctor.code-parts");

export interface RunParts {
  parts: Set<string>;
  /** V8 flags that set the run's changes back (setFlagsFromString arguments). */
  restoreFlags: Set<string>;
}

type Holder = { [KEY]?: RunParts };

/** What this process has recorded so far. */
export function runParts(): RunParts {
  const g = globalThis as Holder;
  return (g[KEY] ??= { parts: new Set(), restoreFlags: new Set() });
}

/** Records that this run goes through `part` (a lazily loaded module, or a path through code loaded anyway). */
export function usePart(part: string): void {
  runParts().parts.add(part);
}

/** Records V8 flags to set before a code cache is made, undoing a change the run made to them. */
export function restoreFlagsBeforeCaching(flags: readonly string[]): void {
  for (const f of flags) runParts().restoreFlags.add(f);
}
