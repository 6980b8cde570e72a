/**
 * The environment an example app runs with under the e2e suites and the
 * bench: loopback, the in-memory store unless `env` says otherwise, login
 * throttling out of the way (they log in far more often than a person;
 * throttling has its own suite) and a signing-key directory of its own,
 * never the repository's examples/.data.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const UNTHROTTLED = '100000';

/** The example's environment on `port`, with `env` (STORE, ACCESS_TTL, …) over the defaults. */
export function exampleEnv(port: number, env: Record<string, string> = {}): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    STORE: 'memory',
    LOGIN_LIMIT_PER_ADDRESS: UNTHROTTLED,
    LOGIN_LIMIT_PER_USERNAME: UNTHROTTLED,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'tokenwarden-e2e-data-')),
    ...env,
    PORT: String(port),
  };
}
