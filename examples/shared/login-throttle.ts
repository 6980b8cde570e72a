/**
 * Login throttling shared by both examples: the limits (per client address
 * and per username, counted over a window), the 429 answer in the contract's
 * shape, and a bound on password hashing so a flood cannot starve honest
 * logins. Each app counts with its framework's well-kept limiter
 * (`express-rate-limit`, `@fastify/rate-limit`), in Redis when STORE=redis so
 * every instance shares the counts.
 */
import { AuthError, toErrorResponse } from 'tokenwarden';

/** Login attempts allowed per window. */
export interface LoginLimits {
  /** Attempts per client address. */
  perAddress: number;
  /** Attempts per username, from any address (a password-guessing run on one account). */
  perUsername: number;
  windowMs: number;
}

/** The Redis key prefix of the counters, beside the TokenStore's `tw:`. */
export const RATE_LIMIT_PREFIX = 'tw-demo:login:';

/**
 * The username a login body names, normalised, for the per-username count;
 * undefined when there is none (the login route answers BAD_REQUEST).
 */
export function usernameOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { username } = body as { username?: unknown };
  if (typeof username !== 'string' || username.length === 0 || username.length > 256) {
    return undefined;
  }
  return username.normalize('NFKC').toLowerCase();
}

/** The 429 `RATE_LIMITED` answer, with `Retry-After` in whole seconds (at least 1). */
export function rateLimited(retryAfterSeconds: number) {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return toErrorResponse(
    new AuthError('RATE_LIMITED', {
      message: 'Too many login attempts; try again later.',
      retryAfter,
    }),
  );
}

/** Runs password checks with at most `concurrency` at once and `maxWaiting` queued. */
export interface HashGate {
  run<T>(check: () => Promise<T>): Promise<T>;
}

/**
 * A small semaphore in front of password hashing. scrypt runs on libuv's
 * thread pool (4 threads by default): hundreds of concurrent checks queue
 * there unseen, and an honest login waits behind all of them. Here the queue
 * is visible and bounded, and past it a login is refused at once with
 * `RATE_LIMITED` (Retry-After: 1) instead of waiting seconds.
 */
export function createHashGate(concurrency: number, maxWaiting: number): HashGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(check) {
      if (running >= concurrency) {
        if (waiting.length >= maxWaiting) {
          throw new AuthError('RATE_LIMITED', {
            message: 'Too many logins in progress; try again shortly.',
            retryAfter: 1,
          });
        }
        // The slot passes straight from the releasing check to this one.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      try {
        return await check();
      } finally {
        release();
      }
    },
  };
}
