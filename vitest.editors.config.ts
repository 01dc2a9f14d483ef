// vitest for the editors end to end (`npm run test:editors`): Debian's Neovim started headless with the language
// server, and the VS Code extension packaged with vsce. Not part of `npm test`; .ci/run installs Neovim and runs it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/editors/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
    globalSetup: ["test/setup/build.ts", "test/setup/tmp.ts"],
  },
});
