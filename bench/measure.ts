/**
 * The bench's timing primitives: mitata's `measure` for the tables, paired
 * alternating bursts for the targets; in a smoke run (CI) a handful of plain
 * calls, where only "it runs and gives the right answer" matters.
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

/** One implementation's time relative to another's, from paired bursts. */
export interface PairedRatio {
  /** Median of the per-pair ratios of CPU time, all threads (`process.cpuUsage()`). */
  readonly cpu: number;
  /** Median of the per-pair ratios of wall time. */
  readonly wall: number;
}

const PAIRS = 101;
const BURST_NS = 4e6;

/**
 * `a`'s time ÷ `b`'s, for the targets: short bursts of each (about 4 ms, the
 * same number of calls for both), back to back and in alternating order,
 * 101 times; the median of the per-pair ratios. On a shared machine the
 * speed drifts by tens of percent over seconds, which best-of-N rounds of
 * long runs do not cancel; neighbours in time see the same machine, so their
 * ratio does. CPU time counts every thread, so Web Crypto's thread-pool work
 * is charged too and waits for the scheduler are not.
 */
export async function pairedRatio(
  a: () => unknown,
  b: () => unknown,
  smoke: boolean,
): Promise<PairedRatio> {
  const calls = smoke ? 2 : await callsPerBurst(a, b);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let pair = 0; pair < (smoke ? 1 : PAIRS); pair++) {
    const aFirst = pair % 2 === 0;
    const first = await burst(aFirst ? a : b, calls);
    const second = await burst(aFirst ? b : a, calls);
    const [ta, tb] = aFirst ? [first, second] : [second, first];
    cpu.push(ta.cpu / tb.cpu);
    wall.push(ta.wall / tb.wall);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

async function callsPerBurst(a: () => unknown, b: () => unknown): Promise<number> {
  const probe = 64;
  const slower = Math.max((await burst(a, probe)).wall, (await burst(b, probe)).wall) / probe;
  return Math.max(8, Math.round(BURST_NS / 1e6 / slower));
}

async function burst(fn: () => unknown, calls: number): Promise<{ cpu: number; wall: number }> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < calls; i++) await settle(fn());
  const wall = performance.now() - wall0;
  const spent = process.cpuUsage(cpu0);
  // A burst too short for the CPU clock to tick still counts as a little work.
  return { cpu: Math.max(1, spent.user + spent.system), wall };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
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

const SMOKE_PAIRS = 5;

/** One call of a refresh chain: chain `chain` advances by one rotation. */
export type ChainStep = (chain: number) => Promise<unknown>;

/** Throughput of `a` ÷ throughput of `b` (above 1: `a` is faster), with each one's rate. */
export interface PairedThroughput {
  /** Median per-pair ratio on this process's CPU time, all threads. */
  readonly cpu: number;
  /** Median per-pair ratio on wall time. */
  readonly wall: number;
  /** Median calls per second of `a` and of `b`, wall time. */
  readonly aPerSecond: number;
  readonly bPerSecond: number;
}

export interface ThroughputPlan {
  /** Chains in flight: each runs its calls one after another. */
  readonly concurrency: number;
  /** Pairs of bursts (the smoke run does one). */
  readonly pairs: number;
  /** Target length of one burst of the slower side, ms. */
  readonly burstMs: number;
}

/**
 * {@link pairedRatio} with `concurrency` chains in flight: alternating bursts
 * of `a` and `b`, each `concurrency` chains × the same number of calls, and
 * the median of the per-pair throughput ratios. Chain `i` of a burst calls
 * `step(i)`, so each side keeps its own state per chain. A smoke run does 5
 * pairs of bursts a tenth as long: a rough figure for the CI log, in well
 * under a second per call.
 */
export async function pairedThroughput(
  a: ChainStep,
  b: ChainStep,
  plan: ThroughputPlan,
  smoke: boolean,
): Promise<PairedThroughput> {
  const { concurrency } = plan;
  const pairs = smoke ? SMOKE_PAIRS : plan.pairs;
  const perChain = await callsPerChain(
    a,
    b,
    smoke ? { ...plan, burstMs: plan.burstMs / 10 } : plan,
  );
  const calls = perChain * concurrency;
  const cpu: number[] = [];
  const wall: number[] = [];
  const rates: [number[], number[]] = [[], []];
  for (let pair = 0; pair < pairs; pair++) {
    const aFirst = pair % 2 === 0;
    const first = await chainBurst(aFirst ? a : b, concurrency, perChain);
    const second = await chainBurst(aFirst ? b : a, concurrency, perChain);
    const [ta, tb] = aFirst ? [first, second] : [second, first];
    cpu.push(tb.cpu / ta.cpu);
    wall.push(tb.wall / ta.wall);
    rates[0].push((calls * 1000) / ta.wall);
    rates[1].push((calls * 1000) / tb.wall);
  }
  return {
    cpu: median(cpu),
    wall: median(wall),
    aPerSecond: median(rates[0]),
    bPerSecond: median(rates[1]),
  };
}

async function callsPerChain(a: ChainStep, b: ChainStep, plan: ThroughputPlan): Promise<number> {
  const probe = 8;
  // Twice each: the first burst also pays for warm-up (JIT, connections).
  await chainBurst(a, plan.concurrency, probe);
  await chainBurst(b, plan.concurrency, probe);
  const slower = Math.max(
    (await chainBurst(a, plan.concurrency, probe)).wall,
    (await chainBurst(b, plan.concurrency, probe)).wall,
  );
  return Math.max(2, Math.round((plan.burstMs / slower) * probe));
}

async function chainBurst(
  step: ChainStep,
  concurrency: number,
  perChain: number,
): Promise<{ cpu: number; wall: number }> {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const chain = async (i: number) => {
    for (let k = 0; k < perChain; k++) await step(i);
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => chain(i)));
  const wall = performance.now() - wall0;
  const spent = process.cpuUsage(cpu0);
  return { cpu: Math.max(1, spent.user + spent.system), wall };
}
