// Differential harness: writes a generated repository, runs import-doctor and python3 on it, and lists every disagreement.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { analyze, type AnalysisResult } from "../../src/analyze.js";
import type { RawDiagnostic } from "../../src/diagnostic.js";
import type { GeneratedRepo } from "./generate.js";

const RUNNER = path.join(import.meta.dirname, "..", "py", "differential.py");

export interface Disagreement {
  kind: "false-negative" | "false-positive";
  file: string;
  line: number | null;
  cpython: string;
  importDoctor: string;
  entry?: string;
}

interface Outcome {
  ok: boolean;
  error?: string;
  file?: string | null;
  line?: number | null;
  /** A statement judged on its own ran beside a stand-in for a parent package that failed on its own (an empty
   * package: it lacks every name and runs no import), so an outcome other than the predicted one is no verdict. */
  standIn?: boolean;
}

type Entry =
  | { id: string; kind: "module"; name: string; path: string[] }
  | { id: string; kind: "pytest"; name: string; basedir: string; conftests: { name: string; basedir: string }[] }
  | { id: string; kind: "statement"; name: string; path: string[]; file: string; line: number; column: number; pytest: boolean; script?: boolean }
  | { id: string; kind: "script"; file: string }
  | { id: string; kind: "compile"; file: string };

function runPython(root: string, stubs: string[], installed: string[], entries: Entry[], configured: string[] = []): Record<string, Outcome> {
  const r = spawnSync("python3", ["-P", RUNNER], { input: JSON.stringify({ root, stubs, installed, configured, entries }), encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`differential runner failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** pytest prepend mode: the first ancestor directory without __init__.py, and the dotted name from there. */
function prepend(root: string, rel: string): { name: string; basedir: string } {
  let dir = path.dirname(path.join(root, rel));
  while (existsSync(path.join(dir, "__init__.py"))) dir = path.dirname(dir);
  return { basedir: dir, name: path.relative(dir, path.join(root, rel)).replace(/\.py$/, "").split(path.sep).join(".") };
}

export function writeRepo(repo: GeneratedRepo): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "import-doctor-diff-")));
  for (const [rel, content] of Object.entries(repo.files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (!rel.endsWith("/.keep")) writeFileSync(abs, content.replaceAll("@OUTSIDE@", outsideOf(root)));
  }
  for (const [rel, content] of Object.entries(repo.outside ?? {})) {
    const abs = path.join(outsideOf(root), rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  // The environment's site-packages, beside the repository (not in it: it is not first-party code).
  for (const [rel, content] of Object.entries(repo.site ?? {})) {
    const abs = path.join(siteOf(root), rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/** Where a written repository's configured root outside it is (its files are first-party code). */
/**
 * In a directory of its own beside the repository: resolving it lists its parent, which must not be the temporary
 * directory other tests write in at the same time (the result cache would rightly see that listing change).
 */
export function outsideOf(root: string): string {
  return path.join(`${root}-outside`, "lib");
}

/** Removes a written repository and what was written beside it. */
export function removeRepo(root: string): void {
  for (const d of [root, siteOf(root), path.dirname(outsideOf(root))]) rmSync(d, { recursive: true, force: true });
}

/** Where a written repository's generated site-packages is. */
export function siteOf(root: string): string {
  return `${root}-site-packages`;
}

/** The configured roots (PYTHONPATH-like: before the standard library). */
const configuredOf = (root: string, repo: GeneratedRepo): string[] => (repo.outside ? [outsideOf(root)] : []);

/** The environment to analyse a generated repository with: its site-packages, when it has one. */
const envOf = (root: string, repo: GeneratedRepo): string | null => (Object.keys(repo.site ?? {}).length > 0 ? siteOf(root) : null);

const key = (file: string | null | undefined, line: number | null | undefined, error: string | null | undefined): string => `${file}:${line}: ${error}`;

/** What python3 says of every module and test file: the entries that fail (outside-the-model errors left out). */
function cpythonFailures(root: string, repo: GeneratedRepo, result: AnalysisResult): { entry: string; o: Outcome }[] {
  // import-doctor assumes the project is installed (editable): its roots are on sys.path after the stdlib, and so is
  // the environment's site-packages.
  const installed = [...(repo.srcLayout ? [path.join(root, "src"), root] : [root]), ...(envOf(root, repo) ? [siteOf(root)] : [])];
  // The outside library's files go by their absolute paths, as import-doctor names them.
  const pyFiles = [...Object.keys(repo.files), ...Object.keys(repo.outside ?? {}).map((f) => `${outsideOf(root)}/${f}`)].filter((f) => f.endsWith(".py"));
  const entries: Entry[] = [];
  for (const f of pyFiles) {
    if (f.startsWith("tests/") || f === "conftest.py") continue;
    const id = result.identities.get(f);
    if (id) entries.push({ id: f, kind: "module", name: id.name, path: [id.root] });
  }
  // Scripts run as `python <file>` (a module that also runs as one is imported above too).
  for (const f of result.scripts ?? []) entries.push({ id: `script:${f}`, kind: "script", file: path.join(root, f) });
  for (const f of pyFiles.filter((x) => /^tests\/test_.*\.py$/.test(x))) {
    const conftests = ["conftest.py", "tests/conftest.py"].filter((c) => repo.files[c] !== undefined).map((c) => prepend(root, c));
    entries.push({ id: f, kind: "pytest", ...prepend(root, f), conftests });
  }
  const outcomes = runPython(root, repo.stubs, installed, entries, configuredOf(root, repo));
  const failures: { entry: string; o: Outcome }[] = [];
  for (const e of entries) {
    const o = outcomes[e.id]!;
    if (o.ok) continue;
    // A file unreachable under its own name (behind a shadowing module file) has no statement to blame.
    if (!o.file && e.kind === "module" && o.error?.includes(`No module named '${e.name}'`)) continue;
    // Outside the model: `import a.b.c` after a failed, guarded `import a` that left `a.b` in sys.modules raises
    // KeyError: 'a' from importlib. import-doctor does not predict session-state errors of this kind.
    if (o.error?.startsWith("KeyError: ")) continue;
    // Outside the model too: reading an attribute of a value (the generated __getattr__ returns strings).
    if (/^AttributeError: '\w+' object has no attribute/.test(o.error ?? "")) continue;
    // The same, one step later: `import a.b.c as x` while a.b initializes reads a.b through a's __getattr__, gets a
    // string, and IMPORT_FROM then fails on it ("from '<unknown module name>'"). What __getattr__ returns is unknowable.
    if (/^ImportError: cannot import name '\w+' from '<unknown module name>'/.test(o.error ?? "")) continue;
    failures.push({ entry: e.id, o });
  }
  return failures;
}

/** The files (modules and test files) python3 fails to import or collect. */
export async function failingFiles(root: string, repo: GeneratedRepo): Promise<string[]> {
  const result = await analyze({ root, only: [], pythonVersion: "3.11", pythonEnv: envOf(root, repo), useConfig: true, select: null, ignore: [] });
  return cpythonFailures(root, repo, result).map((f) => f.entry).sort();
}

/** Runs both sides on a written repository; `tamper` lets a test break the checker on purpose. */
export async function compare(root: string, repo: GeneratedRepo, tamper?: (d: RawDiagnostic[]) => RawDiagnostic[]): Promise<Disagreement[]> {
  const result: AnalysisResult = await analyze({ root, only: [], pythonVersion: "3.11", pythonEnv: envOf(root, repo), useConfig: true, select: null, ignore: [] });
  const diagnostics = tamper ? tamper(result.diagnostics) : result.diagnostics;
  const installed = [...(repo.srcLayout ? [path.join(root, "src"), root] : [root]), ...(envOf(root, repo) ? [siteOf(root)] : [])];
  const failures = cpythonFailures(root, repo, result);
  const predicted = new Set(diagnostics.filter((d) => d.runtimeError).map((d) => key(d.path, d.line, d.runtimeError)));
  const out: Disagreement[] = [];
  // A SyntaxError names the file and line in its message, not in the traceback: "msg (helpers.py, line 3)".
  const syntaxAt = (o: Outcome): { base: string; line: number } | null => {
    const m = /^SyntaxError: .*\(([^(),]+), line (\d+)\)$/.exec(o.error ?? "");
    return m ? { base: m[1]!, line: Number(m[2]) } : null;
  };
  const syntaxMatches = (d: RawDiagnostic, at: { base: string; line: number }): boolean => d.code === "IMP000" && path.basename(d.path) === at.base && d.line === at.line;
  for (const { entry, o } of failures) {
    if (predicted.has(key(o.file, o.line, o.error))) continue;
    const at = syntaxAt(o);
    if (at && diagnostics.some((d) => syntaxMatches(d, at))) continue;
    const here = diagnostics.filter((d) => d.path === o.file && d.line === o.line).map((d) => `${d.code} ${d.severity}: ${d.runtimeError ?? d.message}`);
    out.push({ kind: "false-negative", file: o.file ?? entry, line: o.line ?? null, cpython: o.error ?? "", importDoctor: here.join(" | ") || "nothing", entry });
  }
  const seen = new Set(failures.map(({ o }) => key(o.file, o.line, o.error)));
  const syntaxSeen = failures.map(({ o }) => syntaxAt(o)).filter((x): x is { base: string; line: number } => x !== null);
  const unconfirmed = diagnostics.filter((d) => d.severity === "error" && d.runtimeError && !seen.has(key(d.path, d.line, d.runtimeError)) && !syntaxSeen.some((at) => syntaxMatches(d, at)));
  if (unconfirmed.length > 0) {
    const statements: Entry[] = unconfirmed.map((d, i): Entry => {
      // A syntax error is CPython's compile() verdict, whether or not an import ever reaches the file.
      if (d.code === "IMP000") return { id: `s${i}`, kind: "compile", file: path.resolve(root, d.path) };
      const claimed = result.identities.get(d.path);
      // A script's statement runs in `__main__`, its directory first on sys.path.
      if (d.context.startsWith("when `python ")) return { id: `s${i}`, kind: "statement", name: "__main__", path: [path.dirname(path.resolve(root, d.path))], file: path.resolve(root, d.path), line: d.line, column: d.column, pytest: false, script: true };
      const ctx = d.path.startsWith("tests/") ? prepend(root, d.path) : null;
      const name = ctx ? ctx.name : claimed?.name ?? d.path;
      const dirs = ctx ? [ctx.basedir, ...(repo.files["conftest.py"] !== undefined ? [root] : [])] : claimed ? [claimed.root] : [root];
      return { id: `s${i}`, kind: "statement", name, path: dirs, file: path.resolve(root, d.path), line: d.line, column: d.column, pytest: ctx !== null };
    });
    const alone = runPython(root, repo.stubs, installed, statements, configuredOf(root, repo));
    unconfirmed.forEach((d, i) => {
      const o = alone[`s${i}`]!;
      if (!o.ok && o.error === d.runtimeError) return;
      if (o.standIn) return;
      if (d.code === "IMP000" && !o.ok && o.error?.startsWith(`${d.runtimeError} (`)) return;
      // The statement fails first for a reason import-doctor reported elsewhere (a warning-level failure in a
      // module it imports, such as an undeclared dependency): the diagnostic is masked, not wrong.
      if (!o.ok && o.file !== d.path && predicted.has(key(o.file, o.line, o.error))) return;
      out.push({ kind: "false-positive", file: d.path, line: d.line, cpython: o.ok ? "no error" : o.error ?? "", importDoctor: `${d.code}: ${d.runtimeError}` });
    });
  }
  return out;
}

export async function checkRepo(repo: GeneratedRepo, tamper?: (d: RawDiagnostic[]) => RawDiagnostic[]): Promise<Disagreement[]> {
  const root = writeRepo(repo);
  try {
    return await compare(root, repo, tamper);
  } finally {
    removeRepo(root);
  }
}

export function formatDisagreements(list: Disagreement[]): string {
  return list.map((d) => `${d.kind} at ${d.file}:${d.line}${d.entry ? ` (entry ${d.entry})` : ""}\n    CPython:       ${d.cpython}\n    import-doctor: ${d.importDoctor}`).join("\n");
}
