/**
 * The cross-process race of issues 11 and 12, on any shared store: two Node
 * processes (cross-process-worker.ts) each fire 200 concurrent refreshes of
 * the same token at one server. The claims:
 * - exactly one successor lineage: every 200 OK, in both processes, carries
 *   the same successor (generation 1), and the store made exactly one rotation;
 * - no false reuse inside the grace window: every one of the 400 refreshes
 *   succeeds, nothing is revoked;
 * - a replay of the parent after the window revokes the session, and the
 *   successor stops working.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { createRotationEngine, isAuthError, type TokenStore } from '../../src/index.js';
import type { WorkerReport, WorkerTask } from './cross-process-worker.js';

const WORKER = fileURLToPath(new URL('./cross-process-worker.ts', import.meta.url));
export const PROCESSES = 2;
export const RACERS = 200;
/** The engines' shared key: instances sharing a store must share it. */
export const ROTATION_KEY = 'cross-process-rotation-key-0123456789abcdef';
/** Seconds: long enough that a loaded CI machine finishes the race inside it. */
const GRACE_SECONDS = 120;
/**
 * The grace cap must cover every racer. A racer whose session read lands
 * after the winner's rotation committed is, to the engine, indistinguishable
 * from a replay that arrives after it (it presents generation g - 1 of a
 * session already at g), so it is counted against `maxGraceReplays`; only
 * racers that lose the compare-and-swap itself are exempt. With the default
 * cap of 3, a 400-way race would (correctly, by today's cap rules) be
 * refused as reuse and revoke the session: the cap is issue 13's subject,
 * not this test's. This test claims one lineage and no false reuse *inside
 * the window when the cap allows the racers*.
 */
const MAX_GRACE_REPLAYS = PROCESSES * RACERS;

/** Starts a worker and resolves once it is connected and waiting for `go`. */
function startWorker(task: WorkerTask) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(task)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (what: string): Promise<string> => {
    const { value, done } = await iterator.next();
    if (done) throw new Error(`worker exited before ${what}: ${stderr}`);
    return value;
  };
  return {
    ready: next('ready').then((line) => expect(line).toBe('ready')),
    go: () => child.stdin.write('go\n'),
    report: async () => {
      const report = JSON.parse(await next('its report')) as WorkerReport;
      await new Promise((resolve) => child.once('close', resolve));
      return report;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/**
 * Runs the race on `store` (this process's view of the server) with worker
 * `i` connecting as `workerStore(i)` says, then the replay after the window.
 */
export async function raceAcrossProcesses(
  store: TokenStore,
  workerStore: (worker: number) => WorkerTask['store'],
): Promise<void> {
  let offset = 0;
  const options = {
    store,
    rotationKey: ROTATION_KEY,
    reuseGrace: GRACE_SECONDS,
    maxGraceReplays: MAX_GRACE_REPLAYS,
    clock: () => Date.now() + offset,
  };
  const engine = createRotationEngine(options);
  const parent = await engine.login({ subject: 'alice' });
  const task = (worker: number): WorkerTask => ({
    store: workerStore(worker),
    rotationKey: ROTATION_KEY,
    reuseGrace: GRACE_SECONDS,
    maxGraceReplays: MAX_GRACE_REPLAYS,
    token: parent.refreshToken,
    racers: RACERS,
  });
  const workers = Array.from({ length: PROCESSES }, (_, i) => startWorker(task(i)));
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const reports = await Promise.all(workers.map((w) => w.report()));

    const outcomes = reports.flatMap((r) => r.outcomes);
    expect(outcomes).toHaveLength(PROCESSES * RACERS);
    // No false reuse: every racer got a 200 OK (a refusal would name its code here).
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    // One lineage: one successor for all 400, in both processes.
    const successors = new Set(outcomes.map((o) => (o.ok ? o.token : '')));
    expect(successors.size).toBe(1);
    const [successor] = [...successors] as [string];
    expect(successor.split('.')[1]).toBe('1');
    for (const report of reports)
      expect(report.outcomes.every((o) => o.ok && o.token === successor)).toBe(true);
    // Exactly one rotation in the whole fleet; no reuse was detected anywhere.
    const count = (type: keyof WorkerReport['events']) =>
      reports.reduce((sum, r) => sum + (r.events[type] ?? 0), 0);
    expect(count('refresh')).toBe(1);
    expect(count('refresh.grace_replay')).toBe(PROCESSES * RACERS - 1);
    expect(count('refresh.reuse_detected')).toBe(0);
    const afterRace = await store.getSession(parent.sessionId, Date.now());
    expect(afterRace).toMatchObject({ status: 'active', generation: 1 });

    // The parent replayed once the window has passed: reuse, the session is revoked.
    offset = (GRACE_SECONDS + 1) * 1000;
    const replay = await engine.refresh(parent.refreshToken).catch((error: unknown) => error);
    expect(isAuthError(replay) && replay.code).toBe('REFRESH_TOKEN_REUSED');
    expect(await store.getSession(parent.sessionId, Date.now() + offset)).toMatchObject({
      status: 'revoked',
    });
    const afterRevoke = await engine.refresh(successor).catch((error: unknown) => error);
    expect(isAuthError(afterRevoke) && afterRevoke.code).toBe('SESSION_REVOKED');
  } finally {
    for (const w of workers) w.kill();
  }
}
