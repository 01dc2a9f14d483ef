// The version of the interpreter that `python3` (or $IMPORT_DOCTOR_PYTHON) names on PATH, found from the file system
// alone: a run served from the result cache must not start a Python to learn it, and file reads are recorded as the
// analysis's inputs, so a switch of interpreter is seen. Two layouts are understood, and nothing else is guessed:
// - an executable whose real path is named `python3.X` (Debian's /usr/bin/python3, a venv's bin/python3);
// - a pyenv shim, resolved as pyenv does: $PYENV_VERSION, else the nearest `.python-version` upwards, else
//   the pyenv root's `version` file (the root is the shims directory's parent); each named version's own
//   `bin/<command>`, `system` meaning the rest of PATH.
import { existsSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { readTextFile } from "../read-text.js";

export interface InterpreterEnv {
  /** `PATH`, `PYENV_VERSION`, `IMPORT_DOCTOR_PYTHON` as the process has them. */
  PATH?: string | undefined;
  PYENV_VERSION?: string | undefined;
  IMPORT_DOCTOR_PYTHON?: string | undefined;
}

export function processInterpreterEnv(): InterpreterEnv {
  return { PATH: process.env.PATH, PYENV_VERSION: process.env.PYENV_VERSION, IMPORT_DOCTOR_PYTHON: process.env.IMPORT_DOCTOR_PYTHON };
}

function isExecutableFile(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() && (process.platform === "win32" || (st.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/** `3.X` from a file name `python3.X` (`python3.11`, `python3.13t`), else null. */
export function versionFromName(file: string): string | null {
  const m = /^python(3\.\d+)t?(?:\.exe)?$/.exec(path.basename(file));
  return m ? m[1]! : null;
}

function pyenvRootOf(shim: string): string | null {
  const dir = path.dirname(shim);
  if (path.basename(dir) !== "shims") return null;
  const root = path.dirname(dir);
  try {
    return statSync(path.join(root, "versions")).isDirectory() ? root : null;
  } catch {
    return null;
  }
}

/**
 * The version names pyenv would select, in order: `$PYENV_VERSION` (`:`-separated), else the nearest
 * `.python-version` upwards, else the root's `version` file. A file gives the first word of each line, blank lines
 * and `#` comments aside (pyenv-version-file-read); a file that gives none, or no file at all, means `system`.
 */
export function pyenvVersionNames(env: InterpreterEnv, pyenvRoot: string, from: string): string[] {
  if (env.PYENV_VERSION) return env.PYENV_VERSION.split(":").filter(Boolean);
  const read = (file: string): string[] => {
    let text: string;
    try {
      text = readTextFile(file);
    } catch {
      return [];
    }
    return text.split(/\r?\n/).map((line) => line.trim().split(/\s/)[0]!).filter((w) => w && !w.startsWith("#"));
  };
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, ".python-version");
    if (existsSync(file)) {
      const names = read(file);
      return names.length > 0 ? names : ["system"];
    }
    if (path.dirname(dir) === dir) break;
  }
  const names = read(path.join(pyenvRoot, "version"));
  return names.length > 0 ? names : ["system"];
}

function versionOfExecutable(file: string): string | null {
  const own = versionFromName(file);
  if (own) return own;
  try {
    return versionFromName(realpathSync(file));
  } catch {
    return null;
  }
}

/**
 * The `3.X` of the interpreter a command would run in `cwd`, or null when it cannot be told without running it (no
 * such command, a shim or launcher of another kind, a name without its version).
 */
export function interpreterVersion(cwd: string, env: InterpreterEnv = processInterpreterEnv()): string | null {
  const command = env.IMPORT_DOCTOR_PYTHON || "python3";
  if (command === "none") return null;
  if (command.includes("/") || command.includes(path.sep)) {
    const file = path.resolve(cwd, command);
    return isExecutableFile(file) ? versionOfExecutable(file) : null;
  }
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((d) => d && path.isAbsolute(d));
  const names = process.platform === "win32" ? [command, `${command}.exe`] : [command];
  // `skip`: the shims directory, once pyenv said `system` (the search goes on past it, and follows no other shim).
  const search = (skip: string | null): string | null => {
    for (const dir of dirs) {
      if (dir === skip) continue;
      for (const name of names) {
        const file = path.join(dir, name);
        if (!isExecutableFile(file)) continue;
        const pyenv = skip === null ? pyenvRootOf(file) : null;
        if (!pyenv) return versionOfExecutable(file);
        for (const v of pyenvVersionNames(env, pyenv, cwd)) {
          if (v === "system") return search(dir);
          const own = path.join(pyenv, "versions", v, "bin", name);
          if (isExecutableFile(own)) return versionOfExecutable(own);
        }
        return null; // pyenv: "command not found" in the selected versions
      }
    }
    return null;
  };
  return search(null);
}
