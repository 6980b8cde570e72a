/**
 * The deadline of one store call, shared by the stores that talk to a server:
 * fail closed rather than hang. Bundled into each store's subpath.
 * @module
 */

/**
 * Whether the call is still within its deadline. A step that would send
 * another command (Redis's `EVAL` after a `NOSCRIPT`) asks first, so a call
 * that already timed out never sends anything more.
 */
export type StillLive = () => boolean;

/**
 * Runs `call` and rejects with `expired()` once `ms` pass without an answer.
 * The late answer is dropped: the race already settled, and its rejection is
 * handled by the race, never unhandled. Nothing is retried: a timed-out write
 * may or may not have happened, which the engine treats as a failure
 * (`STORE_UNAVAILABLE`).
 */
export async function withDeadline<T>(
  ms: number,
  expired: () => Error,
  call: (live: StillLive) => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let over = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      over = true;
      reject(expired());
    }, ms);
    // The deadline alone must not keep a process alive.
    timer.unref?.();
  });
  try {
    return await Promise.race([call(() => !over), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
