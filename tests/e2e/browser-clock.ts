/**
 * One clock for the browser and the example server: each test gets a fresh
 * browser context whose Playwright clock is paused one second after the
 * server's time, and `advance` moves both, so due browser timers fire while
 * the server sees the same time. Call inside a `describe`; it registers the
 * per-test hooks there.
 */
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';

export interface SharedClock {
  /** The server's time (ms since the epoch): hand `() => clock.now()` to the example. */
  now(): number;
  /** This test's browser context. */
  readonly context: BrowserContext;
  /**
   * Another browser context for this test (another browser: its own cookies,
   * its own `userAgent`, …) on the same clock, closed after the test.
   */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Moves the server's clock and every context's by `ms`. */
  advance(ms: number): Promise<void>;
}

export function useSharedClock(browser: () => Browser, start = Date.now()): SharedClock {
  let serverNow = start;
  let contexts: BrowserContext[] = [];

  // The new context's clock is installed at the server's time, which then
  // moves one second on (pauseAt only goes forward), and the others with it.
  async function open(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser().newContext(options);
    // Fail in seconds, not at the test timeout, when the page never gets there.
    context.setDefaultTimeout(5000);
    await context.clock.install({ time: serverNow });
    serverNow += 1000;
    await context.clock.pauseAt(serverNow);
    await Promise.all(contexts.map((other) => other.clock.fastForward(1000)));
    contexts.push(context);
    return context;
  }

  beforeEach(async () => {
    contexts = [];
    await open();
  });
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
  });
  return {
    now: () => serverNow,
    get context() {
      const [first] = contexts;
      if (!first) throw new Error('useSharedClock: no browser context outside a test');
      return first;
    },
    newContext: open,
    async advance(ms) {
      serverNow += ms;
      await Promise.all(contexts.map((context) => context.clock.fastForward(ms)));
    },
  };
}
