/**
 * The server helpers do what they say, checked with the servers' own
 * clients (redis-cli, psql): the store tests of Redis, Redis Cluster and
 * PostgreSQL stand on them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPostgresBinaries,
  findRedisBinaries,
  MissingServerBinariesError,
} from '../helpers/servers/binaries.js';
import {
  INSTALL_COMMAND,
  type PostgresServer,
  psql,
  type RedisCluster,
  type RedisServer,
  redisCli,
  ServerStartError,
  startPostgres,
  startRedis,
  startRedisCluster,
  stopAllServers,
} from '../helpers/servers/index.js';
import { ownerPort } from '../helpers/servers/redis-cluster.js';

afterAll(stopAllServers);

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('finding the binaries', () => {
  const nowhere = { path: '/nonexistent', postgresRoot: '/nonexistent' };

  it('without them, names what is missing and the packages to install', () => {
    expect(() => findRedisBinaries(nowhere)).toThrow(MissingServerBinariesError);
    expect(() => findRedisBinaries(nowhere)).toThrow(/redis-server, redis-cli could not be found/);
    expect(() => findPostgresBinaries(nowhere)).toThrow(/postgres, initdb, psql, pg_isready/);
    expect(() => findPostgresBinaries(nowhere)).toThrow(INSTALL_COMMAND);
    expect(INSTALL_COMMAND).toBe('apt-get install redis-server postgresql');
  });

  it('takes the highest PostgreSQL version that has every program', () => {
    const root = mkdtempSync(join(tmpdir(), 'tokenwarden-pgroot-'));
    try {
      for (const [version, programs] of [
        ['9.6', ['postgres', 'initdb', 'psql', 'pg_isready']],
        ['13', ['postgres', 'initdb', 'psql', 'pg_isready']],
        ['16', ['postgres']],
      ] as const) {
        mkdirSync(join(root, version, 'bin'), { recursive: true });
        for (const program of programs) {
          writeFileSync(join(root, version, 'bin', program), '', { mode: 0o755 });
        }
      }
      const found = findPostgresBinaries({ path: '/nonexistent', postgresRoot: root });
      expect(found.binDir).toBe(join(root, '13', 'bin'));
      expect(found.initdb).toBe(join(root, '13', 'bin', 'initdb'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('startRedis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });

  it('serves SET and GET, bound to 127.0.0.1 in protected mode, persisting nothing', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect((await redisCli(redis.port, ['SET', 'greeting', 'hello'])).stdout.trim()).toBe('OK');
    expect((await redisCli(redis.port, ['GET', 'greeting'])).stdout.trim()).toBe('hello');
    const config = await redisCli(redis.port, ['CONFIG', 'GET', '*']);
    const settings = new Map<string, string>();
    const lines = config.stdout.split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) settings.set(lines[i]!, lines[i + 1]!);
    expect(settings.get('bind')).toBe('127.0.0.1');
    expect(settings.get('protected-mode')).toBe('yes');
    expect(settings.get('save')).toBe('');
    expect(settings.get('appendonly')).toBe('no');
    expect(settings.get('dir')).toBe(redis.dir);
  });

  it('pause() leaves a client unanswered until resume()', async () => {
    redis.pause();
    const paused = await redisCli(redis.port, ['PING'], { timeoutMs: 500 });
    redis.resume();
    expect(paused.timedOut).toBe(true);
    expect((await redisCli(redis.port, ['PING'])).stdout.trim()).toBe('PONG');
  });

  it('kill() ends the process so PING fails; restart() serves again on the same port, empty', async () => {
    await redisCli(redis.port, ['SET', 'doomed', '1']);
    const pid = redis.pid;
    await redis.kill();
    expect(redis.running).toBe(false);
    expect(isAlive(pid)).toBe(false);
    const ping = await redisCli(redis.port, ['PING']);
    expect(ping.code).not.toBe(0);
    expect(ping.stderr + ping.stdout).toMatch(/Connection refused/);

    await redis.restart();
    expect(redis.pid).not.toBe(pid);
    expect((await redisCli(redis.port, ['PING'])).stdout.trim()).toBe('PONG');
    expect((await redisCli(redis.port, ['EXISTS', 'doomed'])).stdout.trim()).toBe('0');
  });

  it('stop() resolves once the process has exited', async () => {
    const pid = redis.pid;
    await redis.stop();
    expect(isAlive(pid)).toBe(false);
    expect((await redisCli(redis.port, ['PING'])).code).not.toBe(0);
    await redis.stop();
  });
});

describe('a server that cannot start', () => {
  it('rejects with what the server logged, at once rather than at the timeout', async () => {
    const started = Date.now();
    const failure = startRedis({ args: ['--no-such-directive', 'x'], readyTimeoutMs: 15_000 });
    await expect(failure).rejects.toThrow(ServerStartError);
    await expect(failure).rejects.toThrow(/exited while starting[\s\S]*no-such-directive/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('startRedis({ appendOnly: true })', () => {
  it('keeps every acknowledged write across kill() and restart()', async () => {
    const redis = await startRedis({ appendOnly: true });
    expect((await redisCli(redis.port, ['CONFIG', 'GET', 'appendfsync'])).stdout).toMatch(/always/);
    await redisCli(redis.port, ['SET', 'family', 'kept']);
    await redis.kill();
    await redis.restart();
    expect((await redisCli(redis.port, ['GET', 'family'])).stdout.trim()).toBe('kept');
    await redis.restart();
    expect((await redisCli(redis.port, ['GET', 'family'])).stdout.trim()).toBe('kept');
  });
});

describe('startRedisCluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
  });

  it('joins three masters that each report cluster_state:ok, on ports whose bus port fits', async () => {
    expect(cluster.nodes).toHaveLength(3);
    for (const node of cluster.nodes) {
      expect(node.port + 10_000).toBeLessThanOrEqual(65_535);
      const info = (await redisCli(node.port, ['CLUSTER', 'INFO'])).stdout;
      expect(info).toMatch(/cluster_state:ok/);
      expect(info).toMatch(/cluster_slots_assigned:16384/);
      expect(info).toMatch(/cluster_known_nodes:3/);
    }
  });

  it('routes keys with one hash tag to one slot from any node, and refuses a cross-slot command', async () => {
    const [first, second] = cluster.nodes;
    const set = await redisCli(first!.port, ['MSET', '{user:1}:a', 'A', '{user:1}:b', 'B'], {
      cluster: true,
    });
    expect(set.stdout.trim()).toBe('OK');
    const got = await redisCli(second!.port, ['MGET', '{user:1}:a', '{user:1}:b'], {
      cluster: true,
    });
    expect(got.stdout.trim().split('\n')).toEqual(['A', 'B']);
    const crossSlot = await redisCli(first!.port, ['MSET', 'a', '1', 'b', '2'], { cluster: true });
    expect(crossSlot.stdout).toMatch(/CROSSSLOT/);
  });

  it('with one master killed, its slots fail while another master still answers; restart() rejoins', async () => {
    const { victimKey, survivorKey, victim, survivor } = await keysOnTwoMasters(cluster);
    await redisCli(survivor.port, ['SET', survivorKey, 'alive'], { cluster: true });
    await redisCli(survivor.port, ['SET', victimKey, 'lost'], { cluster: true });

    await victim.kill();
    const onVictim = await redisCli(survivor.port, ['GET', victimKey], { cluster: true });
    expect(onVictim.code).not.toBe(0);
    expect(onVictim.stdout).not.toMatch(/lost/);
    expect(onVictim.stderr).toMatch(`Could not connect to Redis at 127.0.0.1:${victim.port}`);
    const onSurvivor = await redisCli(survivor.port, ['GET', survivorKey], { cluster: true });
    expect(onSurvivor.stdout.trim()).toBe('alive');

    await victim.restart();
    const back = await redisCli(survivor.port, ['SET', victimKey, 'again'], { cluster: true });
    expect(back.stdout.trim()).toBe('OK');
    expect(await cluster.nodeForKey(victimKey)).toBe(victim);
  });

  it('reads slot ownership from CLUSTER NODES, ignoring migrations', () => {
    const nodes = [
      'a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460',
      'b2 127.0.0.1:7001@17001 master - 0 0 2 connected 5461-10922 [5460->-a1]',
      'c3 127.0.0.1:7002@17002 master - 0 0 3 connected 10923 10924-16383',
    ].join('\n');
    expect(ownerPort(nodes, 0)).toBe(7000);
    expect(ownerPort(nodes, 5460)).toBe(7000);
    expect(ownerPort(nodes, 5461)).toBe(7001);
    expect(ownerPort(nodes, 10923)).toBe(7002);
    expect(ownerPort(nodes, 16383)).toBe(7002);
  });
});

describe('startPostgres', () => {
  let postgres: PostgresServer;
  beforeAll(async () => {
    postgres = await startPostgres();
  });

  const sql = async (query: string) => {
    const result = await psql(postgres.connectionString, query);
    expect(result.stderr).toBe('');
    return result.stdout.trim();
  };

  it('answers SELECT 1 as the test role, on 127.0.0.1 only, with fsync on, never as root', async () => {
    expect(postgres.connectionString).toBe(
      `postgresql://tokenwarden@127.0.0.1:${postgres.port}/tokenwarden`,
    );
    expect(await sql('SELECT 1')).toBe('1');
    expect(await sql('SELECT current_user, current_database()')).toBe('tokenwarden|tokenwarden');
    expect(await sql('SHOW listen_addresses')).toBe('127.0.0.1');
    expect(await sql('SHOW fsync')).toBe('on');
    expect(await sql('SHOW synchronous_commit')).toBe('on');
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${postgres.pid}/status`, 'utf8'))?.[1];
    expect(uid).not.toBe('0');
  });

  it('keeps a committed row across restart(), and across kill() and restart()', async () => {
    await sql('CREATE TABLE families (id text PRIMARY KEY)');
    await sql("INSERT INTO families VALUES ('after-stop')");
    await postgres.restart();
    expect(await sql('SELECT id FROM families')).toBe('after-stop');

    await sql("INSERT INTO families VALUES ('after-crash')");
    const pid = postgres.pid;
    await postgres.kill();
    expect(isAlive(pid)).toBe(false);
    await postgres.restart();
    expect(await sql('SELECT id FROM families ORDER BY id')).toBe('after-crash\nafter-stop');
  });

  it('refuses connections after stop()', async () => {
    await postgres.stop();
    expect(postgres.running).toBe(false);
    const refused = await psql(postgres.connectionString, 'SELECT 1');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Connection refused/);
  });
});

describe('cleanup', () => {
  const helpers = new URL('../helpers/servers/index.ts', import.meta.url).href;
  const script = [
    `import { startRedis } from '${helpers}';`,
    'const redis = await startRedis();',
    'console.log(JSON.stringify({ pid: redis.pid, dir: redis.dir }));',
    "if (process.argv.includes('--exit')) process.exit(0);",
    'setInterval(() => {}, 1000);',
  ].join('\n');

  it('a server dies with a test process killed outright', async () => {
    const killed = await runChild(script, []);
    try {
      killed.child.kill('SIGKILL');
      await waitFor(() => !isAlive(killed.pid));
    } finally {
      if (isAlive(killed.pid)) process.kill(killed.pid, 'SIGKILL');
      rmSync(killed.dir, { recursive: true, force: true });
    }
  });

  it('a server left running is killed, and its directory removed, when the test process exits', async () => {
    const exited = await runChild(script, ['--exit']);
    await waitFor(() => !isAlive(exited.pid));
    expect(existsSync(exited.dir)).toBe(false);
  });
});

async function keysOnTwoMasters(cluster: RedisCluster) {
  const victimKey = '{victim}';
  const victim = await cluster.nodeForKey(victimKey);
  for (let i = 0; i < 100; i++) {
    const survivorKey = `{survivor-${i}}`;
    const survivor = await cluster.nodeForKey(survivorKey);
    if (survivor !== victim) return { victimKey, survivorKey, victim, survivor };
  }
  throw new Error('every key landed on one master');
}

/** Runs `script` as an ES module in a child Node with tsx; resolves with the server it reports. */
async function runChild(script: string, args: string[]) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before starting Redis`)));
  });
  const server = JSON.parse(line) as { pid: number; dir: string };
  return { child, ...server };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await sleep(20);
  }
}
