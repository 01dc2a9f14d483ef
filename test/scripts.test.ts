// Which files run as scripts: what the repository's own commands run (src/scripts/commands.ts).
import { describe, expect, it } from "vitest";
import { FsView } from "../src/resolve/fs.js";
import { analyze } from "../src/analyze.js";
import { commandScripts, entryPointModules } from "../src/scripts/commands.js";
import { makeRepo } from "./helpers/tmp.js";

describe("commandScripts", () => {
  it("finds the files python runs in a Makefile, tox.ini, a justfile and CI workflows, and nothing `-m` or `-c` names", () => {
    const root = makeRepo({
      Makefile: "report:\n\tpython tools/report.py --out x\n\tpython3 -u ./scripts/sync.py\n\tpython -m pytest tests/test_a.py\n\tpython -c 'import gen'\n\t.venv/bin/python3.12 gen.py\n",
      "tox.ini": "[testenv]\ncommands = python {toxinidir}/tools/tox_step.py\n    pytest tests/test_b.py\n",
      justfile: "build:\n    py build_docs.py\n",
      ".github/workflows/ci.yml": "jobs:\n  x:\n    steps:\n      - run: python ${{ github.workspace }}/ci/check.py && python ../outside.py\n",
      ".github/workflows/notes.txt": "python ignored.py\n",
    });
    expect([...commandScripts(root, new FsView())].sort()).toEqual(["build_docs.py", "ci/check.py", "gen.py", "scripts/sync.py", "tools/report.py", "tools/tox_step.py"]);
  });
  it("finds none without command files", () => {
    expect(commandScripts(makeRepo({ "a.py": "" }), new FsView()).size).toBe(0);
  });
});

describe("console scripts", () => {
  it("names the modules [project.scripts] and [project.gui-scripts] point at", () => {
    expect(entryPointModules({ project: { scripts: { tool: "tools.cli:main", other: " pkg.run : go" }, "gui-scripts": { win: "pkg.gui" } } })).toEqual(["tools.cli", "pkg.run", "pkg.gui"]);
    expect(entryPointModules(null)).toEqual([]);
  });
  it("a console script's module outside packages runs as a module, its sibling nothing imports as a script", async () => {
    const root = makeRepo({ "pyproject.toml": "[project]\nname = 'x'\n[project.scripts]\ntool = 'tools.cli:main'\n", "tools/cli.py": "def main():\n    pass\n", "tools/other.py": "import os\n" });
    const r = await analyze({ root, only: [], pythonVersion: "3.11", pythonEnv: null, useConfig: true, select: null, ignore: [] });
    expect(r.scripts).toEqual(["tools/other.py"]);
    expect(r.identities.get("tools/cli.py")?.name).toBe("tools.cli");
  });
});
