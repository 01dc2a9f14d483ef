// End-to-end, the built CLI as a subprocess: what a ruff user reaches for first. Argument parsing (help, suggestions),
// codes validated everywhere, the CI surface (formats, output file, exit policy, statistics, verbosity, settings,
// rule docs, SARIF fingerprints), adoption on a legacy codebase (baseline, --add-noqa, skip-file, unused
// suppressions), messages, and the exclude settings with their JSON schema.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { RULE_CODES, RULE_NAMES } from "../src/checks/codes.js";
import { ALL_RULES } from "../src/checks/registry.js";
import { KEYS } from "../src/config/settings.js";
import { makeRepo } from "./helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "bin", "import-doctor.js");

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A small repository with one error (IMP001) and one warning (IMP005). */
const legacy = (extra: Record<string, string> = {}) =>
  makeRepo({
    "pyproject.toml": "[project]\nname = 'app'\ndependencies = []\n",
    "app/__init__.py": "",
    "app/a.py": "import app.gone\nimport requests_nowhere\n",
    "app/b.py": "from app import a\n",
    ...extra,
  });

describe("argument parsing (commander)", () => {
  it("alone: prints the help on stderr and exits 2; --help: stdout, exit 0; each command has its own", () => {
    const alone = cli([]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("Commands:");
    expect(alone.stdout).toBe("");
    const help = cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/check \[options\] \[paths\.\.\.\]/);
    const check = cli(["check", "--help"]);
    expect(check.code).toBe(0);
    for (const flag of ["--output-format", "--output-file", "--exit-zero", "--fail-on", "--statistics", "--quiet", "--verbose", "--show-settings", "--add-noqa", "--baseline", "--write-baseline", "--config"]) expect(check.stdout).toContain(flag);
    expect(cli(["graph", "--help"]).stdout).toContain("--focus");
  });
  it("an unknown option or command is one line with the closest one and where the help is, exit 2", () => {
    const opt = cli(["check", ".", "--fromat", "json"]);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toBe("import-doctor: error: unknown option '--fromat' (did you mean --format?); see 'import-doctor check --help'\n");
    const cmd = cli(["chek"]);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toBe("import-doctor: error: unknown command 'chek' (did you mean check?); see 'import-doctor --help'\n");
  });
});

describe("codes validated everywhere", () => {
  it("--select, --ignore: an unknown code exits 2 with the closest code", () => {
    const root = legacy();
    for (const [args, msg] of [
      [["--select", "IMP02"], "--select: unknown rule code 'IMP02' (did you mean IMP002?)"],
      [["--select", "FOO"], "--select: unknown rule code 'FOO'"],
      [["--ignore", "IMP1"], "--ignore: unknown rule code 'IMP1' (did you mean IMP001?)"],
    ] as const) {
      const r = cli(["check", root, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toBe(`import-doctor: error: ${msg}\n`);
    }
    // Prefixes and ALL are codes too.
    expect(cli(["check", root, "--select", "IMP,ALL", "--ignore", "IMP00"]).code).toBe(0);
  });
  it("select, ignore and per-file-ignores in the configuration: exit 2 naming the setting", () => {
    for (const [table, msg] of [
      ['select = ["IMP02"]', "[tool.import-doctor] select: unknown rule code 'IMP02' (did you mean IMP002?)"],
      ['ignore = ["unknown-import-nam"]', "[tool.import-doctor] ignore: unknown rule code 'unknown-import-nam'"],
      ['[tool.import-doctor.per-file-ignores]\n"tests/*" = ["IMP0005"]', '[tool.import-doctor] per-file-ignores."tests/*": unknown rule code \'IMP0005\''],
    ]) {
      const root = makeRepo({ "pyproject.toml": `[tool.import-doctor]\n${table}\n`, "a.py": "" });
      const r = cli(["check", root]);
      expect(r.code, table).toBe(2);
      expect(r.stderr).toContain(msg);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
  it("a noqa with an unknown code is a warning (IMP010) with the closest code; other tools' codes are left alone", () => {
    const root = makeRepo({ "pyproject.toml": "[project]\nname = 'x'\ndependencies = []\n", "a.py": "import os  # noqa: IMP02\nimport sys  # noqa: E501\n" });
    const out = JSON.parse(cli(["check", root, "--format", "json"]).stdout);
    expect(out.diagnostics.map((d: { code: string; line: number; severity: string; message: string }) => [d.code, d.line, d.severity, d.message])).toEqual([["IMP010", 1, "warning", "Unknown rule code 'IMP02' (did you mean IMP002?) in a suppression comment"]]);
  });
  it("the code list the validation uses is the registry's", () => {
    expect([...RULE_CODES]).toEqual(ALL_RULES.map((r) => r.code));
    expect(RULE_NAMES).toEqual(Object.fromEntries(ALL_RULES.map((r) => [r.code, r.name])));
  });
});

describe("ruff's CI surface", () => {
  it("concise output, --output-format, --output-file", () => {
    const root = legacy();
    const concise = cli(["check", root, "--output-format", "concise"]);
    expect(concise.code).toBe(1);
    expect(concise.stdout.split("\n").slice(0, 2)).toEqual(["app/a.py:1:8: IMP001 Module `app.gone` does not exist: `app` has no submodule `gone`", expect.stringMatching(/^app\/a\.py:2:8: IMP005 \[warning\] /)]);
    const file = path.join(root, "report.json");
    const r = cli(["check", root, "--format", "json", "--output-file", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(file, "utf8")).diagnostics).toHaveLength(2);
  });
  it("--exit-zero, --fail-on warning, --statistics, -q, -v", () => {
    const root = legacy({ "app/a.py": "import requests_nowhere\n" });
    expect(cli(["check", root]).code).toBe(0);
    expect(cli(["check", root, "--fail-on", "warning"]).code).toBe(1);
    expect(cli(["check", legacy(), "--exit-zero"]).code).toBe(0);
    expect(cli(["check", root, "--fail-on", "info"]).code).toBe(2);
    const stats = cli(["check", legacy(), "--statistics"]);
    expect(stats.stdout).toBe("1\tIMP001\t    unresolved-import\n1\tIMP005\t    undeclared-dependency\n");
    const quiet = cli(["check", legacy(), "-q", "--output-format", "concise"]);
    expect(quiet.stdout.trim().split("\n")).toHaveLength(2); // the findings, no summary
    expect(quiet.stderr).toBe("");
    const verbose = cli(["check", root, "-v", "--no-cache"]);
    expect(verbose.stderr).toMatch(/timings: discover/);
    expect(verbose.stderr).toContain(`root ${root}`);
    expect(cli(["check", root, "-q", "-v"]).code).toBe(2);
  });
  it("--show-settings prints the settings in force, options included", () => {
    const root = makeRepo({ "pyproject.toml": '[tool.import-doctor]\nextend-exclude = ["scratch/"]\nignore = ["IMP004"]\n', "a.py": "" });
    const r = cli(["check", root, "--show-settings", "--ignore", "IMP006", "--python-version", "3.10"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('python-version = "3.10"');
    expect(r.stdout).toContain('extend-exclude = ["scratch/"]');
    expect(r.stdout).toContain('ignore = ["IMP004","IMP006"]');
    expect(r.stdout).toContain(`config = ${JSON.stringify(path.join(root, "pyproject.toml"))}`);
  });
  it("`rule IMP002` and `rules IMP002` print the rule's documentation; an unknown code exits 2", () => {
    for (const args of [["rule", "IMP002"], ["rules", "imp002"]]) {
      const r = cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^# IMP002 unknown-import-name\n/);
      expect(r.stdout).toContain("## What it does");
    }
    const bad = cli(["rule", "IMP02"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("did you mean IMP002?");
  });
  it("SARIF: each rule's helpUri points at its section of docs/rules.md; partialFingerprints survive moved lines", () => {
    const root = legacy();
    const sarif = (): { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] } => JSON.parse(cli(["check", root, "--format", "sarif"]).stdout);
    const before = sarif();
    const docs = readFileSync(path.join(import.meta.dirname, "..", "docs", "rules.md"), "utf8");
    for (const r of before.runs[0]!.tool.driver.rules) {
      const anchor = r.helpUri.split("#")[1]!;
      expect(r.helpUri).toMatch(/^https:\/\/.+\/docs\/rules\.md#imp\d{3}-[a-z-]+$/);
      // GitHub's anchor of the heading `## IMP002 \`unknown-import-name\``.
      expect(docs.split("\n").some((l) => l.startsWith("## ") && l.slice(3).toLowerCase().replace(/[`]/g, "").replace(/ /g, "-") === anchor)).toBe(true);
    }
    writeFileSync(path.join(root, "app/a.py"), `"""Docs."""\n\n\n${readFileSync(path.join(root, "app/a.py"), "utf8")}`);
    const after = sarif();
    const prints = (s: ReturnType<typeof sarif>) => s.runs[0]!.results.map((r) => r.partialFingerprints["importDoctorFinding/v1"]);
    expect(after.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine).toBe(4);
    expect(prints(after)).toEqual(prints(before));
  });
});

describe("adopting on a legacy codebase", () => {
  it("--write-baseline, then only a new broken import is reported; lines moved above old findings revive none", () => {
    const root = legacy();
    const baseline = path.join(root, ".import-doctor-baseline.json");
    const w = cli(["check", root, "--write-baseline"], root);
    expect(w.code).toBe(0);
    expect(existsSync(baseline)).toBe(true);
    expect(cli(["check", root, "--baseline", baseline]).code).toBe(0);
    // New lines above the old findings, and a new broken import.
    writeFileSync(path.join(root, "app/a.py"), `"""Moved."""\nimport os\n\n${readFileSync(path.join(root, "app/a.py"), "utf8")}import app.also_gone\n`);
    const r = cli(["check", root, "--baseline", baseline, "--output-format", "concise"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter((l) => /IMP\d{3}/.test(l) && !l.startsWith("Found"))).toEqual(["app/a.py:6:8: IMP001 Module `app.also_gone` does not exist: `app` has no submodule `also_gone`"]);
    expect(cli(["check", root, "--baseline", path.join(root, "nope.json")]).stderr).toMatch(/^import-doctor: error: --baseline .*nope\.json: no such file/);
  });
  it("--add-noqa writes a noqa on each finding's line (merged into one already there), after which the check passes", () => {
    const root = legacy({ "app/c.py": "import app.missing  # noqa: E501\n", "app/d.py": '"""A docstring\nimport app.x\n"""\nimport app.y\n' });
    const r = cli(["check", root, "--add-noqa", "--allow-dirty"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("Added 4 noqa directives to 3 files.\n");
    expect(readFileSync(path.join(root, "app/a.py"), "utf8")).toBe("import app.gone  # noqa: IMP001\nimport requests_nowhere  # noqa: IMP005\n");
    expect(readFileSync(path.join(root, "app/c.py"), "utf8")).toBe("import app.missing  # noqa: E501, IMP001\n");
    expect(readFileSync(path.join(root, "app/d.py"), "utf8")).toBe('"""A docstring\nimport app.x\n"""\nimport app.y  # noqa: IMP001\n');
    const after = cli(["check", root, "--fail-on", "warning"]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("All checks passed!");
  });
  it("`# import-doctor: skip-file` hides a file's findings; a stale suppression is IMP010", () => {
    const root = legacy({ "app/a.py": "# import-doctor: skip-file\nimport app.gone\n", "app/e.py": "import os  # noqa: IMP001\nimport app.nope  # import-doctor: ignore[IMP001]\n" });
    const out = JSON.parse(cli(["check", root, "--format", "json"]).stdout);
    expect(out.diagnostics.map((d: { path: string; line: number; code: string }) => `${d.path}:${d.line} ${d.code}`)).toEqual(["app/e.py:1 IMP010"]);
  });
});

describe("messages", () => {
  it("no Python files: a warning; a file as the target counts itself, not the repository", () => {
    const empty = makeRepo({ "README.md": "hi\n" });
    const r = cli(["check", empty]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("import-doctor: warning: No Python files found under");
    const root = legacy({ "app/clean.py": "import os\n" });
    expect(cli(["check", path.join(root, "app/clean.py")]).stdout).toContain("All checks passed! 1 file, Python");
  });
  it("a bad python-env in the configuration names the setting; --diff with a format it cannot print is refused", () => {
    const root = makeRepo({ "pyproject.toml": '[tool.import-doctor]\npython-env = "nope"\n', "a.py": "" });
    const r = cli(["check", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^import-doctor: error: python-env in the configuration: .*nope: not a directory\n$/);
    const d = cli(["check", legacy(), "--diff", "--format", "sarif"]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("--diff prints a diff, or the repair as json or markdown: not sarif");
  });
});

describe("configuration: exclude, extend-exclude, --config, the JSON schema", () => {
  it("exclude replaces the defaults (a package named build/ is checked); extend-exclude adds to them", () => {
    const files = { "build/__init__.py": "", "build/core.py": "import build.gone\n", "scripts/tmp_x.py": "import os.gone\n" };
    const paths = (root: string): string[] => JSON.parse(cli(["check", root, "--format", "json", "--select", "IMP001"]).stdout).diagnostics.map((d: { path: string }) => d.path);
    // By default build/ is skipped; scripts/ is not.
    expect(paths(makeRepo({ "pyproject.toml": "[project]\nname = 'build'\ndependencies = []\n", ...files }))).toEqual(["scripts/tmp_x.py"]);
    const replaced = makeRepo({ "pyproject.toml": "[project]\nname = 'build'\ndependencies = []\n[tool.import-doctor]\nexclude = []\nextend-exclude = [\"scripts/tmp_*\"]\n", ...files });
    expect(paths(replaced)).toEqual(["build/core.py"]);
  });
  it("--config FILE: the top level of a TOML file, or a pyproject.toml's table", () => {
    const root = legacy({ "ci.toml": 'ignore = ["IMP001"]\n' });
    expect(cli(["check", root, "--config", path.join(root, "ci.toml")]).code).toBe(0);
    expect(cli(["check", root, "--config", path.join(root, "missing.toml")]).stderr).toMatch(/^import-doctor: error: --config .*missing\.toml: no such file\n$/);
  });
  it("docs/config.schema.json has exactly the settings' keys, and the README's example validates", () => {
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "docs", "config.schema.json"), "utf8"));
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(KEYS).sort());
    const validate = new Ajv({ strict: true }).compile(schema);
    const readme = readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
    const example = /```toml\n\[tool\.import-doctor\]\n([\s\S]*?)```/.exec(readme)![1]!;
    const table = parseToml(`[tool.import-doctor]\n${example}`) as { tool: { "import-doctor": unknown } };
    expect(validate(table.tool["import-doctor"]), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ select: ["IMP02x"] })).toBe(false);
    expect(validate({ exlude: [] })).toBe(false);
  });
});

describe("advice, ranking, the graph, progress", () => {
  it("IMP005 for a module the repository has in a directory off every root advises `roots`", () => {
    const root = makeRepo({
      "pyproject.toml": "[project]\nname = 'app'\ndependencies = ['flask']\n",
      "examples/blueprintapp/__init__.py": "",
      "tests/test_bp.py": "import blueprintapp\n",
    });
    const d = JSON.parse(cli(["check", root, "--format", "json"]).stdout).diagnostics.find((x: { code: string }) => x.code === "IMP005");
    expect(d.message).toBe("`blueprintapp` is not provided by any declared dependency; the repository has it at examples/blueprintapp/: if the code runs with examples/ on sys.path, add it to `roots` in [tool.import-doctor]");
    // And the advice holds: with the root configured, nothing is left.
    writeFileSync(path.join(root, "pyproject.toml"), "[project]\nname = 'app'\ndependencies = ['flask']\n[tool.import-doctor]\nroots = ['examples']\n");
    expect(JSON.parse(cli(["check", root, "--format", "json"]).stdout).diagnostics).toEqual([]);
  });
  it("markdown ranks an error before a warning that blocks nothing", () => {
    const root = makeRepo({ "pyproject.toml": "[project]\nname='app'\ndependencies=[]\n", "app/__init__.py": "", "app/a.py": "import requests_nowhere\n", "app/b.py": "import app.gone\n" });
    const md = cli(["check", root, "--format", "markdown"]).stdout;
    expect(md.indexOf("| 1 | Module `app.gone` does not exist")).toBeGreaterThan(0);
    expect(md.indexOf("| 2 | `requests_nowhere`")).toBeGreaterThan(md.indexOf("| 1 |"));
  });
  it("a drawn graph past 200 nodes suggests --focus", () => {
    const files: Record<string, string> = { "pyproject.toml": "[project]\nname='big'\ndependencies=[]\n", "big/__init__.py": "" };
    for (let i = 0; i < 210; i++) files[`big/m${i}.py`] = i > 0 ? `from big import m${i - 1}\n` : "";
    const r = spawnSync(process.execPath, [BIN, "graph", makeRepo(files), "--format", "dot"], { encoding: "utf8" });
    expect(r.stderr).toContain("the graph has 211 nodes, too many to read when drawn; draw a neighbourhood with --focus MODULE [--depth N]");
  });
  it("on a terminal, progress names each phase with the time elapsed", () => {
    const root = legacy();
    // A pseudo-terminal (util-linux's script), the delay before showing anything set to none.
    const env = { ...process.env, IMPORT_DOCTOR_PROGRESS_AFTER_MS: "0", NO_COLOR: "1" } as Record<string, string>;
    delete env.CI;
    const r = spawnSync("script", ["-qfec", `${process.execPath} ${BIN} check --no-cache ${root}`, "/dev/null"], { encoding: "utf8", env });
    for (const phase of ["resolving imports [", "simulating circular imports", "checking"]) expect(r.stdout).toContain(phase);
    expect(r.stdout).toMatch(/checking … \d+\.\ds/);
    // Not on a pipe, with the same environment (no CI, no delay).
    const piped = spawnSync(process.execPath, [BIN, "check", "--no-cache", root], { encoding: "utf8", env });
    expect(piped.stderr).toBe("");
  });
});
