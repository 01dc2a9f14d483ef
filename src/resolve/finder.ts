// FileFinder.find_spec for one name in one directory: regular package > extension/source/bytecode module > namespace portion.
import path from "node:path";
import type { FsView } from "./fs.js";

export type Found =
  | { kind: "package"; dir: string; init: string; initKind: "source" | "native" | "bytecode" }
  | { kind: "module"; file: string }
  | { kind: "native"; file: string }
  | { kind: "bytecode"; file: string }
  | { kind: "namespace"; dir: string };

const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]*$/u;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** The minor version of CPython 3 an extension-module file of module `name` is built for, if its suffix names one. */
export function extensionBuiltFor(fileName: string, name: string): number | null {
  if (!fileName.startsWith(name + ".")) return null;
  const rest = fileName.slice(name.length);
  const tagged = /^\.cpython-3(\d+)[a-z]*-[^.]+\.so$/.exec(rest) ?? /^\.cp3(\d+)[a-z]*-[^.]+\.pyd$/.exec(rest);
  return tagged ? Number(tagged[1]) : null;
}

/** Extension-module suffixes that CPython `minor` on any platform would load, in FileFinder order. */
function isExtensionFor(fileName: string, name: string, minor: number): boolean {
  if (!fileName.startsWith(name + ".")) return false;
  const rest = fileName.slice(name.length);
  if (rest === ".so" || rest === ".abi3.so" || rest === ".pyd") return true;
  return extensionBuiltFor(fileName, name) === minor;
}

/** `dir` and a name in it (dir is absolute and normalised: no path.join needed on this hot path). */
const child = (dir: string, name: string): string => (dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);

/**
 * For each module name, the first extension module file for it in listing order: the name is the file name up to
 * its first dot (an identifier has none). Built once per listing and target version.
 */
const extensionIndexes = new WeakMap<Map<string, string>, Map<number, Map<string, string>>>();
function extensionIndex(entries: Map<string, string>, minor: number): Map<string, string> {
  let byMinor = extensionIndexes.get(entries);
  if (!byMinor) extensionIndexes.set(entries, (byMinor = new Map()));
  let index = byMinor.get(minor);
  if (index) return index;
  index = new Map();
  for (const [entry, kind] of entries) {
    const dot = entry.indexOf(".");
    if (kind !== "file" || dot <= 0) continue;
    const name = entry.slice(0, dot);
    if (!index.has(name) && isExtensionFor(entry, name, minor)) index.set(name, entry);
  }
  byMinor.set(minor, index);
  return index;
}

function findModuleFile(fs: FsView, dir: string, name: string, minor: number): { file: string; kind: "native" | "source" | "bytecode" } | null {
  const entries = fs.list(dir);
  // Extension modules come first in _get_supported_file_loaders, then .py, then sourceless .pyc.
  const extension = extensionIndex(entries, minor).get(name);
  if (extension !== undefined) return { file: child(dir, extension), kind: "native" };
  if (entries.get(name + ".py") === "file") return { file: child(dir, name + ".py"), kind: "source" };
  if (entries.get(name + ".pyc") === "file") return { file: child(dir, name + ".pyc"), kind: "bytecode" };
  return null;
}

/** What `FileFinder(dir).find_spec(name)` returns for a target CPython 3.`minor`, or null. */
export function findInDir(fs: FsView, dir: string, name: string, minor: number): Found | null {
  if (!isIdentifier(name)) return null;
  const entries = fs.list(dir);
  let namespace = false;
  if (entries.get(name) === "dir") {
    const pkgDir = child(dir, name);
    const init = findModuleFile(fs, pkgDir, "__init__", minor);
    if (init) return { kind: "package", dir: pkgDir, init: init.file, initKind: init.kind };
    namespace = true;
  }
  const mod = findModuleFile(fs, dir, name, minor);
  if (mod) return mod.kind === "source" ? { kind: "module", file: mod.file } : mod.kind === "native" ? { kind: "native", file: mod.file } : { kind: "bytecode", file: mod.file };
  if (namespace) return { kind: "namespace", dir: child(dir, name) };
  return null;
}
