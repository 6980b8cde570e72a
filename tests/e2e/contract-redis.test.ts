/**
 * The HTTP contract (contract-suite.ts) on the Express example with
 * STORE=redis, on a throwaway Redis server (one logical database per instance).
 */
import { afterAll } from 'vitest';
import { describeContract } from './contract-suite.js';
import { redisBackend } from './store-backends.js';

const backend = redisBackend();
afterAll(() => backend.dispose());
describeContract({ name: 'express', backend });
