// A cached, read-only view of directory listings: the only file-system access the resolver makes.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export type EntryKind = "file" | "dir";

export class FsView {
  private readonly listings = new Map<string, Map<string, EntryKind>>();

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
