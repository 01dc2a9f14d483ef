// vitest: unit, scenario (differential against python3) and end-to-end tests.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // the install routes and pre-commit hooks (`npm run test:install`), and the fault loops (`npm run test:faults`)
    exclude: ["test/install/**", "test/faults/loops.test.ts", "**/node_modules/**"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    globalSetup: ["test/setup/build.ts", "test/setup/tmp.ts"],
  },
});
