// The VS Code extension (editors/vscode/): its locked dependencies installed with `npm ci`, packaged into a .vsix by
// vsce, as the marketplace would take it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const EXT = path.join(import.meta.dirname, "..", "..", "editors", "vscode");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("VS Code extension", () => {
  it("vsce packages it into a .vsix with its manifest, its entry point and vscode-languageclient", () => {
    if (!existsSync(path.join(EXT, "node_modules", "@vscode", "vsce"))) execFileSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: EXT, stdio: "pipe" });
    const out = path.join(mkdtempSync(path.join(tmpdir(), "import-doctor-vsix-")), "import-doctor.vsix");
    const run = spawnSync(npm, ["exec", "--", "vsce", "package", "--out", out], { cwd: EXT, encoding: "utf8" });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    // A .vsix is a zip: its entries, listed by python3's zipfile.
    const names = execFileSync("python3", ["-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", out], { encoding: "utf8" }).split("\n");
    expect(names).toContain("extension.vsixmanifest");
    expect(names).toContain("extension/extension.js");
    expect(names).toContain("extension/node_modules/vscode-languageclient/node.js");
    const manifest = JSON.parse(execFileSync("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('extension/package.json').decode())", out], { encoding: "utf8" }));
    expect(manifest.main).toBe("./extension.js");
    expect(manifest.activationEvents).toContain("onLanguage:python");
    // The server it starts is this package's own command.
    expect(readFileSync(path.join(EXT, "extension.js"), "utf8")).toContain('args: ["server", "--stdio"]');
  });
});
