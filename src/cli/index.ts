// Entry point of the bundled CLI.
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`import-doctor: internal error: ${String(e)}\n`);
    process.exitCode = 2;
  },
);
