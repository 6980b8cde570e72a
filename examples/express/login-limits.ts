/**
 * Login throttling for the Express example with `express-rate-limit`: one
 * counter per client address, one per username (in Redis through
 * `rate-limit-redis` when STORE=redis), both answering 429 `RATE_LIMITED`
 * with `Retry-After` in the contract's shape.
 */
import express, { type Request, type RequestHandler } from 'express';
import { ipKeyGenerator, type Options, rateLimit } from 'express-rate-limit';
import { RedisStore } from 'rate-limit-redis';
import type { ExampleSetup } from '../shared/auth-setup.js';
import { MAX_BODY_BYTES } from '../shared/http-errors.js';
import { RATE_LIMIT_PREFIX, rateLimited, usernameOf } from '../shared/login-throttle.js';

/** Middleware for `POST /auth/login`: parse the body (16 KB, as the glue), then count. */
export function loginLimits({ config, redisCommand }: ExampleSetup): RequestHandler[] {
  const { perAddress, perUsername, windowMs } = config.loginLimits;
  const common = (name: string): Partial<Options> => ({
    windowMs,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    ...(redisCommand
      ? {
          store: new RedisStore({
            sendCommand: (...args: string[]) => redisCommand(args) as never,
            prefix: `${RATE_LIMIT_PREFIX}${name}:`,
          }),
        }
      : {}),
    handler: (req, res) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit
        ?.resetTime;
      const { status, headers, body } = rateLimited(
        resetTime ? (resetTime.getTime() - Date.now()) / 1000 : windowMs / 1000,
      );
      res.status(status).set(headers).send(JSON.stringify(body));
    },
  });
  return [
    // The glue uses a body parsed here; its errors reach authErrorHandler (BAD_REQUEST).
    express.json({ limit: MAX_BODY_BYTES }),
    rateLimit({
      ...common('address'),
      limit: perAddress,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    }),
    rateLimit({
      ...common('username'),
      limit: perUsername,
      skip: (req) => usernameOf(req.body) === undefined,
      keyGenerator: (req) => usernameOf(req.body)!,
    }),
  ];
}
