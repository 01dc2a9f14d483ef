// Which files run as scripts: what the repository's own commands run (src/scripts/commands.ts).
import { describe, expect, it } from "vitest";
import { FsView } from "../src/resolve/fs.js";
import { commandScripts } from "../src/scripts/commands.js";
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
