/**
 * The servers' own command-line clients, for tests that check a server (or
 * the raw data a store wrote) without a client library.
 */
import { findPostgresBinaries, findRedisBinaries } from './binaries.js';
import { command, type RunResult, run } from './command.js';

export type { RunResult } from './command.js';

/**
 * `redis-cli -h 127.0.0.1 -p PORT [-c] args…`. redis-cli exits 0 on error
 * replies (they come back as `ERR …` text), non-zero when it cannot connect.
 *
 * @example
 * const { stdout } = await redisCli(redis.port, ['GET', 'k']);
 */
export function redisCli(
  port: number,
  args: readonly string[],
  options: { cluster?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
  const flags = ['-h', '127.0.0.1', '-p', String(port), ...(options.cluster ? ['-c'] : [])];
  return run(command(findRedisBinaries().cli, [...flags, ...args]), {
    timeoutMs: options.timeoutMs,
  });
}

/**
 * `psql` running `sql` with ON_ERROR_STOP, unaligned tuples-only output, no psqlrc.
 *
 * @example
 * const { stdout } = await psql(postgres.connectionString, 'SELECT 1'); // '1\n'
 */
export function psql(
  connectionString: string,
  sql: string,
  options: { timeoutMs?: number } = {},
): Promise<RunResult> {
  const args = ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', connectionString, '-c', sql];
  return run(command(findPostgresBinaries().psql, args), { timeoutMs: options.timeoutMs });
}
