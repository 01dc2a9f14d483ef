// Synthetic repositories for `npm run bench`: N modules in nested packages with a realistic import density
// (about 9 imports per module: stdlib, first-party absolute and relative, from-imports of names the target
// defines, a few third-party), re-exporting __init__ files, and tests. Deterministic for a given size.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STDLIB = ["os", "sys", "json", "re", "typing", "dataclasses", "pathlib", "logging", "collections", "functools", "itertools", "datetime"];
const THIRD = ["requests", "yaml", "numpy"];

export function generateRepo(dir: string, files: number, seed = 1): void {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const perPackage = 20;
  const packages = Math.max(1, Math.ceil(files / perPackage));
  const modules: { pkg: string; name: string; defs: string[] }[] = [];
  for (let p = 0; p < packages; p++) {
    const pkg = `app.pkg${Math.floor(p / 20)}.sub${p % 20}`;
    for (let m = 0; m < perPackage && modules.length < files; m++) {
      modules.push({ pkg, name: `mod${m}`, defs: [`Model${m}`, `helper_${m}`, `CONST_${m}`] });
    }
  }
  const write = (rel: string, text: string): void => {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  write("pyproject.toml", `[project]\nname = "synthetic"\ndependencies = [${THIRD.map((t) => `"${t}"`).join(", ")}]\n`);
  const inits = new Set<string>();
  for (const m of modules) {
    const parts = m.pkg.split(".");
    for (let i = 1; i <= parts.length; i++) inits.add(parts.slice(0, i).join("/"));
  }
  for (const d of inits) write(`${d}/__init__.py`, `"""Package ${d.replace(/\//g, ".")}."""\n`);
  modules.forEach((m, i) => {
    const lines = [`"""Module ${m.pkg}.${m.name}: generated for benchmarks."""`, "from __future__ import annotations", ""];
    for (let k = 0; k < 4; k++) lines.push(`import ${pick(STDLIB)}`);
    if (r() < 0.3) lines.push(`import ${pick(THIRD)}`);
    // First-party: absolute and relative from-imports of names that exist (only from earlier modules: no cycles).
    for (let k = 0; k < 4 && i > 0; k++) {
      const t = modules[Math.floor(r() * i)]!;
      if (t.pkg === m.pkg && r() < 0.5) lines.push(`from .${t.name} import ${pick(t.defs)}`);
      else lines.push(`from ${t.pkg}.${t.name} import ${pick(t.defs)}`);
    }
    lines.push("", "try:", "    import ujson as fastjson", "except ImportError:", "    fastjson = None", "");
    lines.push(`CONST_${m.name.slice(3)} = ${i}`, "");
    for (const d of m.defs.slice(0, 2)) {
      if (d.startsWith("Model")) {
        lines.push(`class ${d}:`, `    """A model."""`, "", "    def __init__(self, value: int) -> None:", "        self.value = value", "", "    def describe(self) -> str:", `        return f"${d}({{self.value}})"`, "");
      } else {
        lines.push(`def ${d}(items: list[int]) -> int:`, "    total = 0", "    for item in items:", "        if item % 2:", "            total += item", "        else:", "            total -= item", "    return total", "");
      }
    }
    lines.push(`def _lazy_${i}():`, `    from ${m.pkg} import ${m.name}`, `    return ${m.name}`, "");
    write(`${m.pkg.replace(/\./g, "/")}/${m.name}.py`, lines.join("\n"));
  });
  const tests = Math.max(1, Math.floor(files / 10));
  for (let t = 0; t < tests; t++) {
    const m = modules[Math.floor(r() * modules.length)]!;
    write(`tests/test_${t}.py`, `from ${m.pkg}.${m.name} import ${m.defs[0]}\n\n\ndef test_${t}():\n    assert ${m.defs[0]}(1).value == 1\n`);
  }
}
