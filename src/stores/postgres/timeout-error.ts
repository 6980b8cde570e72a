/**
 * The error of the store's fail-closed deadline (`../deadline.ts`): a call
 * that has not answered in time rejects, so a stalled database turns into
 * `STORE_UNAVAILABLE` instead of a request that hangs.
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
