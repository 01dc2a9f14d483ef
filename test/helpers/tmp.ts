// Temporary repositories written from a {path: content} map: real files, no file-system mocks.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function makeRepo(files: Record<string, string | Uint8Array>, parent?: string): string {
  const root = mkdtempSync(path.join(parent ?? tmpdir(), "import-doctor-"));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}
