/**
 * The HTTP contract (contract-suite.ts) on the Express example with
 * STORE=pglite, each instance on a fresh temporary DATA_DIR.
 */
import { afterAll } from 'vitest';
import { describeContract } from './contract-suite.js';
import { pgliteBackend } from './store-backends.js';

const backend = pgliteBackend();
afterAll(() => backend.dispose());
describeContract({ name: 'express', backend });
