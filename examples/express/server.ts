/**
 * Starts the Express example: `npm run demo` (in-memory store, http://127.0.0.1:3000;
 * STORE=redis|postgres|pglite for the others, README "Try the demo").
 */
import { fileURLToPath } from 'node:url';
import { appOrigin, createExampleSetup } from '../shared/auth-setup.js';
import { closeOnSignals } from '../shared/shutdown.js';
import { runExample } from '../shared/startup-error.js';
import { createExpressServer } from './app.js';

await runExample(async () => {
  const setup = await createExampleSetup(process.env, {
    dataDir: fileURLToPath(new URL('.data', import.meta.url)),
  });
  const { host, port, store } = setup.config;
  const server = createExpressServer(setup).listen(port, host, () => {
    console.log(
      `tokenwarden Express example (store: ${store}) listening on ${appOrigin(setup.config)}`,
    );
  });
  closeOnSignals({
    server: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would otherwise hold the close open.
        server.closeIdleConnections();
      }),
    store: setup.close,
  });
});
