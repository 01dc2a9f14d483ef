// IMP004's fix: rewrite the import to the catalogue's replacement, keeping every bound name working.
import { normaliseDist } from "../../config/dependencies.js";
import { addDependencyEdit } from "../pyproject.js";
import { leastSafe, type Fix, type TextEdit } from "../types.js";
import type { Fixer } from "./context.js";

const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

export const fixDeprecatedModule: Fixer = async (_d, { file, result }, fx) => {
  const stmt = result.stmt;
  const entry = fx.cc.deprecated.lookup(result.absolute ?? stmt.module, fx.cc.minor);
  if (!entry) return null;
  const src = fx.source(file.ctx.abs);
  const displayOnly = (why: string): Fix => ({ safety: "display-only", description: why, edits: [], fileOps: [] });
  if (!entry.replacement || !DOTTED.test(entry.replacement)) return displayOnly(`migrate by hand${entry.replacement ? ` to ${entry.replacement}` : ""}${entry.reference ? ` (see ${entry.reference})` : ""}`);
  if (!src) return null;
  if (stmt.kind === "import" && !stmt.alias && stmt.module.includes(".")) {
    // `import a.b` binds `a`; the code reads `a.b.x`, which a new import line alone cannot redirect.
    return displayOnly(`the code reads \`${stmt.module}\` through \`${stmt.module.split(".")[0]}\`: migrate it by hand to \`${entry.replacement}\``);
  }
  // A submodule of a moved package moves with it (`langchain.llms.openai` -> `langchain_community.llms.openai`).
  const submodule = stmt.module !== entry.module;
  const replacement = entry.replacement + stmt.module.slice(entry.module.length);
  const edits: TextEdit[] = [];
  const rel = file.ctx.rel;
  // Names the code takes from the old module: imported by name, or read as attributes of the bound module.
  let used: string[];
  if (stmt.kind === "from") {
    used = stmt.names.map((n) => n.name);
    edits.push({ path: rel, range: stmt.moduleRange, newText: replacement });
  } else {
    const bound = stmt.alias ?? stmt.module;
    used = (await fx.use(file.ctx.abs, bound)).attributes;
    const single = stmt.range.line === stmt.moduleRange.line && stmt.range.column + "import ".length === stmt.moduleRange.column && stmt.range.endColumn === stmt.moduleRange.endColumn && stmt.range.endLine === stmt.moduleRange.endLine;
    const dot = replacement.lastIndexOf(".");
    if (stmt.alias) edits.push({ path: rel, range: stmt.moduleRange, newText: `${replacement} as ${stmt.alias}` });
    else if (single && dot > 0) edits.push({ path: rel, range: stmt.range, newText: `from ${replacement.slice(0, dot)} import ${replacement.slice(dot + 1)} as ${stmt.module}` });
    else edits.push({ path: rel, range: stmt.moduleRange, newText: `${replacement} as ${stmt.module}` });
  }
  const missing = used.filter((n) => entry.noEquivalent?.includes(n));
  if (missing.length > 0) {
    return displayOnly(`\`${replacement}\` has no equivalent of ${missing.map((n) => `\`${n}\``).join(", ")}: migrate by hand${entry.reference ? ` (see ${entry.reference})` : ""}`);
  }
  let safety = submodule ? leastSafe(entry.fixSafety, "unsafe") : entry.fixSafety;
  let description = `Replace \`${entry.module}\` with \`${replacement}\``;
  const dist = entry.replacementDistribution;
  if (dist && !fx.cc.deps.distributions.has(normaliseDist(dist))) {
    const py = fx.source("pyproject.toml");
    const added = py ? addDependencyEdit("pyproject.toml", py.text, dist) : { why: "the repository has no pyproject.toml" };
    safety = leastSafe(safety, "unsafe");
    if ("edit" in added) {
      edits.push(added.edit);
      description += ` and declare \`${dist}\` in pyproject.toml`;
    } else description += ` (declare \`${dist}\` yourself: ${added.why})`;
  }
  return { safety, description, edits, fileOps: [] };
};
