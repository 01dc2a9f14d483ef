// A pause point for the fault tests (test/faults/): with IMPORT_DOCTOR_FAULT_PAUSE_MS set, a fix's write stops
// before each file it replaces, says so on stderr, and sleeps, so that a test can edit a file or kill the process
// exactly there. Unset (always, outside those tests), it does nothing.
const pauseMs = Number(process.env.IMPORT_DOCTOR_FAULT_PAUSE_MS ?? 0);

export function pauseForFaultTests(step: number, rel: string): void {
  if (!(pauseMs > 0)) return;
  process.stderr.write(`import-doctor: fault pause before write ${step} (${rel})\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
}
