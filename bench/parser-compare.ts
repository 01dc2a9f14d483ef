// Which tree-sitter binding to ship, by measurement: native `tree-sitter` (node-gyp prebuilds) against
// `web-tree-sitter` (WebAssembly), parsing the machine's stdlib, and walking every node with a cursor (the access
// pattern of extraction). Each binding runs in its own process so peak RSS is its own.
// Usage: tsx bench/parser-compare.ts            (installs the native packages into a temporary directory once)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { discoverFiles } from "../src/discover/files.js";

const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" }).stdout.trim();
const files = discoverFiles(stdlib, { exclude: ["site-packages"] }).pythonFiles.map((r) => path.join(stdlib, r));
const list = path.join(tmpdir(), "import-doctor-parser-compare.json");
writeFileSync(list, JSON.stringify(files));

const nativeDir = path.join(tmpdir(), "import-doctor-native-tree-sitter");
if (!existsSync(path.join(nativeDir, "node_modules", "tree-sitter"))) {
  mkdirSync(nativeDir, { recursive: true });
  writeFileSync(path.join(nativeDir, "package.json"), '{"name":"native","private":true}');
  const r = spawnSync("npm", ["i", "--no-audit", "--no-fund", "tree-sitter@0.25.1", "tree-sitter-python@0.25.0"], { cwd: nativeDir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm install of the native binding failed: ${r.stderr}`);
}

const WALK = `
function walk(cursor) {
  let n = 0;
  for (;;) {
    n++;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return n;
  }
}`;

const NATIVE = `
const { createRequire } = require("node:module");
const req = createRequire(${JSON.stringify(path.join(nativeDir, "package.json"))});
const Parser = req("tree-sitter"); const Python = req("tree-sitter-python");
const fs = require("node:fs");
${WALK}
const files = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const parser = new Parser(); parser.setLanguage(Python);
const texts = files.map((f) => fs.readFileSync(f, "latin1"));
let t0 = performance.now(), nodes = 0;
for (const t of texts) parser.parse(t);
const parseMs = performance.now() - t0;
t0 = performance.now();
for (const t of texts) nodes += walk(parser.parse(t).walk());
const walkMs = performance.now() - t0 - parseMs;
console.log(JSON.stringify({ parseMs, walkMs, nodes, rssMb: process.resourceUsage().maxRSS / 1024 }));
`;

const WEB = `
const fs = require("node:fs");
const { createRequire } = require("node:module");
const req = createRequire(${JSON.stringify(path.join(import.meta.dirname, "..", "package.json"))});
${WALK}
(async () => {
  const { Parser, Language } = await import(req.resolve("web-tree-sitter"));
  await Parser.init();
  const lang = await Language.load(req.resolve("tree-sitter-python/tree-sitter-python.wasm"));
  const parser = new Parser(); parser.setLanguage(lang);
  const files = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const texts = files.map((f) => fs.readFileSync(f, "latin1"));
  let t0 = performance.now(), nodes = 0;
  for (const t of texts) parser.parse(t).delete();
  const parseMs = performance.now() - t0;
  t0 = performance.now();
  for (const t of texts) { const tree = parser.parse(t); nodes += walk(tree.walk()); tree.delete(); }
  const walkMs = performance.now() - t0 - parseMs;
  console.log(JSON.stringify({ parseMs, walkMs, nodes, rssMb: process.resourceUsage().maxRSS / 1024 }));
})();
`;

const run = (code: string): { parseMs: number; walkMs: number; nodes: number; rssMb: number } => {
  const r = spawnSync(process.execPath, ["-e", code, list], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};
const rows: [string, ReturnType<typeof run>][] = [];
for (let i = 0; i < 3; i++) {
  rows.push(["native tree-sitter 0.25.1", run(NATIVE)]);
  rows.push(["web-tree-sitter 0.27.2", run(WEB)]);
}
console.log(`stdlib: ${files.length} files`);
for (const name of ["native tree-sitter 0.25.1", "web-tree-sitter 0.27.2"]) {
  const rs = rows.filter(([n]) => n === name).map(([, r]) => r);
  const med = (k: "parseMs" | "walkMs" | "rssMb"): number => rs.map((r) => r[k]).sort((a, b) => a - b)[1]!;
  console.log(`${name.padEnd(28)} parse ${med("parseMs").toFixed(0)} ms, walk ${med("walkMs").toFixed(0)} ms (${rs[0]!.nodes} nodes), peak RSS ${med("rssMb").toFixed(0)} MB`);
}
