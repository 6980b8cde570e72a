/**
 * Starts the Fastify example: `npm run demo:fastify` (in-memory store, http://127.0.0.1:3000).
 */
import { appOrigin, createExampleSetup } from '../shared/auth-setup.js';
import { createFastifyApp } from './app.js';

const setup = await createExampleSetup();
const app = await createFastifyApp(setup);
await app.listen({ host: setup.config.host, port: setup.config.port });
console.log(
  `tokenwarden Fastify example (store: ${setup.config.store}) listening on ${appOrigin(setup.config)}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => app.close().then(() => process.exit(0)));
