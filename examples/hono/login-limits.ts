/**
 * Login throttling for the Hono example with `hono-rate-limiter`: one counter
 * per client address, one per username (in Redis through the limiter's own
 * `RedisStore`, over the example's node-redis client, when STORE=redis), both
 * answering 429 `RATE_LIMITED` with `Retry-After` in the contract's shape.
 * The login body is read at most once more than the library's Web handler
 * reads it, from a copy, within the same 16 KB limit.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import {
  type RateLimitInfo,
  type RedisClient,
  RedisStore,
  rateLimiter,
  type Store,
} from 'hono-rate-limiter';
import type { ExampleSetup } from '../shared/auth-setup.js';
import { contractErrorResponse, MAX_BODY_BYTES } from '../shared/http-errors.js';
import { RATE_LIMIT_PREFIX, rateLimited, usernameOf } from '../shared/login-throttle.js';

/** The client's address, as the server that runs the app sees it (Node or Bun). */
export type ClientAddress = (c: Context) => string;

/** Middleware for `POST <auth.refreshPath>/login`: the body's username, then both counters. */
export function loginLimits(
  { config, redisCommand }: ExampleSetup,
  clientAddress: ClientAddress,
): MiddlewareHandler {
  const { perAddress, perUsername, windowMs } = config.loginLimits;
  const store = (name: string): Partial<{ store: Store }> =>
    redisCommand
      ? {
          store: new RedisStore({
            client: redisClient(redisCommand),
            prefix: `${RATE_LIMIT_PREFIX}${name}:`,
          }),
        }
      : {};
  const handler = (c: Context) => {
    const info = c.get('rateLimit') as RateLimitInfo | undefined;
    const resetTime = info?.resetTime;
    const { status, headers, body } = rateLimited(
      resetTime ? (resetTime.getTime() - Date.now()) / 1000 : windowMs / 1000,
    );
    return new Response(JSON.stringify(body), { status, headers });
  };
  return every(
    // The same limit as the glue's, answered as Express's body parser is (BAD_REQUEST).
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => contractErrorResponse(400) }),
    readUsername,
    rateLimiter({
      ...store('address'),
      windowMs,
      limit: perAddress,
      keyGenerator: clientAddress,
      handler,
    }),
    rateLimiter({
      ...store('username'),
      windowMs,
      limit: perUsername,
      skip: (c) => usernames.get(c.req.raw) === undefined,
      keyGenerator: (c) => usernames.get(c.req.raw) as string,
      handler,
    }),
  );
}

/** Each login's username, read once for both counters; gone with its request. */
const usernames = new WeakMap<Request, string | undefined>();

/**
 * The body's username, from a copy of the body: the request itself stays
 * unread for the library's handler. Anything but a JSON object with a
 * username counts for the address alone (the handler answers BAD_REQUEST).
 */
const readUsername: MiddlewareHandler = async (c, next) => {
  let username: string | undefined;
  try {
    username = usernameOf(JSON.parse(await c.req.raw.clone().text()));
  } catch {
    username = undefined;
  }
  usernames.set(c.req.raw, username);
  await next();
};

/** The limiter's Redis client, over the example's node-redis `sendCommand`. */
function redisClient(send: (args: string[]) => Promise<unknown>): RedisClient {
  return {
    scriptLoad: (script) => send(['SCRIPT', 'LOAD', script]) as Promise<string>,
    evalsha: (sha, keys, args) =>
      send(['EVALSHA', sha, String(keys.length), ...keys, ...args.map(String)]) as never,
    decr: (key) => send(['DECR', key]) as Promise<number>,
    del: (key) => send(['DEL', key]) as Promise<number>,
  };
}
