/**
 * Starts the Express example: `npm run demo` (in-memory store, http://127.0.0.1:3000).
 */
import { appOrigin, createExampleSetup } from '../shared/auth-setup.js';
import { createExpressApp } from './app.js';

const setup = await createExampleSetup();
const { host, port } = setup.config;
const server = createExpressApp(setup).listen(port, host, () => {
  console.log(
    `tokenwarden Express example (store: ${setup.config.store}) listening on ${appOrigin(setup.config)}`,
  );
});
process.on('SIGINT', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
