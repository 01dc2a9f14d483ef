// fast-check arbitrary for repositories made of large import cycles: packages whose __init__ files import their
// package, from-imports of names bound late, star imports, attribute reads at import time, and guarded imports that
// fail and run again. Every name is bound by the end of its module, so that a name is missing only while its module
// is still initializing (python3 then raises what the circular-import simulation predicts).
import fc from "fast-check";
import type { GeneratedRepo } from "./generate.js";

const PACKAGES = ["app", "app.core", "app.io", "app.core.deep"];
const NAMES = ["A", "B", "C"];

interface Mod {
  name: string;
  pkg: string;
  isPackage: boolean;
}

/** A repository of a few packages whose modules import one another at module level, in every way the simulation
 * follows, many of them in cycles. */
export const cycleRepoArb: fc.Arbitrary<GeneratedRepo> = fc
  .record({
    modules: fc.uniqueArray(fc.record({ pkg: fc.constantFrom(...PACKAGES), leaf: fc.constantFrom("m0", "m1", "m2", "m3", "m4") }), { minLength: 4, maxLength: 12, selector: (m) => `${m.pkg}.${m.leaf}` }),
    bodies: fc.array(fc.array(fc.record({ kind: fc.nat(10), target: fc.nat(40), name: fc.nat(NAMES.length - 1), guarded: fc.nat(3) }), { maxLength: 6 }), { minLength: 20, maxLength: 20 }),
    tests: fc.array(fc.nat(40), { maxLength: 4 }),
  })
  .map(({ modules, bodies, tests }) => {
    const mods: Mod[] = [...PACKAGES.map((p) => ({ name: p, pkg: p.split(".").slice(0, -1).join("."), isPackage: true })), ...modules.map((m) => ({ name: `${m.pkg}.${m.leaf}`, pkg: m.pkg, isPackage: false }))];
    const files: Record<string, string> = { "pyproject.toml": '[project]\nname = "cycles"\n' };
    const fileOf = (m: Mod): string => (m.isPackage ? `${m.name.replaceAll(".", "/")}/__init__.py` : `${m.name.replaceAll(".", "/")}.py`);
    mods.forEach((m, i) => {
      const lines: string[] = [];
      for (let step of bodies[i % bodies.length]!) {
        const t = mods[step.target % mods.length]!;
        const name = NAMES[step.name]!;
        const leaf = t.name.slice(t.name.lastIndexOf(".") + 1);
        let stmt: string[];
        switch (step.kind) {
          case 0:
          case 1:
            stmt = [`${name} = ${JSON.stringify(m.name)}`];
            break;
          case 2:
            stmt = [`from ${t.name} import ${name}`];
            break;
          case 3:
            stmt = t.pkg ? [`from ${t.pkg} import ${leaf}`] : [`import ${t.name}`];
            break;
          case 4:
            stmt = [`import ${t.name}`];
            break;
          case 5:
            stmt = [`import ${t.name} as alias_${i}`, `value_${i} = alias_${i}.${name}`];
            break;
          case 6:
            stmt = [`from ${t.name} import *`];
            break;
          case 7:
            stmt = [`import ${t.name}`, `read_${i} = ${t.name}.${name}`];
            break;
          case 10:
            // Found nowhere (perhaps installed): what follows is uncertain. Always guarded, as python3 lacks it.
            stmt = [`import not_installed_${step.name}`];
            step = { ...step, guarded: 0 };
            break;
          case 8:
            stmt = [`from ${t.name}.missing import ${name}`];
            break;
          default:
            stmt = [`from ${m.isPackage ? m.name : m.pkg} import ${leaf}`];
        }
        if (step.guarded === 0) lines.push("try:", ...stmt.map((s) => `    ${s}`), "except ImportError:", "    pass");
        else lines.push(...stmt);
      }
      // Every name is bound in the end: a name is missing only while its module is still initializing.
      lines.push(`${NAMES.join(" = ")} = ${JSON.stringify(m.name)}`);
      files[fileOf(m)] = `${lines.join("\n")}\n`;
    });
    tests.forEach((t, i) => (files[`tests/test_t${i}.py`] = `import ${mods[t % mods.length]!.name}\n\n\ndef test_it():\n    pass\n`));
    return { files, stubs: [], srcLayout: false };
  });
