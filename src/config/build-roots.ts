// Where a project's importable packages live, as its build backend is told: the directories an installed (or
// editable) project puts on sys.path, relative to the project's directory. `lib/` in a `where = ["lib"]` layout is
// such a root: its `lib/pkg/` is `pkg`, not `lib.pkg`.
//   setuptools  [tool.setuptools] package-dir = {"" = "lib"}, [tool.setuptools.packages.find] where = ["lib"];
//               setup.cfg [options] package_dir = =lib, [options.packages.find] where = lib
//   hatch       [tool.hatch.build(.targets.wheel)] packages = ["lib/pkg"], sources = ["lib"] or {"lib" = ""}
//   poetry      [tool.poetry] packages = [{ include = "pkg", from = "lib" }]
//   pdm         [tool.pdm.build] package-dir = "lib"
//   maturin     [tool.maturin] python-source = "python"
// flit finds its module at the top or in src/, which every layout already tries.
import type { IniSections } from "./ini.js";

type Table = Record<string, unknown>;

const table = (v: unknown): Table | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Table) : undefined);
const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** A relative directory as written, normalised (`./lib/` -> `lib`); null for the project's own directory or an escape. */
function clean(dir: string): string | null {
  const parts = dir.replace(/\\/g, "/").split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0 || parts.includes("..")) return null;
  return parts.join("/");
}

/** The package roots `pyproject.toml` (and `setup.cfg`, when given) name, relative to the project's directory. */
export function buildRoots(pyproject: Table | null, setupCfg: IniSections | null): string[] {
  const out: string[] = [];
  const add = (dir: string | null | undefined): void => {
    const c = dir === null || dir === undefined ? null : clean(dir);
    if (c !== null && !out.includes(c)) out.push(c);
  };
  const tool = table(pyproject?.tool);
  // setuptools
  const setuptools = table(tool?.setuptools);
  const pkgDir = table(setuptools?.["package-dir"]);
  if (typeof pkgDir?.[""] === "string") add(pkgDir[""] as string);
  const find = table(table(setuptools?.packages)?.find);
  for (const w of strings(find?.where)) add(w);
  // setup.cfg: `package_dir = =lib` (or on its own line), `[options.packages.find] where = lib`
  const options = setupCfg?.get("options");
  for (const line of (options?.get("package_dir") ?? "").split("\n")) {
    const m = /^\s*=\s*(\S+)\s*$/.exec(line);
    if (m) add(m[1]);
  }
  for (const w of (setupCfg?.get("options.packages.find")?.get("where") ?? "").split(/\s+/)) if (w) add(w);
  // hatch: the wheel target's settings, or the build's
  const hatchBuild = table(table(tool?.hatch)?.build);
  for (const b of [table(table(hatchBuild?.targets)?.wheel), hatchBuild]) {
    for (const p of strings(b?.packages)) {
      // `lib/pkg` is collected as `pkg`: its parent is the root.
      const c = clean(p);
      if (c && c.includes("/")) add(c.slice(0, c.lastIndexOf("/")));
    }
    const sources = b?.sources;
    if (Array.isArray(sources)) for (const s of strings(sources)) add(s);
    else for (const [from, to] of Object.entries(table(sources) ?? {})) if (to === "") add(from);
  }
  // poetry
  const poetryPackages = table(tool?.poetry)?.packages;
  if (Array.isArray(poetryPackages)) for (const p of poetryPackages) add(typeof table(p)?.from === "string" ? (table(p)!.from as string) : null);
  // pdm-backend
  const pdmDir = table(table(tool?.pdm)?.build)?.["package-dir"];
  if (typeof pdmDir === "string") add(pdmDir);
  // maturin
  const pySource = table(tool?.maturin)?.["python-source"];
  if (typeof pySource === "string") add(pySource);
  return out;
}
