// A cached, read-only view of directory listings: the only file-system access the resolver makes.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export type EntryKind = "file" | "dir";

/** Listings as plain data: each directory with its entries. */
export type Listings = [string, [string, EntryKind][]][];

export class FsView {
  private readonly listings = new Map<string, Map<string, EntryKind>>();

  /** `known`: listings read earlier, still the same (a stored analysis whose reads all hold): taken, not read. */
  constructor(known?: Listings) {
    for (const [dir, entries] of known ?? []) this.listings.set(dir, new Map(entries));
  }

  /** Every listing read or taken so far. */
  snapshot(): Listings {
    return [...this.listings].map(([dir, entries]) => [dir, [...entries]]);
  }

  /** Names in `dir` with their kind (symlinks followed); empty when the directory is missing or unreadable. */
  list(dir: string): Map<string, EntryKind> {
    let entries = this.listings.get(dir);
    if (entries) return entries;
    entries = new Map();
    try {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        if (d.isDirectory()) entries.set(d.name, "dir");
        else if (d.isFile()) entries.set(d.name, "file");
        else if (d.isSymbolicLink()) {
          try {
            const st = statSync(path.join(dir, d.name));
            entries.set(d.name, st.isDirectory() ? "dir" : "file");
          } catch {
            // dangling symlink: invisible to the import system too
          }
        }
      }
    } catch {
      // missing or unreadable directory
    }
    this.listings.set(dir, entries);
    return entries;
  }

  kind(dir: string, name: string): EntryKind | undefined {
    return this.list(dir).get(name);
  }

  isDir(p: string): boolean {
    return this.kind(path.dirname(p), path.basename(p)) === "dir";
  }

  isFile(p: string): boolean {
    return this.kind(path.dirname(p), path.basename(p)) === "file";
  }
}
