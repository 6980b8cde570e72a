/**
 * Starts the Fastify example: `npm run demo:fastify` (in-memory store, http://127.0.0.1:3000;
 * STORE=redis|postgres|pglite for the others, README "Try the demo").
 */
import { fileURLToPath } from 'node:url';
import { appOrigin, createExampleSetup } from '../shared/auth-setup.js';
import { closeOnSignals } from '../shared/shutdown.js';
import { runExample } from '../shared/startup-error.js';
import { createFastifyApp } from './app.js';

await runExample(async () => {
  const setup = await createExampleSetup(process.env, {
    dataDir: fileURLToPath(new URL('.data', import.meta.url)),
  });
  const app = await createFastifyApp(setup);
  await app.listen({ host: setup.config.host, port: setup.config.port });
  console.log(
    `tokenwarden Fastify example (store: ${setup.config.store}) listening on ${appOrigin(setup.config)}`,
  );
  closeOnSignals({ server: () => app.close(), store: setup.close });
});
