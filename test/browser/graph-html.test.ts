// `graph --format html` loaded in headless Chromium (Debian's): the page draws every node of the focused
// neighbourhood, marks the broken edge and the test file it blocks, and needs nothing but itself.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "../helpers/tmp.js";

const BIN = path.join(import.meta.dirname, "..", "..", "bin", "import-doctor.js");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The DOM after the page's scripts ran, as headless Chromium serializes it. */
function renderedDom(file: string): string {
  const r = spawnSync(CHROMIUM, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--virtual-time-budget=5000", "--dump-dom", `file://${file}`], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe("graph --format html in Chromium", () => {
  it("draws the focused neighbourhood: nodes, the broken edge with its code, the blocked test; conftests by path", () => {
    const root = makeRepo({
      "pyproject.toml": "[project]\nname = 'shop'\ndependencies = []\n",
      "shop/__init__.py": "",
      "shop/models.py": "from shop.pricing import Price\n",
      "shop/pricing.py": "Price = 1\nfrom shop.gone import thing\n",
      "shop/unrelated.py": "X = 1\n",
      "tests/conftest.py": "",
      "tests/unit/conftest.py": "",
      "tests/test_models.py": "import shop.models\n",
    });
    const out = path.join(root, "graph.html");
    const r = spawnSync(process.execPath, [BIN, "graph", root, "--format", "html", "--focus", "shop.pricing", "--depth", "2", "-o", out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    // Self-contained: no external script, stylesheet or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    const dom = renderedDom(out);
    const drawn = [...dom.matchAll(/<g class="node ([^"]*)" data-id="([^"]+)"/g)].map((m) => [m[2], m[1]]);
    expect(Object.fromEntries(drawn)).toEqual({ "shop.gone": "missing", "shop.models": "module", "shop.pricing": "module focus", "test_models": "test blocked" });
    expect(dom).toMatch(/<g class="edge broken" data-from="shop\.pricing" data-to="shop\.gone">/);
    expect(dom).toContain(">IMP001</text>");
    expect(dom).toContain("1 blocked test files");
    // The whole graph: the two conftests are two nodes, by path.
    const json = JSON.parse(spawnSync(process.execPath, [BIN, "graph", root], { encoding: "utf8" }).stdout);
    expect(json.nodes.filter((n: { kind: string }) => n.kind === "conftest").map((n: { id: string }) => n.id)).toEqual(["tests/conftest.py", "tests/unit/conftest.py"]);
  });
});
