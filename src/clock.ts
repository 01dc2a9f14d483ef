// A monotonic clock in milliseconds for the timings: process.hrtime, not the `performance` global, whose first use
// loads node's perf_hooks (a dozen of node's own modules) on a run that may need nothing else.
export const clockMs = (): number => Number(process.hrtime.bigint()) / 1e6;
