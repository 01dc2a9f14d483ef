// vitest for the fault loops (`npm run test:faults`): slow, so not part of `npm test`; .ci/run runs them.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/faults/loops.test.ts"],
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    pool: "forks",
    globalSetup: ["test/setup/build.ts", "test/setup/tmp.ts"],
  },
});
