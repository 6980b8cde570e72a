/**
 * A throwaway `redis-server` on a random 127.0.0.1 port in a temporary
 * directory: nothing persisted by default, AOF with `appendfsync always` on
 * request, ready once it answers PING.
 */
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import { findRedisBinaries } from './binaries.js';
import { command } from './command.js';
import { serverHandle } from './handle.js';
import { makeServerDir } from './server-dir.js';
import { redisCommand } from './resp.js';
import { ServerProcess, startOnFreePort } from './server-process.js';
import type { RedisOptions, RedisServer } from './types.js';

/**
 * Starts a Redis; stop it with `stop()` or `stopAllServers()` in `afterAll`.
 *
 * @example
 * const redis = await startRedis({ appendOnly: true });
 * afterAll(stopAllServers);
 * // createClient({ url: redis.url }) or new Redis(redis.port, '127.0.0.1')
 */
export function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  return launchRedis(options, freePort);
}

/** Shared with the cluster helper, which needs ports whose bus port is free and a restart hook. */
export async function launchRedis(
  options: RedisOptions,
  pickPort: () => Promise<number>,
  afterRestart?: () => Promise<void>,
): Promise<RedisServer> {
  const binaries = findRedisBinaries();
  const dir = makeServerDir('redis');
  const { proc, port } = await startOnFreePort(
    pickPort,
    (port) =>
      new ServerProcess({
        name: `redis-server on 127.0.0.1:${port}`,
        dir,
        logFile: join(dir, `redis-${port}.log`),
        command: () =>
          command(binaries.server, redisArgs(port, dir, options), { dieWithParent: true }),
        isReady: async () => (await redisCommand(port, ['PING'], 500)) === 'PONG',
        readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
        stopSignal: 'SIGTERM',
        stopTimeoutMs: 10_000,
      }),
  );
  return serverHandle(proc, port, { url: `redis://127.0.0.1:${port}` }, afterRestart);
}

function redisArgs(port: number, dir: string, options: RedisOptions): string[] {
  const persistence = options.appendOnly
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    // Bound to loopback anyway; protected mode also refuses any non-loopback client without a password.
    '--protected-mode',
    'yes',
    '--dir',
    dir,
    '--save',
    '',
    ...persistence,
    '--daemonize',
    'no',
    '--logfile',
    '',
    ...(options.args ?? []),
  ];
}
