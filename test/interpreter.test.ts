// resolve/interpreter: the version of the interpreter `python3` names, told from the file system. Real directories
// with real executables and symlinks, laid out as Debian, venvs and pyenv lay them out; and the machine's own python3.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { interpreterVersion, pyenvVersionNames, versionFromName } from "../src/resolve/interpreter.js";
import { makeRepo } from "./helpers/tmp.js";

function executable(file: string, text = "#!/bin/sh\n"): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

function link(target: string, at: string): void {
  mkdirSync(path.dirname(at), { recursive: true });
  symlinkSync(target, at);
}

describe("versionFromName", () => {
  it("reads 3.X from python3.X names only", () => {
    expect(versionFromName("/usr/bin/python3.11")).toBe("3.11");
    expect(versionFromName("/opt/python3.13t")).toBe("3.13");
    expect(versionFromName("/usr/bin/python3")).toBeNull();
    expect(versionFromName("/usr/bin/python3.11-config")).toBeNull();
    expect(versionFromName("/usr/bin/pypy3.9")).toBeNull();
  });
});

describe("interpreterVersion", () => {
  it("follows a python3 on PATH to the python3.X it links to, skipping what is not executable", () => {
    const t = makeRepo({ "repo/a.py": "", "first/python3": "not executable" });
    executable(path.join(t, "usr/bin/python3.10"));
    link("python3.10", path.join(t, "usr/bin/python3"));
    const env = { PATH: [path.join(t, "missing"), path.join(t, "first"), path.join(t, "usr/bin")].join(path.delimiter) };
    expect(interpreterVersion(path.join(t, "repo"), env)).toBe("3.10");
  });

  it("takes the first python3 on PATH: a venv's, linked to its base interpreter", () => {
    const t = makeRepo({ "repo/a.py": "" });
    executable(path.join(t, "base/bin/python3.12"));
    link(path.join(t, "base/bin/python3.12"), path.join(t, "venv/bin/python3"));
    executable(path.join(t, "usr/bin/python3.9"));
    link("python3.9", path.join(t, "usr/bin/python3"));
    expect(interpreterVersion(t, { PATH: [path.join(t, "venv/bin"), path.join(t, "usr/bin")].join(path.delimiter) })).toBe("3.12");
    expect(interpreterVersion(t, { PATH: [path.join(t, "usr/bin"), path.join(t, "venv/bin")].join(path.delimiter) })).toBe("3.9");
  });

  it("knows nothing of a python3 it cannot name a version for, nor of a missing one", () => {
    const t = makeRepo({ "a.py": "" });
    executable(path.join(t, "bin/python3"));
    expect(interpreterVersion(t, { PATH: path.join(t, "bin") })).toBeNull();
    expect(interpreterVersion(t, { PATH: path.join(t, "nothing") })).toBeNull();
    expect(interpreterVersion(t, { PATH: path.join(t, "bin"), IMPORT_DOCTOR_PYTHON: "none" })).toBeNull();
  });

  it("takes $IMPORT_DOCTOR_PYTHON, a path or a command", () => {
    const t = makeRepo({ "a.py": "" });
    executable(path.join(t, "bin/python3.8"));
    executable(path.join(t, "other/python3.13"));
    expect(interpreterVersion(t, { PATH: path.join(t, "other"), IMPORT_DOCTOR_PYTHON: path.join(t, "bin/python3.8") })).toBe("3.8");
    expect(interpreterVersion(t, { PATH: path.join(t, "other"), IMPORT_DOCTOR_PYTHON: "python3.13" })).toBe("3.13");
  });

  describe("through a pyenv shim", () => {
    const layout = (): { t: string; pyenv: string; env: { PATH: string } } => {
      const t = makeRepo({ "repo/pkg/a.py": "" });
      const pyenv = path.join(t, "pyenv");
      executable(path.join(pyenv, "shims/python3"), '#!/usr/bin/env bash\nexec pyenv exec "$0" "$@"\n');
      for (const [v, minor] of [["3.9.18", "3.9"], ["3.12.4", "3.12"]] as const) {
        executable(path.join(pyenv, "versions", v, "bin", `python${minor}`));
        link(`python${minor}`, path.join(pyenv, "versions", v, "bin/python3"));
      }
      executable(path.join(t, "usr/bin/python3.11"));
      link("python3.11", path.join(t, "usr/bin/python3"));
      return { t, pyenv, env: { PATH: [path.join(pyenv, "shims"), path.join(t, "usr/bin")].join(path.delimiter) } };
    };

    it("reads the global version file, a .python-version above the directory, then $PYENV_VERSION", () => {
      const { t, pyenv, env } = layout();
      const repo = path.join(t, "repo/pkg");
      writeFileSync(path.join(pyenv, "version"), "3.9.18\n");
      expect(interpreterVersion(repo, env)).toBe("3.9");
      writeFileSync(path.join(t, "repo/.python-version"), "3.12.4\n");
      expect(interpreterVersion(repo, env)).toBe("3.12");
      expect(interpreterVersion(repo, { ...env, PYENV_VERSION: "3.9.18" })).toBe("3.9");
    });

    it("goes on along PATH for `system`, skips versions without the command, and gives up when none has it", () => {
      const { t, pyenv, env } = layout();
      writeFileSync(path.join(pyenv, "version"), "system\n");
      expect(interpreterVersion(t, env)).toBe("3.11");
      expect(interpreterVersion(t, { ...env, PYENV_VERSION: "3.7.0:3.12.4" })).toBe("3.12");
      expect(interpreterVersion(t, { ...env, PYENV_VERSION: "3.7.0" })).toBeNull();
    });

    it("lists the names a .python-version gives as pyenv reads it, and `system` when nothing names one", () => {
      const { t, pyenv } = layout();
      // The first word of each line; blank lines and comments aside.
      writeFileSync(path.join(t, "repo/.python-version"), "# pinned\n3.12.4   the newest\n\n\t3.9.18\r\n");
      expect(pyenvVersionNames({}, pyenv, path.join(t, "repo/pkg"))).toEqual(["3.12.4", "3.9.18"]);
      expect(pyenvVersionNames({ PYENV_VERSION: "3.9.18:3.12.4" }, pyenv, t)).toEqual(["3.9.18", "3.12.4"]);
      expect(pyenvVersionNames({}, pyenv, t)).toEqual(["system"]); // no file anywhere
      writeFileSync(path.join(t, "repo/.python-version"), "");
      writeFileSync(path.join(pyenv, "version"), "3.9.18\n");
      expect(pyenvVersionNames({}, pyenv, path.join(t, "repo"))).toEqual(["system"]); // an empty local file: system, not the global one
    });
  });

  it("agrees with this machine's python3 when it can tell", () => {
    const run = spawnSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8", cwd: import.meta.dirname });
    const told = interpreterVersion(import.meta.dirname, { PATH: process.env.PATH, PYENV_VERSION: process.env.PYENV_VERSION });
    if (run.status !== 0) expect(told).toBeNull();
    else if (told !== null) expect(told).toBe(run.stdout.trim());
  });
});
