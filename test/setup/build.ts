// Builds dist/cli.js once before the end-to-end tests run the CLI as a subprocess.
import { execFileSync } from "node:child_process";
import path from "node:path";

export default function setup(): void {
  execFileSync(process.execPath, [path.join(import.meta.dirname, "..", "..", "scripts", "build.mjs")], { stdio: "inherit" });
}
