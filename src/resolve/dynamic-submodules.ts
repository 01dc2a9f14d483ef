// A module that edits sys.modules, sys.meta_path or its own __path__ (six and its `six.moves` importer,
// pkgutil-style namespace packages) can provide submodules no finder on disk sees: an import of a missing submodule
// under it may succeed.
import type { EscapeHatch, ModuleFacts } from "../parse/facts.js";
import type { Resolution } from "./resolver.js";

/**
 * The statement by which a module may provide submodules dynamically, if it has one. `before`: the line of an import
 * statement in that same module: only a statement above it can have run by then (a function defined below it cannot
 * have been called; the body of one defined above it may have been).
 */
export function dynamicSubmodulesHatch(facts: ModuleFacts | null | undefined, before?: number, moduleName?: string): EscapeHatch | undefined {
  // `extend_path(__path__, "other")` adds portions of another package: none of this one's.
  const foreign = (h: EscapeHatch): boolean => h.kind === "pkgutil.extend_path" && h.target !== undefined && moduleName !== undefined && h.target !== moduleName;
  return facts?.escapeHatches.find((h) => !h.inGetattr && !foreign(h) && (h.kind === "sys.modules" || h.kind === "sys.meta_path" || h.kind === "__path__" || h.kind === "pkgutil.extend_path") && (before === undefined || h.line < before));
}

/**
 * Whether an import that resolves to nothing on disk (a missing submodule, or one under a module) is certain to
 * fail: not when a module on its way may provide it at run time.
 */
export function certainlyMissing(resolution: Resolution, factsOf: (file: string) => ModuleFacts | null | undefined, from?: { file: string; line: number }): boolean {
  if (resolution.kind !== "missing" && resolution.kind !== "not-a-package") return false;
  return !resolution.chain.some((m) => m.file !== null && dynamicSubmodulesHatch(factsOf(m.file), from && m.file === from.file ? from.line : undefined, m.name) !== undefined);
}
