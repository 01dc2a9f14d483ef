// vitest for the install routes and the pre-commit hooks (`npm run test:install`): slow, so not part of `npm test`.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/install/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
    globalSetup: ["test/setup/tmp.ts"],
  },
});
