/**
 * Every server a test file starts is registered here, so one
 * `afterAll(stopAllServers)` stops them all, including those a failed
 * `beforeAll` started half-way, and whatever is still running when the
 * process exits is killed.
 */
import { rmSync } from 'node:fs';

export interface Cleanable {
  readonly dir: string;
  stop(): Promise<void>;
  /** Synchronous SIGKILL, for the process `exit` hook. */
  killNow(): void;
}

const registered = new Set<Cleanable>();
let exitHooked = false;

export function registerForCleanup(server: Cleanable): void {
  registered.add(server);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', killLeftovers);
}

/**
 * Stops every registered server, removes their directories and forgets them.
 * Rejects (after stopping all) if any did not stop cleanly.
 *
 * @example
 * afterAll(stopAllServers);
 */
export async function stopAllServers(): Promise<void> {
  const servers = [...registered];
  registered.clear();
  const results = await Promise.allSettled(servers.map((server) => server.stop()));
  for (const server of servers) removeDir(server.dir);
  const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (errors.length > 0) throw new AggregateError(errors, 'some test servers did not stop cleanly');
}

function killLeftovers(): void {
  for (const server of registered) {
    server.killNow();
    removeDir(server.dir);
  }
  registered.clear();
}

function removeDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A process killed a moment ago may still be closing files: the OS temp dir is cleaned later.
  }
}
