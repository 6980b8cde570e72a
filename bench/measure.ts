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

/** Throws unless `check` holds for the value `fn` produces: never time a failure path. */
export async function expectWorks(
  name: string,
  fn: () => unknown,
  check: (value: unknown) => boolean,
): Promise<void> {
  const value = await fn();
  if (!check(value)) throw new Error(`bench: ${name} did not produce the expected result`);
}
