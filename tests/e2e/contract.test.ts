/**
 * The HTTP contract (contract-suite.ts) on the three example apps with the
 * in-memory store: the full suite, and the reference the server stores are
 * held to.
 */
import { describeContract } from './contract-suite.js';
import { memoryBackend } from './store-backends.js';

describeContract({ name: 'express', backend: memoryBackend() });
describeContract({ name: 'fastify', backend: memoryBackend() });
describeContract({ name: 'hono', backend: memoryBackend() });
