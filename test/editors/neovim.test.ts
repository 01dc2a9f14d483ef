// A real editor end to end: Debian's Neovim, headless, with import-doctor's language server configured as its docs
// say (docs/editors.md), opens a file of fixtures/seed-report; the diagnostics it holds (vim.diagnostic.get()) are
// those `check --format json` reports for that file.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const BIN = path.join(import.meta.dirname, "..", "..", "bin", "import-doctor.js");
const SEED = path.join(import.meta.dirname, "..", "..", "fixtures", "seed-report");

interface Reported {
  path: string;
  line: number;
  column: number;
  code: string;
  severity: string;
  message: string;
}

describe("Neovim", () => {
  it("shows, through vim.diagnostic.get(), the diagnostics check reports for a file of the seed report", () => {
    const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
    if (nvim.status !== 0) throw new Error("Neovim is not installed (.ci/run installs Debian's neovim)");
    const root = path.join(mkdtempSync(path.join(tmpdir(), "import-doctor-nvim-")), "seed-report");
    cpSync(SEED, root, { recursive: true });
    const check = spawnSync(process.execPath, [BIN, "check", root, "--format", "json", "--no-cache"], { encoding: "utf8" });
    const all = (JSON.parse(check.stdout) as { diagnostics: Reported[] }).diagnostics;
    const rel = "src/player_experience/api/app.py";
    const expected = all.filter((d) => d.path === rel);
    expect(expected.length).toBeGreaterThan(0);

    const out = path.join(root, "..", "diagnostics.json");
    const script = path.join(root, "..", "init.lua");
    // Neovim 0.7 (Debian 12) has vim.lsp.start_client and buf_attach_client; vim.lsp.start came in 0.8.
    writeFileSync(
      script,
      `local client = vim.lsp.start_client({ name = "import-doctor", cmd = { ${JSON.stringify(process.execPath)}, ${JSON.stringify(BIN)}, "server", "--stdio" }, root_dir = ${JSON.stringify(root)} })
vim.cmd("edit " .. vim.fn.fnameescape(${JSON.stringify(path.join(root, rel))}))
vim.lsp.buf_attach_client(0, client)
local want = ${expected.length}
vim.wait(60000, function() return #vim.diagnostic.get(0) >= want end, 50)
local list = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(list, { lnum = d.lnum, col = d.col, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or vim.NIL, severity = d.severity, message = d.message, source = d.source })
end
local f = io.open(${JSON.stringify(out)}, "w")
f:write(vim.fn.json_encode(list))
f:close()
vim.cmd("qa!")
`,
    );
    const run = spawnSync("nvim", ["--headless", "-u", "NONE", "-i", "NONE", "-c", `luafile ${script}`], { encoding: "utf8", timeout: 120_000, cwd: root });
    expect(run.status, run.stderr).toBe(0);
    const got = JSON.parse(readFileSync(out, "utf8")) as { lnum: number; col: number; code: string; severity: number; message: string; source: string }[];
    const rows = (list: { line: number; column: number; code: string; severity: string; message: string }[]) => list.map((d) => `${d.line}:${d.column} ${d.code} ${d.severity} ${d.message}`).sort();
    expect(rows(got.map((d) => ({ line: d.lnum + 1, column: d.col + 1, code: d.code, severity: d.severity === 1 ? "error" : d.severity === 2 ? "warning" : "info", message: d.message })))).toEqual(rows(expected));
    expect(new Set(got.map((d) => d.source))).toEqual(new Set(["import-doctor"]));
  });
});
