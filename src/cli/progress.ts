// A progress bar on stderr (files parsed / total), only on a TTY, never in CI, and only once a run passes a second.
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const NONE: Progress = { update: () => {}, finish: () => {} };

export function progressBar(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY || process.env.CI) return NONE;
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < 1000 || (now - last < 80 && done < total)) return;
      last = now;
      shown = true;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r\u001b[2Kparsing [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} files`);
    },
    finish() {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}
