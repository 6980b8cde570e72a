/**
 * Coordination between tabs of one origin: a Web Lock so one tab refreshes at
 * a time, and a `BroadcastChannel` that shares the result (and logouts).
 * Without either API (older browsers, Node) every method degrades to a no-op
 * and the client behaves as a single tab.
 * @module
 */
import { isRecord } from './client-error.js';
import type { SessionEndReason } from './options.js';

/**
 * What tabs tell each other (times in milliseconds since the epoch). The token
 * travels in memory between same-origin tabs only.
 */
export type TabMessage =
  | { type: 'token'; accessToken: string; expiresAtMs: number; refreshAtMs: number; login: boolean }
  | { type: 'refresh-failed' }
  | { type: 'logout'; reason?: SessionEndReason };

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
  // Node's BroadcastChannel keeps the process alive; a client created during SSR or in a test must not.
  (channel as { unref?: () => void } | undefined)?.unref?.();
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  const lockName = `${name}:refresh`;
  let outcomeCount = 0;
  let closed = false;
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
    post(message) {
      // postMessage on a closed channel throws InvalidStateError.
      if (!closed) channel?.postMessage(message);
    },
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
      let started = false;
      const run = (waited: boolean) => {
        started = true;
        return task(waited);
      };
      try {
        // Try without queueing first, to learn whether another tab is refreshing right now.
        const free = await locks.request(lockName, { ifAvailable: true }, async (lock) =>
          lock ? { value: await run(false) } : undefined,
        );
        if (free) return free.value;
        return await locks.request(lockName, () => run(true));
      } catch (err) {
        // Opaque origins (sandboxed iframes, file:) refuse Web Locks with a
        // SecurityError: degrade to a single tab rather than never refreshing.
        if (started) throw err;
        return task(false);
      }
    },
    close() {
      closed = true;
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
    Number.isFinite(data.expiresAtMs) &&
    Number.isFinite(data.refreshAtMs) &&
    typeof data.login === 'boolean'
  );
}
