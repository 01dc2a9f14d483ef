// vitest: unit, scenario (differential against python3) and end-to-end tests.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // the install routes and pre-commit hooks (`npm run test:install`), the fault loops (`npm run test:faults`) and the
    // editors end to end (`npm run test:editors`)
    exclude: ["test/install/**", "test/faults/loops.test.ts", "test/editors/**", "**/node_modules/**"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Both cores: the suites wait on python3, pytest and the CLI as subprocesses much of the time (on 2 cores, one
    // worker took 636 s, two 467 s).
    maxWorkers: 2,
    globalSetup: ["test/setup/build.ts", "test/setup/tmp.ts"],
  },
});
