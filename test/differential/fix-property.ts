// The fix property on generated repositories: --fix --unsafe-fixes never makes python3 fail where it did not,
// leaves a tree import-doctor still judges exactly, and a second run changes nothing.
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { commitChanges } from "../../src/fix/commit.js";
import { runFixes } from "../../src/fix/engine.js";
import type { GeneratedRepo } from "./generate.js";
import { compare, failingFiles, formatDisagreements, outsideOf, removeRepo, siteOf, writeRepo } from "./harness.js";

/** The repository as it is on disk now (fixes create, move and delete files). */
function reread(root: string, like: GeneratedRepo): GeneratedRepo {
  const files: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== "__pycache__" && e.name !== ".import-doctor-cache") walk(r);
      } else files[r] = readFileSync(path.join(root, r), "utf8");
    }
  };
  walk("");
  return { ...like, files };
}

const OPTIONS = { only: [], pythonVersion: "3.11", pythonEnv: null, useConfig: true, select: null, ignore: [] };

/** Problems found (empty when the property holds), and whether any fix applied at all. */
export async function checkFixes(repo: GeneratedRepo): Promise<{ problems: string[]; applied: boolean }> {
  const root = writeRepo(repo);
  const fixed = realpathSync(mkdtempSync(path.join(tmpdir(), "import-doctor-fixed-")));
  try {
    cpSync(root, fixed, { recursive: true });
    // The generated environment goes with the copy (beside it, as beside the original).
    const hasSite = Object.keys(repo.site ?? {}).length > 0;
    if (hasSite) cpSync(siteOf(root), siteOf(fixed), { recursive: true });
    // So does the configured root outside it, which the copy's configuration then names.
    if (repo.outside) {
      cpSync(outsideOf(root), outsideOf(fixed), { recursive: true });
      const toml = path.join(fixed, "pyproject.toml");
      writeFileSync(toml, readFileSync(toml, "utf8").replaceAll(outsideOf(root), outsideOf(fixed)));
    }
    const options = { ...OPTIONS, pythonEnv: hasSite ? siteOf(fixed) : null };
    const run = await runFixes({ ...options, root: fixed }, true);
    if (run.changes.length === 0) return { problems: [], applied: false };
    commitChanges(fixed, run.changes);
    const problems: string[] = [];
    const renamed = new Map(run.changes.filter((c) => c.kind === "rename").map((c) => [c.to!, c.from!]));
    const before = new Set((await failingFiles(root, repo)).map((f) => f.replace(/^script:/, "")));
    const after = reread(fixed, repo);
    // The outside root's files go by absolute path: the copy's are named as the original's. A file that runs as a
    // script is one file whether it is run or imported (a fix that removes its relative import makes it a script).
    const same = (f: string): string => {
      const file = f.replace(/^script:/, "");
      return file.startsWith(`${outsideOf(fixed)}/`) ? outsideOf(root) + file.slice(outsideOf(fixed).length) : file;
    };
    for (const f of (await failingFiles(fixed, after)).map(same)) {
      if (!before.has(renamed.get(f) ?? f)) problems.push(`python3 now fails on ${f}, which it did not before the fixes`);
    }
    const d = await compare(fixed, after);
    if (d.length > 0) problems.push(`after the fixes, import-doctor disagrees with python3:\n${formatDisagreements(d)}`);
    const again = await runFixes({ ...options, root: fixed }, true);
    if (again.changes.length > 0) problems.push(`a second --fix changes ${again.changes.map((c) => c.to ?? c.from).join(", ")}`);
    if (problems.length > 0) {
      problems.push(`fixes applied: ${run.fixed.map((x) => `${x.code} ${x.path}:${x.line} (${x.fix?.description ?? "repaired by another fix"})`).join("; ")}`);
      problems.push(`rejected: ${run.rejected.map((x) => `${x.fix.description}: ${x.reason}`).join("; ") || "none"}`);
    }
    return { problems, applied: true };
  } finally {
    removeRepo(fixed);
    removeRepo(root);
  }
}
