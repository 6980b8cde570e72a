/**
 * Login throttling for the Fastify example with `@fastify/rate-limit`: one
 * counter per client address, one per username (in Redis through ioredis
 * when STORE=redis: the plugin's Redis store speaks ioredis only), both
 * answering 429 `RATE_LIMITED` with `Retry-After` in the contract's shape.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ExampleSetup } from '../shared/auth-setup.js';
import { RATE_LIMIT_PREFIX, rateLimited, usernameOf } from '../shared/login-throttle.js';

/** Counts every `POST <auth.refreshPath>/login` once the body is parsed (preHandler). */
export async function addLoginLimits(app: FastifyInstance, { auth, config }: ExampleSetup) {
  const { perAddress, perUsername, windowMs } = config.loginLimits;
  await app.register(rateLimit, {
    global: false,
    ...(config.redisUrl ? { redis: await ioredis(app, config.redisUrl) } : {}),
    nameSpace: RATE_LIMIT_PREFIX,
  });
  const limiters = [
    app.createRateLimit({
      max: perAddress,
      timeWindow: windowMs,
      keyGenerator: (req) => `address:${req.ip}`,
    }),
    app.createRateLimit({
      max: perUsername,
      timeWindow: windowMs,
      keyGenerator: (req) => `username:${usernameOf(req.body)}`,
      allowList: (req: FastifyRequest) => usernameOf(req.body) === undefined,
    }),
  ];
  const loginPath = `${auth.refreshPath}/login`;
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'POST' || req.routeOptions.url !== loginPath) return;
    for (const limiter of limiters) {
      const result = await limiter(req);
      if (!result.isAllowed && result.isExceeded) {
        const { status, headers, body } = rateLimited(result.ttlInSeconds);
        return reply.code(status).headers(headers).send(JSON.stringify(body));
      }
    }
  });
}

async function ioredis(app: FastifyInstance, url: string) {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  app.addHook('onClose', async () => {
    await client.quit();
  });
  return client;
}
