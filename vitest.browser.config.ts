// vitest for what needs a real browser (`npm run test:browser`): Debian's chromium, headless. Not part of `npm test`;
// .ci/run installs chromium and runs it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
    globalSetup: ["test/setup/build.ts", "test/setup/tmp.ts"],
  },
});
