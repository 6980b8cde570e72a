/**
 * Starts the Hono example: `npm run demo:hono` on Node (in-memory store,
 * http://127.0.0.1:3000; STORE=redis|postgres|pglite for the others, README
 * "Try the demo"), or `bun examples/hono/server.ts` on Bun, which serves it
 * with `Bun.serve` and needs no adapter.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { appOrigin, createExampleSetup } from '../shared/auth-setup.js';
import { answerClientErrors } from '../shared/http-errors.js';
import { closeOnSignals } from '../shared/shutdown.js';
import { runExample } from '../shared/startup-error.js';
import { createHonoApp } from './app.js';
import { bunClientAddress, nodeClientAddress } from './client-address.js';

/** The part of Bun's global this file uses (no @types/bun for one call). */
interface BunRuntime {
  serve(options: {
    fetch: (request: Request) => Response | Promise<Response>;
    port: number;
    hostname: string;
  }): { stop(closeActiveConnections?: boolean): Promise<void> };
}

await runExample(async () => {
  const setup = await createExampleSetup(process.env, {
    dataDir: fileURLToPath(new URL('.data', import.meta.url)),
  });
  const { host, port, store } = setup.config;
  const bun = (globalThis as { Bun?: BunRuntime }).Bun;
  const app = createHonoApp(setup, bun ? await bunClientAddress() : nodeClientAddress);
  const runtime = bun ? 'Bun' : 'Node';
  const listening = () =>
    console.log(
      `tokenwarden Hono example on ${runtime} (store: ${store}) listening on ${appOrigin(setup.config)}`,
    );
  let close: () => Promise<void>;
  if (bun) {
    const server = bun.serve({ fetch: app.fetch, port, hostname: host });
    listening();
    close = () => server.stop();
  } else {
    const server = serve({ fetch: app.fetch, port, hostname: host }, listening);
    // Node's parser errors (431, a malformed request line or header) in the contract's shape too.
    answerClientErrors(server as Server);
    close = () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would otherwise hold the close open.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
  }
  closeOnSignals({ server: close, store: setup.close });
});
