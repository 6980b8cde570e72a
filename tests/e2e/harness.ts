/**
 * Starts an example app (Express, Fastify or Hono) on a free loopback port with the
 * given environment, and stops it. Shared by the HTTP and browser suites.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createExpressServer } from '../../examples/express/app.js';
import { createFastifyApp } from '../../examples/fastify/app.js';
import { createHonoApp } from '../../examples/hono/app.js';
import { nodeClientAddress } from '../../examples/hono/client-address.js';
import { answerClientErrors } from '../../examples/shared/http-errors.js';
import { createExampleSetup } from '../../examples/shared/auth-setup.js';
import { exampleEnv } from '../helpers/example-env.js';
import { freePort } from '../helpers/free-port.js';

export type ExampleName = 'express' | 'fastify' | 'hono';

export interface RunningExample {
  name: ExampleName;
  /** `http://127.0.0.1:PORT`: the app's own origin. */
  origin: string;
  port: number;
  /** Stops the server, then closes its store (as the example's SIGTERM handler does). */
  close(): Promise<void>;
}

/** Starts `name` with `env` (STORE, ACCESS_TTL, REUSE_GRACE, …) on 127.0.0.1. */
export async function startExample(
  name: ExampleName,
  env: Record<string, string> = {},
  overrides: { clock?: () => number } = {},
): Promise<RunningExample> {
  const port = await freePort();
  const setup = await createExampleSetup(exampleEnv(port, env), overrides);
  const origin = `http://127.0.0.1:${port}`;
  if (name === 'express' || name === 'hono') {
    const server: Server =
      name === 'express'
        ? createExpressServer(setup).listen(port, '127.0.0.1')
        : answerClientErrors(
            serve({
              fetch: createHonoApp(setup, nodeClientAddress).fetch,
              port,
              hostname: '127.0.0.1',
            }) as Server,
          );
    await new Promise<void>((resolve, reject) =>
      server.once('listening', resolve).once('error', reject),
    );
    return {
      name,
      origin,
      port,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
        await setup.close();
      },
    };
  }
  const app = await createFastifyApp(setup);
  await app.listen({ host: '127.0.0.1', port });
  return {
    name,
    origin,
    port,
    close: async () => {
      await app.close();
      await setup.close();
    },
  };
}
