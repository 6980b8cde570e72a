/**
 * The HTTP contract (contract-suite.ts) on the Express example with
 * STORE=postgres, on a throwaway PostgreSQL server (one database per instance).
 */
import { afterAll } from 'vitest';
import { describeContract } from './contract-suite.js';
import { postgresBackend } from './store-backends.js';

const backend = postgresBackend();
afterAll(() => backend.dispose());
describeContract({ name: 'express', backend });
