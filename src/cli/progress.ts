// Progress on stderr, only on a TTY, never in CI, and only once a run passes a second (IMPORT_DOCTOR_PROGRESS_AFTER_MS): the phase (parsing, resolving,
// simulating circular imports, checking), files done of the total where counted, and the time elapsed.
import type { ProgressPhase } from "../analysis.js";

export interface Progress {
  update(done: number, total: number, phase?: ProgressPhase): void;
  finish(): void;
}

const NONE: Progress = { update: () => {}, finish: () => {} };

const LABEL: Record<ProgressPhase, string> = { parse: "parsing", resolve: "resolving imports", simulate: "simulating circular imports", check: "checking" };

export function progressBar(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY || process.env.CI) return NONE;
  // Read here, before the analysis starts (its reads of the environment are recorded by the result cache).
  const delay = Number(process.env.IMPORT_DOCTOR_PROGRESS_AFTER_MS ?? 1000);
  const started = Date.now();
  let shown = false;
  let last = 0;
  let lastPhase: ProgressPhase | undefined;
  return {
    update(done, total, phase = "parse") {
      const now = Date.now();
      // A new phase always shows (once past the first second); within one, at most every 80 ms.
      if (now - started < delay || (phase === lastPhase && now - last < 80 && done < total)) return;
      last = now;
      lastPhase = phase;
      shown = true;
      const elapsed = `${((now - started) / 1000).toFixed(1)}s`;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
      const bar = total > 0 ? ` [${"#".repeat(Math.round((done / total) * width))}${"-".repeat(width - Math.round((done / total) * width))}] ${done}/${total} files` : " …";
      stream.write(`\r\u001b[2K${LABEL[phase]}${bar} ${elapsed}`);
    },
    finish() {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}
