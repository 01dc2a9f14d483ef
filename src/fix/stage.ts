// A scratch copy of the repository where fixes are applied and re-analysed before anything touches the real files.
import { copyFileSync, linkSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CACHE_DIR_NAME } from "../cache/facts-cache.js";
import { makeScratchDir } from "../scratch-dir.js";

/** Never needed to analyse a repository, and possibly huge. */
const SKIP = new Set([".git", ".hg", ".svn", "node_modules", ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__", CACHE_DIR_NAME]);
/** Environments found by name at the root: linked, not copied (fixes never write there). */
const ENVS = new Set([".venv", "venv"]);

export interface Stage {
  dir: string;
  dispose(): void;
}

/**
 * Hard links (or copies, across file systems) of every file: free for big trees, and safe because every write in the
 * stage replaces a file by rename instead of writing into the shared inode.
 */
export function createStage(root: string): Stage {
  // Removed on exit and on signals; one a killed run left is removed by the next run that stages.
  const scratch = makeScratchDir("stage");
  const dir = scratch.dir;
  let canLink = true;
  const walk = (from: string, to: string, top: boolean): void => {
    let entries;
    try {
      entries = readdirSync(from, { withFileTypes: true });
    } catch {
      return; // unreadable: the analysis of the real tree cannot read it either
    }
    for (const e of entries) {
      const src = path.join(from, e.name);
      const dst = path.join(to, e.name);
      if (e.isDirectory()) {
        if (SKIP.has(e.name)) continue;
        if (top && ENVS.has(e.name)) {
          symlinkSync(src, dst);
          continue;
        }
        mkdirSync(dst);
        walk(src, dst, false);
      } else if (e.isSymbolicLink()) {
        // A link into the repository stays relative (into the stage); one that leaves it keeps pointing where it did.
        const target = readlinkSync(src);
        const resolved = path.resolve(from, target);
        const within = resolved === root || resolved.startsWith(root + path.sep);
        symlinkSync(path.isAbsolute(target) || within ? target : resolved, dst);
      } else if (e.isFile()) {
        if (canLink) {
          try {
            linkSync(src, dst);
            continue;
          } catch (e) {
            // A file this user may not link (protected hard links) is copied; another file system, the same.
            if ((e as NodeJS.ErrnoException).code !== "EPERM") canLink = false;
          }
        }
        try {
          copyFileSync(src, dst);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // Unreadable here as there: the staged copy cannot be read either. A name that is not UTF-8 (ENOENT: node
          // cannot name it) is left out, as the analysis of the real tree cannot read it.
          if (code === "EACCES" || code === "EPERM") writeFileSync(dst, "", { mode: 0 });
          else if (code !== "ENOENT") throw e;
        }
      }
    }
  };
  try {
    walk(root, dir, true);
  } catch (e) {
    scratch.dispose();
    throw e;
  }
  return { dir, dispose: scratch.dispose };
}
