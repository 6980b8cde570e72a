/**
 * Starts an example app (Express or Fastify) on a free loopback port with the
 * given environment, and stops it. Shared by the HTTP and browser suites.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExpressApp } from '../../examples/express/app.js';
import { createFastifyApp } from '../../examples/fastify/app.js';
import { createExampleSetup } from '../../examples/shared/auth-setup.js';

export type ExampleName = 'express' | 'fastify';

export interface RunningExample {
  name: ExampleName;
  /** `http://127.0.0.1:PORT`: the app's own origin. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

// The app must know its origin (issuer, allowed origins) before it listens,
// so a free port is reserved first. Loopback only.
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Starts `name` with `env` (ACCESS_TTL, REUSE_GRACE, …) on 127.0.0.1. */
export async function startExample(
  name: ExampleName,
  env: Record<string, string> = {},
  overrides: { clock?: () => number } = {},
): Promise<RunningExample> {
  const port = await freePort();
  const setup = await createExampleSetup(
    {
      HOST: '127.0.0.1',
      STORE: 'memory',
      ...env,
      PORT: String(port),
    },
    overrides,
  );
  const origin = `http://127.0.0.1:${port}`;
  if (name === 'express') {
    const server: Server = createExpressApp(setup).listen(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) =>
      server.once('listening', resolve).once('error', reject),
    );
    return {
      name,
      origin,
      port,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
  const app = await createFastifyApp(setup);
  await app.listen({ host: '127.0.0.1', port });
  return { name, origin, port, close: () => app.close() };
}
