/**
 * Login throttling in the three examples (DESIGN "HTTP contract": repeated
 * failures per client address and per username get 429 `RATE_LIMITED` with
 * `Retry-After`), with their in-memory counters and with the Redis ones
 * (STORE=redis), and the bound on password hashing: under a flood of logins
 * an honest one still answers about as fast as alone. Clients come from
 * several loopback addresses (127.0.0.x) to tell the two counters apart.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleName, type RunningExample, startExample } from './harness.js';
import { type SpawnedExample, spawnExample } from './spawned-example.js';
import { redisBackend } from './store-backends.js';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: inspected field by field
  json: any;
  ms: number;
}

/** POST /auth/login from `from` (a loopback address). */
function login(
  app: { port: number },
  credentials: { username: string; password: string },
  from = '127.0.0.1',
): Promise<Answer> {
  const body = JSON.stringify(credentials);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: app.port,
        path: '/auth/login',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            retryAfter: res.headers['retry-after'],
            json: JSON.parse(text),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const BOB = { username: 'bob', password: 'bob-password' };
const wrong = (username = 'bob') => ({ username, password: 'wrong-password' });
const address = (n: number) => `127.0.0.${n}`;

function expectRateLimited(answer: Answer): void {
  expect(answer.status).toBe(429);
  expect(answer.json).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
  expect(Number(answer.retryAfter)).toBeGreaterThan(0);
  expect(Number.isInteger(Number(answer.retryAfter))).toBe(true);
}

const redis = redisBackend();
afterAll(() => redis.dispose());

describe.each([
  ['express', 'memory'],
  ['fastify', 'memory'],
  ['hono', 'memory'],
  ['express', 'redis'],
  ['fastify', 'redis'],
  ['hono', 'redis'],
] as [ExampleName, string][])('%s example, counters on %s', (name, store) => {
  const limits = { LOGIN_LIMIT_PER_ADDRESS: '20', LOGIN_LIMIT_PER_USERNAME: '10' };

  async function start(): Promise<RunningExample> {
    const storeEnv = store === 'redis' ? await redis.instanceEnv() : { STORE: 'memory' };
    return startExample(name, { ...storeEnv, ...limits });
  }

  it('refuses the right password after 100 wrong ones for the username, from any address', async () => {
    const app = await start();
    try {
      const answers: Answer[] = [];
      // Ten addresses, ten attempts each: under the per-address limit, over the per-username one.
      for (let n = 2; n < 12; n++) {
        for (let i = 0; i < 10; i++) answers.push(await login(app, wrong(), address(n)));
      }
      expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(401));
      for (const answer of answers.slice(10)) expectRateLimited(answer);
      expectRateLimited(await login(app, BOB, address(50)));
      // Another user is not locked out by bob's attacker.
      expect(
        (await login(app, { username: 'alice', password: 'alice-password' }, address(51))).status,
      ).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('refuses an address after its limit, whatever the username, and no other address', async () => {
    const app = await start();
    try {
      for (let i = 0; i < 20; i++) {
        expect((await login(app, wrong(`nobody-${i}`), address(60))).status).toBe(401);
      }
      expectRateLimited(await login(app, wrong('nobody-x'), address(60)));
      expectRateLimited(await login(app, BOB, address(60)));
      expect((await login(app, BOB, address(61))).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

// A process of its own, as deployed: the flood's client sockets must not share the server's event loop.
describe.each(['express', 'fastify'] as ExampleName[])('%s example under a login flood', (name) => {
  let app: SpawnedExample;
  let alone: number;

  beforeAll(async () => {
    app = await spawnExample(name, {
      LOGIN_LIMIT_PER_ADDRESS: '20',
      LOGIN_LIMIT_PER_USERNAME: '10',
    });
    const times: number[] = [];
    for (let n = 0; n < 3; n++) {
      const answer = await login(app, BOB, address(100 + n));
      expect(answer.status).toBe(200);
      times.push(answer.ms);
    }
    alone = times.sort((a, b) => a - b)[1]!;
  });
  afterAll(() => app?.stop());

  // Without the limits and the bounded hashing, the honest login waits
  // behind ~300 password hashes: about 200 times a login alone on the CI
  // machine (43 s against 0.2 s). With them it measured 8-20 times alone,
  // up to ~45 times under the full suite's load.
  const honestBudget = () => 80 * alone;

  it('answers an honest login promptly while one address floods 300 logins', async () => {
    const flood = Array.from({ length: 300 }, (_, i) =>
      login(app, wrong(`flood-${i}`), address(2)),
    );
    const honest = await login(app, { username: 'alice', password: 'alice-password' }, address(3));
    const answers = await Promise.all(flood);
    expect(honest.status).toBe(200);
    expect(honest.ms).toBeLessThan(honestBudget());
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(280);
  });

  it('answers an honest login promptly while 100 addresses flood 300 logins (bounded hashing)', async () => {
    const flood = Array.from({ length: 300 }, (_, i) =>
      login(app, wrong(`spread-${i}`), address(150 + (i % 100))),
    );
    const honest = await login(app, { username: 'alice', password: 'alice-password' }, address(4));
    const answers = await Promise.all(flood);
    // Past the bounded queue a login is refused at once: the honest one either
    // got a slot or a prompt 429 to retry, never a wait behind the whole flood.
    expect([200, 429]).toContain(honest.status);
    expect(honest.ms).toBeLessThan(honestBudget());
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expectRateLimited(answer);
    // And once the flood is over, it logs in.
    expect(
      (await login(app, { username: 'alice', password: 'alice-password' }, address(5))).status,
    ).toBe(200);
  });
});
