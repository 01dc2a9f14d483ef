// config/: [tool.import-doctor], pytest's configuration precedence, declared dependencies, INI parsing.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectDependencies } from "../src/config/dependencies.js";
import { parseIni } from "../src/config/ini.js";
import { loadPytestConfig } from "../src/config/pytest.js";
import { ConfigError, loadSettings } from "../src/config/settings.js";
import { makeRepo } from "./helpers/tmp.js";

describe("loadSettings", () => {
  it("reads [tool.import-doctor] with kebab-case keys", () => {
    const root = makeRepo({ "pyproject.toml": '[tool.import-doctor]\nroots = ["lib"]\npython-version = "3.10"\nignore = ["IMP004"]\n[tool.import-doctor.per-file-ignores]\n"tests/*" = ["IMP005"]\n' });
    const { settings } = loadSettings(root, true);
    expect(settings).toMatchObject({ roots: ["lib"], pythonVersion: "3.10", ignore: ["IMP004"], perFileIgnores: { "tests/*": ["IMP005"] } });
  });
  it("names an unknown key", () => {
    const root = makeRepo({ "pyproject.toml": "[tool.import-doctor]\nselekt = []\n" });
    expect(() => loadSettings(root, true)).toThrow(/unknown key 'selekt'/);
  });
  it("turns invalid TOML into a one-line ConfigError", () => {
    const root = makeRepo({ "pyproject.toml": "[project\nname = 1\n" });
    expect(() => loadSettings(root, true)).toThrow(ConfigError);
  });
  it("ignores the table with --no-config", () => {
    const root = makeRepo({ "pyproject.toml": "[tool.import-doctor]\nselekt = []\n" });
    expect(loadSettings(root, false).settings.roots).toEqual([]);
  });
});

describe("loadPytestConfig", () => {
  it("prefers pytest.ini even when empty, over pyproject", () => {
    const root = makeRepo({ "pytest.ini": "", "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["t"]\n' });
    expect(loadPytestConfig(root, null)).toMatchObject({ source: "pytest.ini", testpaths: [] });
  });
  it("reads pyproject, tox.ini and setup.cfg sections, and --import-mode from addopts", () => {
    expect(loadPytestConfig(makeRepo({ "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["src"]\naddopts = "-q --import-mode=importlib"\n' }), null))
      .toMatchObject({ source: "pyproject.toml", testpaths: ["tests"], pythonpath: ["src"], importMode: "importlib" });
    expect(loadPytestConfig(makeRepo({ "tox.ini": "[pytest]\npython_files = check_*.py\n" }), null)).toMatchObject({ source: "tox.ini", pythonFiles: ["check_*.py"] });
    expect(loadPytestConfig(makeRepo({ "setup.cfg": "[tool:pytest]\ntestpaths =\n    a\n    b\n" }), null)).toMatchObject({ source: "setup.cfg", testpaths: ["a", "b"] });
  });
});

describe("collectDependencies", () => {
  it("reads PEP 621, dependency groups, Poetry, uv, requirements with -r and setup.cfg", async () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "My_App"\ndependencies = ["Requests[socks]>=2; python_version>\'3.8\'"]\n[project.optional-dependencies]\ndev = ["pytest"]\n[dependency-groups]\nlint = ["ruff", {include-group = "x"}]\n[tool.poetry.dependencies]\npython = "^3.11"\nFlask = "*"\n[tool.uv]\ndev-dependencies = ["mypy"]\n',
      "requirements.txt": "-r requirements/base.txt\n# comment\n-e git+https://example.invalid/x.git#egg=vendored_pkg\nnumpy==2 # pinned\n",
      "requirements/base.txt": "PyYAML\n",
      "setup.cfg": "[options]\ninstall_requires =\n    attrs>=22\n",
    });
    const deps = await collectDependencies(root, ["pyproject.toml", "requirements.txt", "setup.cfg"]);
    expect([...deps.distributions].sort()).toEqual(["attrs", "flask", "mypy", "numpy", "pytest", "pyyaml", "requests", "ruff", "vendored-pkg"]);
    expect([...deps.ownProjects]).toEqual(["my-app"]);
    void path;
  });
  it("reads setup.py literals with tree-sitter, Pipfile and tox.ini deps, and flags computed lists", async () => {
    const root = makeRepo({
      "setup.py": "from setuptools import setup\nsetup(name='tool', install_requires=['click>=8', 'rich'], extras_require={'yaml': ['PyYAML']})\n",
      "Pipfile": "[packages]\nhttpx = '*'\n[dev-packages]\nblack = '*'\n",
      "tox.ini": "[testenv]\ndeps =\n    pytest-mock\n    py311: tomli\n",
      "sub/setup.py": "from setuptools import setup\nsetup(install_requires=REQS)\n",
    });
    const deps = await collectDependencies(root, ["setup.py", "Pipfile", "tox.ini", "sub/setup.py"]);
    expect([...deps.distributions].sort()).toEqual(["black", "click", "httpx", "pytest-mock", "pyyaml", "rich", "tomli"]);
    expect([...deps.ownProjects]).toEqual(["tool"]);
    expect(deps.incomplete).toEqual(["sub/setup.py (computed requirement lists)"]);
  });
});

describe("parseIni", () => {
  it("joins continuation lines and strips inline comments", () => {
    const s = parseIni("[s]\nkey = a ; c\nmulti =\n  one\n  two\n", "x.ini");
    expect(s.get("s")?.get("key")).toBe("a");
    expect(s.get("s")?.get("multi")).toBe("\none\ntwo");
  });
});

describe("package roots from the build configuration", () => {
  it("reads every backend's way of saying where the packages live", async () => {
    const { buildRoots } = await import("../src/config/build-roots.js");
    const { parseIni } = await import("../src/config/ini.js");
    const { parse } = await import("smol-toml");
    const roots = (toml: string, cfg?: string) => buildRoots(parse(toml) as Record<string, unknown>, cfg === undefined ? null : parseIni(cfg, "setup.cfg"));
    expect(roots('[tool.setuptools.packages.find]\nwhere = ["lib"]\n')).toEqual(["lib"]);
    expect(roots('[tool.setuptools]\npackage-dir = {"" = "./lib/"}\n')).toEqual(["lib"]);
    expect(roots("", "[options]\npackage_dir =\n    =lib\n[options.packages.find]\nwhere = code\n")).toEqual(["lib", "code"]);
    expect(roots('[tool.hatch.build.targets.wheel]\npackages = ["lib/pkg"]\n')).toEqual(["lib"]);
    expect(roots('[tool.hatch.build.targets.wheel]\nsources = ["py"]\n')).toEqual(["py"]);
    expect(roots('[tool.hatch.build.targets.wheel.sources]\n"lib" = ""\n"other" = "x"\n')).toEqual(["lib"]);
    expect(roots('[tool.poetry]\npackages = [{ include = "pkg", from = "lib" }, { include = "top" }]\n')).toEqual(["lib"]);
    expect(roots('[tool.pdm.build]\npackage-dir = "lib"\n')).toEqual(["lib"]);
    expect(roots('[tool.maturin]\npython-source = "python"\n')).toEqual(["python"]);
    // The project's own directory, and paths that leave it, are no roots of their own.
    expect(roots('[tool.setuptools.packages.find]\nwhere = [".", "../up"]\n')).toEqual([]);
  });
});
