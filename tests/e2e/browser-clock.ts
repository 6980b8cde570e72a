/**
 * One clock for the browser and the example server: each test gets a fresh
 * browser context whose Playwright clock is paused one second after the
 * server's time, and `advance` moves both, so due browser timers fire while
 * the server sees the same time. Call inside a `describe`; it registers the
 * per-test hooks there.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';

export interface SharedClock {
  /** The server's time (ms since the epoch): hand `() => clock.now()` to the example. */
  now(): number;
  /** This test's browser context. */
  readonly context: BrowserContext;
  /** Moves both clocks by `ms`. */
  advance(ms: number): Promise<void>;
}

export function useSharedClock(browser: () => Browser, start = Date.now()): SharedClock {
  let serverNow = start;
  let context: BrowserContext | undefined;
  beforeEach(async () => {
    context = await browser().newContext();
    // Fail in seconds, not at the test timeout, when the page never gets there.
    context.setDefaultTimeout(5000);
    await context.clock.install({ time: serverNow });
    serverNow += 1000;
    await context.clock.pauseAt(serverNow);
  });
  afterEach(async () => {
    await context?.close();
  });
  return {
    now: () => serverNow,
    get context() {
      if (!context) throw new Error('useSharedClock: no browser context outside a test');
      return context;
    },
    async advance(ms) {
      serverNow += ms;
      await this.context.clock.fastForward(ms);
    },
  };
}
