/**
 * The store's fail-closed deadline: a call that has not answered in time
 * rejects, so a stalled database turns into `STORE_UNAVAILABLE` instead of a
 * request that hangs.
 * @module
 */

/**
 * Raised by a `PostgresStore` call that did not answer within its `timeout`.
 *
 * @example
 * ```ts
 * if (error instanceof PostgresTimeoutError) metrics.increment('auth.store.timeout');
 * ```
 */
export class PostgresTimeoutError extends Error {
  override readonly name = 'PostgresTimeoutError';
  constructor(
    readonly operation: string,
    readonly timeout: number,
  ) {
    super(`tokenwarden/postgres: ${operation} did not answer within ${timeout} ms`);
  }
}

export function withDeadline<T>(work: Promise<T>, timeout: number, operation: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PostgresTimeoutError(operation, timeout)), timeout);
  });
  // The abandoned statement may still fail later: that rejection has no listener left.
  work.catch(() => {});
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
