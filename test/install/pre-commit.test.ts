// pre-commit, for real: the hooks of .pre-commit-hooks.yaml, installed by the machine's pre-commit (Debian's 3.0.4 in
// CI) from a git repository holding the checkout, refuse a commit that stages a broken import, let a clean one
// through, and repair a deprecated import. `npm run test:install`, run by .ci/run after `npm test`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/tmp.js";
import { git, run, runOk, snapshotCheckout } from "./snapshot.js";

let tmp: string;
let hooks: string;
let rev: string;
/** pre-commit keeps its installed hook environments here, apart from the user's. */
let env: Record<string, string>;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "import-doctor-pre-commit-"));
  hooks = path.join(tmp, "import-doctor");
  rev = snapshotCheckout(hooks);
  env = { PRE_COMMIT_HOME: path.join(tmp, "pre-commit-home"), PRE_COMMIT_COLOR: "never", NO_COLOR: "1" };
  const version = run("pre-commit", ["--version"], tmp);
  if (version.status !== 0) throw new Error("pre-commit is not installed: .ci/run installs Debian's (apt-get install pre-commit)");
  console.log(version.stdout.trim());
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A Python project in a git repository, with a .pre-commit-config.yaml naming the hook repository by path and commit. */
function project(hookIds: string[], files: Record<string, string>): string {
  const config = ["repos:", `  - repo: ${hooks}`, `    rev: ${rev}`, "    hooks:", ...hookIds.map((id) => `      - id: ${id}`), ""].join("\n");
  const root = makeRepo({
    "pyproject.toml": '[project]\nname = "shop"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = ["redis>=5.0"]\n',
    ".pre-commit-config.yaml": config,
    "shop/__init__.py": "",
    "shop/text.py": "def slugify(s):\n    return s.lower().replace(' ', '-')\n",
    ...files,
  }, tmp);
  git(root, "init", "-q");
  runOk("pre-commit", ["install"], root, env);
  git(root, "add", "-A");
  return root;
}

describe("pre-commit with a repos: entry naming this repository by path and commit", () => {
  it("import-doctor refuses a commit that stages a broken import, with its message, and lets the repaired one through", () => {
    const root = project(["import-doctor"], { "shop/views.py": "from shop.text import slugify, titlecase\n" });
    const refused = run("git", ["commit", "-m", "add views"], root, env);
    const said = refused.stdout + refused.stderr;
    expect(refused.status, said).not.toBe(0);
    expect(said).toContain("import-doctor");
    expect(said).toContain("Failed");
    expect(said).toContain("shop/views.py:1:32: IMP002 `shop.text` does not define `titlecase`");
    expect(said).toContain("ImportError: cannot import name 'titlecase' from 'shop.text'");
    expect(run("git", ["rev-parse", "--verify", "--quiet", "HEAD"], root).status).not.toBe(0);

    writeFileSync(path.join(root, "shop/views.py"), "from shop.text import slugify\n");
    git(root, "add", "shop/views.py");
    const passed = run("git", ["commit", "-m", "add views"], root, env);
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout + passed.stderr).toMatch(/import-doctor\.+Passed/);
    expect(git(root, "log", "--format=%s")).toBe("add views\n");
  });

  it("import-doctor-fix repairs a deprecated import in the staged test, and the commit goes through once it is staged", () => {
    const test = "tests/test_cache.py";
    const root = project(["import-doctor-fix"], { [test]: "import aioredis\n\n\ndef test_client():\n    assert aioredis.from_url\n" });
    const first = run("git", ["commit", "-m", "cache test"], root, env);
    const said = first.stdout + first.stderr;
    // pre-commit fails a hook that changed files, so that the user reviews and stages the repair.
    expect(first.status, said).not.toBe(0);
    expect(said).toContain("files were modified by this hook");
    expect(readFileSync(path.join(root, test), "utf8")).toBe("from redis import asyncio as aioredis\n\n\ndef test_client():\n    assert aioredis.from_url\n");

    git(root, "add", test);
    const second = run("git", ["commit", "-m", "cache test"], root, env);
    expect(second.status, second.stdout + second.stderr).toBe(0);
    expect(second.stdout + second.stderr).toMatch(/import-doctor \(fix\)\.+Passed/);
  });
});

describe("pre-commit try-repo", () => {
  it("runs the import-doctor hook of this repository on the given files", () => {
    const root = project([], { "shop/views.py": "from shop.text import slugify, titlecase\n" });
    const r = run("pre-commit", ["try-repo", hooks, "import-doctor", "--ref", rev, "--files", "shop/views.py"], root, env);
    const said = r.stdout + r.stderr;
    expect(r.status, said).toBe(1);
    expect(said).toContain("IMP002 `shop.text` does not define `titlecase`");
  });
});
