/**
 * Clean shutdown on SIGINT/SIGTERM: stop accepting requests, let the ones in
 * flight finish, then close the store's client, pool or database (PGlite
 * flushes its data directory on close).
 */
export function closeOnSignals(steps: {
  server: () => Promise<void>;
  store: () => Promise<void>;
}): void {
  let closing = false;
  const shutdown = async () => {
    // A second Ctrl-C while closing exits at once.
    if (closing) process.exit(1);
    closing = true;
    try {
      await steps.server();
      await steps.store();
      process.exit(0);
    } catch (error) {
      console.error(`tokenwarden example: shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
