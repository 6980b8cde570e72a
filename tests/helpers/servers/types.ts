/**
 * The shapes of the throwaway database servers the store tests start: a
 * Redis, a Redis Cluster and a PostgreSQL, each on a random 127.0.0.1 port in
 * its own temporary directory.
 */

/** One server process this test run owns, from start to stop. */
export interface ManagedServer {
  /** Always the loopback address: the servers listen nowhere else. */
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The pid of the running process; it changes on `restart()`. */
  readonly pid: number;
  /** The temporary directory holding the server's data and its log. */
  readonly dir: string;
  readonly running: boolean;
  /** Graceful shutdown; resolves once the process (and its children) exited. No-op when stopped. */
  stop(): Promise<void>;
  /** SIGKILL to the server's process group, as a crash would; resolves once all of it is gone. */
  kill(): Promise<void>;
  /** Stops the server if it runs, then starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** SIGSTOP: connections are accepted by the kernel but nothing answers (for timeout tests). */
  pause(): void;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** The last lines of the server's log, for error messages. */
  logTail(lines?: number): string;
}

export interface RedisOptions {
  /**
   * AOF with `appendfsync always`: every acknowledged write survives `kill()`
   * and `restart()`. Default false (`--save ''`, nothing persisted).
   */
  appendOnly?: boolean;
  /** Extra `redis-server` arguments, applied last (e.g. `['--maxmemory', '64mb']`). */
  args?: readonly string[];
  /** How long to wait for PING to answer PONG. Default 10 s. */
  readyTimeoutMs?: number;
}

export interface RedisServer extends ManagedServer {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
}

export interface RedisClusterOptions {
  /** Number of masters, no replicas. At least 3 (what `redis-cli --cluster create` accepts). Default 3. */
  masters?: number;
  appendOnly?: boolean;
  /**
   * `cluster-require-full-coverage`. Default false, so that with one master
   * down the other masters keep serving their slots.
   */
  requireFullCoverage?: boolean;
  /** `cluster-node-timeout` in milliseconds. Default 5000. */
  nodeTimeoutMs?: number;
  readyTimeoutMs?: number;
}

/** A cluster node; its `restart()` also waits until the cluster reports `cluster_state:ok` again. */
export type RedisClusterNode = RedisServer;

export interface RedisCluster {
  readonly nodes: readonly RedisClusterNode[];
  /** The master that owns `key`'s hash slot (hash tags honoured), asked of a running node. */
  nodeForKey(key: string): Promise<RedisClusterNode>;
  /** Stops every node. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Extra server settings, passed as `-c name=value` (e.g. `{ max_connections: '200' }`). */
  settings?: Readonly<Record<string, string>>;
  /** How long to wait for `pg_isready`. Default 30 s. */
  readyTimeoutMs?: number;
}

export interface PostgresServer extends ManagedServer {
  /** `postgresql://tokenwarden@127.0.0.1:PORT/tokenwarden`: the test role (owner of the test database), trust auth. */
  readonly connectionString: string;
  /** The same server as the `postgres` superuser, for inspection and fault injection. */
  readonly adminConnectionString: string;
  readonly database: string;
  readonly user: string;
}
