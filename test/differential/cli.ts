// `npm run test:differential -- --runs N --seed S`: any number of generated repositories against python3.
import { parseArgs } from "node:util";
import fc from "fast-check";
import { describeRepo, repoArb } from "./generate.js";
import { checkRepo, formatDisagreements } from "./harness.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "200" }, seed: { type: "string", default: "1" } } });
const runs = Number(values.runs);
const seed = Number(values.seed);
const started = Date.now();
const result = await fc.check(
  fc.asyncProperty(repoArb, async (repo) => (await checkRepo(repo)).length === 0),
  { seed, numRuns: runs },
);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (!result.failed) {
  console.log(`0 disagreements on ${runs} repositories (seed ${seed}) in ${seconds} s`);
} else {
  const repo = result.counterexample![0];
  console.error(`disagreement (seed ${seed}, path ${result.counterexamplePath}, shrunk ${result.numShrinks} times) after ${seconds} s:\n`);
  console.error(formatDisagreements(await checkRepo(repo)));
  console.error(`\nrepository:\n${describeRepo(repo)}`);
  process.exit(1);
}
