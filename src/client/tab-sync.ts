/**
 * Coordination between tabs of one origin: a Web Lock so one tab refreshes at
 * a time, and a `BroadcastChannel` that shares the result (and logouts).
 * Without either API (older browsers, Node) every method degrades to a no-op
 * and the client behaves as a single tab.
 * @module
 */
import { isRecord } from './client-error.js';

/** What tabs tell each other. The token travels in memory between same-origin tabs only. */
export type TabMessage =
  | { type: 'token'; accessToken: string; expiresAt: number; refreshAt: number; login: boolean }
  | { type: 'refresh-failed' }
  | { type: 'logout' };

/** See the module doc. */
export interface TabSync {
  post(message: TabMessage): void;
  /**
   * Runs `task` holding the refresh lock. `waited` is true when another tab
   * held it first: that tab may have refreshed (rotating the shared cookie)
   * while this one waited.
   */
  withRefreshLock<T>(task: (waited: boolean) => Promise<T>): Promise<T>;
  /** How many refresh outcomes (success or failure) other tabs have announced. */
  outcomes(): number;
  /** Resolves once more than `seen` outcomes were announced, or after `timeoutMs`. */
  nextOutcome(seen: number, timeoutMs: number): Promise<void>;
  close(): void;
}

export function createTabSync(name: string, onMessage: (message: TabMessage) => void): TabSync {
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  const lockName = `${name}:refresh`;
  let outcomeCount = 0;
  let waiters: (() => void)[] = [];

  channel?.addEventListener('message', (event: MessageEvent) => {
    if (!isTabMessage(event.data)) return;
    onMessage(event.data);
    if (event.data.type === 'logout') return;
    outcomeCount++;
    for (const wake of waiters) wake();
    waiters = [];
  });

  return {
    post: (message) => channel?.postMessage(message),
    outcomes: () => outcomeCount,
    nextOutcome: (seen, timeoutMs) =>
      outcomeCount > seen || !channel
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            waiters.push(() => {
              clearTimeout(timer);
              resolve();
            });
          }),
    async withRefreshLock(task) {
      if (!locks) return task(false);
      // Try without queueing first, to learn whether another tab is refreshing right now.
      const free = await locks.request(lockName, { ifAvailable: true }, async (lock) =>
        lock ? { value: await task(false) } : undefined,
      );
      if (free) return free.value;
      return locks.request(lockName, () => task(true));
    },
    close() {
      channel?.close();
      for (const wake of waiters) wake();
      waiters = [];
    },
  };
}

function isTabMessage(data: unknown): data is TabMessage {
  if (!isRecord(data)) return false;
  if (data.type === 'logout' || data.type === 'refresh-failed') return true;
  return (
    data.type === 'token' &&
    typeof data.accessToken === 'string' &&
    typeof data.expiresAt === 'number' &&
    typeof data.refreshAt === 'number' &&
    typeof data.login === 'boolean'
  );
}
