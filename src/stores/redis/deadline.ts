/**
 * The deadline of one store call: fail closed rather than hang.
 * @module
 */

/**
 * Whether the call is still within its deadline. A step that would send
 * another command (the `EVAL` after a `NOSCRIPT`) asks first, so a call that
 * already timed out never sends anything more.
 */
export type StillLive = () => boolean;

/**
 * Runs `call` and rejects once `ms` pass without an answer. The late answer
 * is dropped (the race already settled; its rejection is handled, never
 * unhandled), and nothing is retried: a timed-out write may or may not have
 * happened, which the engine treats as a failure (`STORE_UNAVAILABLE`).
 */
export async function withDeadline<T>(
  ms: number,
  what: string,
  call: (live: StillLive) => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expired = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new Error(`tokenwarden/redis: ${what} got no answer within ${ms} ms`));
    }, ms);
    // The deadline alone must not keep a process alive.
    timer.unref?.();
  });
  try {
    return await Promise.race([call(() => !expired), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
