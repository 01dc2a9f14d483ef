// `tsx test/differential/dump.ts SEED DIR`: writes the generated repository of one seed to DIR, to debug it by hand.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { repoArb } from "./generate.js";
import { outsideOf } from "./harness.js";

const [seed, dir] = [Number(process.argv[2]), process.argv[3]!];
const [repo] = fc.sample(repoArb, { seed, numRuns: 1 });
// A configured root outside the repository goes beside it, at DIR-outside/lib (as harness.ts puts it).
const outside = outsideOf(path.resolve(dir));
for (const [rel, content] of Object.entries(repo!.files)) {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  if (!rel.endsWith("/.keep")) writeFileSync(path.join(dir, rel), content.replaceAll("@OUTSIDE@", outside));
}
for (const [rel, content] of Object.entries(repo!.outside ?? {})) {
  mkdirSync(path.dirname(path.join(outside, rel)), { recursive: true });
  writeFileSync(path.join(outside, rel), content);
}
console.log(JSON.stringify({ stubs: repo!.stubs, srcLayout: repo!.srcLayout }));
