/**
 * One timing primitive for the whole bench: mitata's `measure` in a full run,
 * a handful of plain calls in a smoke run (CI), where only "it runs and gives
 * the right answer" matters.
 */
import { measure } from 'mitata';

export interface Timing {
  /** Mean nanoseconds per call. */
  readonly ns: number;
}

export async function time(fn: () => unknown, smoke: boolean): Promise<Timing> {
  if (smoke) {
    const start = performance.now();
    for (let i = 0; i < 3; i++) await fn();
    return { ns: ((performance.now() - start) * 1e6) / 3 };
  }
  const stats = await measure(fn, { min_cpu_time: 150e6, warmup_samples: 64 });
  return { ns: stats.avg };
}

/**
 * Mean CPU nanoseconds per call, counted by `process.cpuUsage()` over every
 * thread of the process (so Web Crypto's thread-pool work counts too), not
 * wall time: on a shared machine, wall time also counts the waits for the
 * scheduler, which swamp the thread-pool rows. Calls run back to back until
 * 0.3 s of CPU is used.
 */
export async function cpuTime(fn: () => unknown, smoke: boolean): Promise<Timing> {
  for (let i = 0; i < (smoke ? 1 : 256); i++) await settle(fn());
  const budgetMicros = smoke ? 0 : 300_000;
  const start = process.cpuUsage();
  let calls = 0;
  let used = 0;
  do {
    for (let i = 0; i < (smoke ? 3 : 64); i++) await settle(fn());
    calls += smoke ? 3 : 64;
    const spent = process.cpuUsage(start);
    used = spent.user + spent.system;
  } while (used < budgetMicros);
  return { ns: (used * 1000) / calls };
}

// Awaits only real promises: a synchronous verifier is not charged a microtask turn.
function settle(value: unknown): unknown {
  return value instanceof Promise ? value : undefined;
}

/** Throws unless `check` holds for the value `fn` produces: never time a failure path. */
export async function expectWorks(
  name: string,
  fn: () => unknown,
  check: (value: unknown) => boolean,
): Promise<void> {
  const value = await fn();
  if (!check(value)) throw new Error(`bench: ${name} did not produce the expected result`);
}
