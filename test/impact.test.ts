// Test impact against real pytest sessions: session state, conftest.py failures, per-file vs per-session notes.
import { describe, expect, it } from "vitest";
import { analyze } from "../src/analyze.js";
import { probe } from "./helpers/python.js";
import { makeRepo } from "./helpers/tmp.js";

const analyzeImpact = (root: string) => analyze({ root, only: [], pythonVersion: null, pythonEnv: null, useConfig: true, select: null, ignore: [], impact: true });

async function impactOf(root: string) {
  const result = await analyzeImpact(root);
  const blocked = result.impact!.flatMap((c) => c.blockedTests).sort();
  // import-doctor assumes the project is installed: its root is on sys.path after the stdlib.
  const session = probe({ root, stubs: [], installed: [root], session: true }).session!;
  return { result, blocked, session };
}

describe("--impact agrees with one real pytest session", () => {
  it("a failed import that leaves a submodule in sys.modules unblocks later test files", async () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\ndependencies = []\n',
      "pkg/__init__.py": "from pkg.sub import thing\nimport pkg.missing_module\n",
      "pkg/sub.py": "thing = 1\n",
      "tests/test_a.py": "import pkg\n\ndef test_a():\n    pass\n",
      "tests/test_b.py": "from pkg.sub import thing\n\ndef test_b():\n    pass\n",
    });
    const { result, blocked, session } = await impactOf(root);
    // pytest collects test_a first: it fails and leaves pkg.sub behind, so test_b's import finds it.
    expect(session.failed).toEqual(["tests/test_a.py"]);
    expect(blocked).toEqual(["tests/test_a.py"]);
    const cause = result.impact![0]!;
    expect(result.diagnostics[cause.rootCause]!.runtimeError).toBe("ModuleNotFoundError: No module named 'pkg.missing_module'");
    expect(cause.notes).toEqual(["tests/test_b.py fails to collect on its own, but not in the whole session (it is collected)"]);
  });

  it("a broken conftest.py blocks every test file below it", async () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\ndependencies = []\n',
      "app/__init__.py": "",
      "app/models.py": "User = object\n",
      "tests/test_ok.py": "from app.models import User\n\ndef test_ok():\n    pass\n",
      "tests/api/conftest.py": "from app.models import Account\n",
      "tests/api/test_one.py": "def test_one():\n    pass\n",
      "tests/api/deep/test_two.py": "def test_two():\n    pass\n",
    });
    const { result, blocked, session } = await impactOf(root);
    expect(session.conftestError).toBe(false);
    expect(blocked).toEqual(["tests/api/deep/test_two.py", "tests/api/test_one.py"]);
    expect(session.failed).toEqual(["tests/api"]); // pytest reports the directory's collector
    expect(result.diagnostics[result.impact![0]!.rootCause]!.path).toBe("tests/api/conftest.py");
  });

  it("a broken root conftest.py stops the whole session", async () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\ndependencies = []\n',
      "conftest.py": "import app.missing\n",
      "app/__init__.py": "",
      "tests/test_one.py": "def test_one():\n    pass\n",
      "tests/test_two.py": "def test_two():\n    pass\n",
    });
    const { blocked, session } = await impactOf(root);
    expect(session.conftestError).toBe(true);
    expect(blocked).toEqual(["tests/test_one.py", "tests/test_two.py"]);
  });
});

describe("--impact: broken modules", () => {
  it("a failing __init__.py breaks every module below it, as python3 imports each on its own", async () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\ndependencies = []\n',
      "pkg/__init__.py": "import pkg.missing_module\n",
      "pkg/other.py": "VALUE = 1\n",
      "pkg/sub/__init__.py": "",
      "pkg/sub/leaf.py": "X = 2\n",
      "fine.py": "import json\n",
    });
    const result = await analyzeImpact(root);
    const broken = result.impact!.flatMap((c) => c.brokenModules).sort();
    expect(broken).toEqual(["pkg", "pkg.other", "pkg.sub", "pkg.sub.leaf"]);
    const modules = [["pkg/__init__.py", "pkg"], ["pkg/other.py", "pkg.other"], ["pkg/sub/__init__.py", "pkg.sub"], ["pkg/sub/leaf.py", "pkg.sub.leaf"], ["fine.py", "fine"]].map(([file, name]) => ({ file: file!, name: name!, path: [root] }));
    const failing = probe({ root, stubs: [], modules }).modules.filter((m) => !m.ok).map((m) => m.file).sort();
    expect(failing).toEqual(["pkg/__init__.py", "pkg/other.py", "pkg/sub/__init__.py", "pkg/sub/leaf.py"]);
  });

  it("a cause that is only possible (a warning) blocks nothing for certain: its tests are listed as 'may block'", async () => {
    const root = makeRepo({
      "pyproject.toml": '[project]\nname = "x"\ndependencies = ["requests"]\n',
      "pkg/__init__.py": "import maybe_transitive\n",
      "app/__init__.py": "",
      "tests/test_a.py": "import pkg\n\ndef test_a():\n    pass\n",
      "tests/test_b.py": "from app.missing import x\n\ndef test_b():\n    pass\n",
      // Fails whatever maybe_transitive does: the possible failure first, else the certain one.
      "tests/test_c.py": "import pkg\nfrom app.missing import y\n\ndef test_c():\n    pass\n",
    });
    const result = await analyzeImpact(root);
    const byCode = new Map(result.impact!.map((c) => [result.diagnostics[c.rootCause]!.code, c]));
    expect(byCode.get("IMP005")).toMatchObject({ certain: false, blockedTests: [], brokenModules: [], mayBlockTests: ["tests/test_a.py"], mayBreakModules: ["pkg"] });
    expect(byCode.get("IMP001")).toMatchObject({ certain: true, blockedTests: ["tests/test_b.py", "tests/test_c.py"] });
    // The certain cause comes first, and only it counts in the headline and the markdown table.
    expect(result.diagnostics[result.impact![0]!.rootCause]!.code).toBe("IMP001");
    const { renderImpactText } = await import("../src/report/impact.js");
    const plain = { bold: (x: string) => x, red: (x: string) => x, yellow: (x: string) => x, cyan: (x: string) => x } as never;
    const text = renderImpactText(result, plain);
    expect(text).toContain("2 root causes, blocking 2 test files (1 of them only possible: they block nothing for certain)");
    expect(text).toContain("may block: 1 test file, if it fails (it may not: warning)\n     tests/test_a.py\n   may break: pkg\n");
    expect(text).not.toContain("note:");
  });
});
