// `npm run test:differential -- --runs N --seed S`: N generated repositories from one fast-check seed, shrunk on
// failure. `-- --seeds A..B`: one repository per seed, for each consecutive seed from A to B (no shrinking; the
// failing seed reproduces it with `--seeds S..S`). `--fixes`: check the fix property instead (fix-property.ts).
import { parseArgs } from "node:util";
import fc from "fast-check";
import { describeRepo, repoArb } from "./generate.js";
import { checkFixes } from "./fix-property.js";
import { checkRepo, formatDisagreements } from "./harness.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "200" }, seed: { type: "string", default: "1" }, seeds: { type: "string" }, fixes: { type: "boolean", default: false } } });
const started = Date.now();
const elapsed = (): string => ((Date.now() - started) / 1000).toFixed(1);

if (values.seeds) {
  const m = /^(\d+)\.\.(\d+)$/.exec(values.seeds);
  if (!m) throw new Error(`--seeds must look like 1..2000, got '${values.seeds}'`);
  const [from, to] = [Number(m[1]), Number(m[2])];
  let withFixes = 0;
  for (let seed = from; seed <= to; seed++) {
    const [repo] = fc.sample(repoArb, { seed, numRuns: 1 });
    if (values.fixes) {
      const r = await checkFixes(repo!);
      if (r.applied) withFixes++;
      if (r.problems.length > 0) {
        console.error(`fix property broken at seed ${seed} after ${elapsed()} s:\n\n${r.problems.join("\n")}\n\nrepository:\n${describeRepo(repo!)}`);
        process.exit(1);
      }
      continue;
    }
    const found = await checkRepo(repo!);
    if (found.length > 0) {
      console.error(`disagreement at seed ${seed} after ${elapsed()} s:\n`);
      console.error(formatDisagreements(found));
      console.error(`\nrepository:\n${describeRepo(repo!)}`);
      process.exit(1);
    }
  }
  if (values.fixes) console.log(`fix property holds on seeds ${from}..${to} (${to - from + 1} repositories, ${withFixes} with fixes) in ${elapsed()} s`);
  else console.log(`0 disagreements on seeds ${from}..${to} (${to - from + 1} repositories) in ${elapsed()} s`);
} else {
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const result = await fc.check(
    fc.asyncProperty(repoArb, async (repo) => (await checkRepo(repo)).length === 0),
    { seed, numRuns: runs },
  );
  if (!result.failed) {
    console.log(`0 disagreements on ${runs} repositories (seed ${seed}) in ${elapsed()} s`);
  } else {
    const repo = result.counterexample![0];
    console.error(`disagreement (seed ${seed}, path ${result.counterexamplePath}, shrunk ${result.numShrinks} times) after ${elapsed()} s:\n`);
    console.error(formatDisagreements(await checkRepo(repo)));
    console.error(`\nrepository:\n${describeRepo(repo)}`);
    process.exit(1);
  }
}
