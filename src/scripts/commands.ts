// The scripts a repository's own commands run: `python tools/report.py` in a Makefile, tox.ini, a justfile or a CI
// workflow at the root. These are shell text, not Python: a pattern finds the interpreter and the path it runs.
// And the modules its console scripts import (`[project.scripts]`), which run as modules, not as scripts.
import path from "node:path";
import type { FsView } from "../resolve/fs.js";
import { readTextFile } from "../read-text.js";

/** Files at the root, and the CI directories' YAML files, whose commands are read. */
const AT_ROOT = ["Makefile", "makefile", "GNUmakefile", "justfile", "tox.ini", ".gitlab-ci.yml", "azure-pipelines.yml", ".pre-commit-config.yaml"];
const CI_DIRS = [".github/workflows", ".circleci"];

/**
 * `python`, `python3`, `python3.12`, `py` (with flags that take no value: `-u`, `-O`, `-B`, `-X dev` aside) and then
 * a path ending in `.py`. `python -m x`, `python -c "…"` name no file.
 */
const COMMAND = /(?:^|[\s;&|(`"'=])(?:[\w./-]*\/)?(?:python(?:\d+(?:\.\d+)?)?|py)((?:\s+-[A-Za-bd-ln-zA-Z]+)*)\s+((?:\.\/|\{toxinidir\}\/|\$\{?\{?\s*github\.workspace\s*\}?\}?\/)?[\w./-]+\.py)(?=$|[\s;&|)`"'])/gm;

/** Repo-relative paths of the Python files the commands run (whether or not they exist). */
export function commandScripts(root: string, fs: FsView): Set<string> {
  const files = AT_ROOT.filter((n) => fs.kind(root, n) === "file").map((n) => path.join(root, n));
  for (const dir of CI_DIRS) {
    const abs = path.join(root, dir);
    for (const [name, kind] of fs.list(abs)) if (kind === "file" && /\.ya?ml$/.test(name)) files.push(path.join(abs, name));
  }
  const out = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readTextFile(file);
    } catch {
      continue; // unreadable: it names no script
    }
    for (const m of text.matchAll(COMMAND)) {
      const p = m[2]!.replace(/^(\.\/|\{toxinidir\}\/|\$\{?\{?\s*github\.workspace\s*\}?\}?\/)/, "");
      const rel = path.posix.normalize(p);
      if (!rel.startsWith("../") && !path.posix.isAbsolute(rel)) out.add(rel);
    }
  }
  return out;
}

/** The modules `[project.scripts]` and `[project.gui-scripts]` name (`tool = "pkg.cli:main"` names `pkg.cli`). */
export function entryPointModules(pyproject: Record<string, unknown> | null): string[] {
  const project = pyproject?.project as Record<string, unknown> | undefined;
  const out: string[] = [];
  for (const key of ["scripts", "gui-scripts"]) {
    const table = project?.[key];
    if (typeof table !== "object" || table === null) continue;
    for (const target of Object.values(table)) {
      const m = typeof target === "string" ? /^\s*([\w.]+)\s*(?::|$)/.exec(target) : null;
      if (m) out.push(m[1]!);
    }
  }
  return out;
}
