/**
 * The life of one server process: spawned in its own process group with its
 * output in a log file, ready when a probe says so, stopped gracefully or
 * killed as a crash would, restarted with the same command. Shared by the
 * Redis and PostgreSQL helpers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerForCleanup } from './cleanup.js';
import type { Command } from './command.js';

export interface ProcessSpec {
  /** For messages, e.g. `redis-server on 127.0.0.1:41234`. */
  name: string;
  dir: string;
  logFile: string;
  /** Built at every start, so a retry may change the port. */
  command(): Command;
  /** Asks the server once whether it serves; false or a rejection means not yet. */
  isReady(): Promise<boolean>;
  readyTimeoutMs: number;
  /** SIGTERM for Redis; SIGINT (fast shutdown) for PostgreSQL. */
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
}

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(`${message}. Last lines of its log:\n${log}`);
  }

  /** The port was taken between choosing it and binding it: worth a retry on another port. */
  get addressInUse(): boolean {
    return /address already in use/i.test(this.log);
  }
}

const POLL_MS = 50;

export class ServerProcess {
  private child: ChildProcess | undefined;
  private alive = false;
  private exited: Promise<void> = Promise.resolve();
  private lastPid = 0;

  constructor(readonly spec: ProcessSpec) {
    registerForCleanup(this);
  }

  get dir(): string {
    return this.spec.dir;
  }

  get pid(): number {
    return this.lastPid;
  }

  get running(): boolean {
    return this.alive;
  }

  async start(): Promise<void> {
    if (this.alive) throw new Error(`${this.spec.name} is already running`);
    this.spawn();
    await this.waitReady();
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.holdLoopUntilExit();
    this.signal(this.lastPid, this.spec.stopSignal);
    this.signal(-this.lastPid, 'SIGCONT');
    const exitedInTime = await Promise.race([
      this.exited.then(() => true),
      // Unref'd: once the process exits, this deadline must not hold the runner open.
      sleep(this.spec.stopTimeoutMs, false, { ref: false }),
    ]);
    if (exitedInTime) return this.waitGroupGone();
    await this.kill();
    throw new Error(
      `${this.spec.name} did not exit within ${this.spec.stopTimeoutMs} ms of ${this.spec.stopSignal}, ` +
        `so it was killed. Last lines of its log:\n${this.logTail()}`,
    );
  }

  async kill(): Promise<void> {
    if (!this.alive) return;
    this.holdLoopUntilExit();
    // PostgreSQL backends leave the group (setsid): killed with it, a crash
    // ends them too, instead of letting one answer a last query on its
    // pooled connection while it notices its postmaster is gone.
    const children = childrenOf(this.lastPid);
    this.signal(-this.lastPid, 'SIGKILL');
    for (const pid of children) this.signal(pid, 'SIGKILL');
    await this.exited;
    await this.waitGroupGone();
  }

  pause(): void {
    if (this.alive) this.signal(-this.lastPid, 'SIGSTOP');
  }

  resume(): void {
    if (this.alive) this.signal(-this.lastPid, 'SIGCONT');
  }

  killNow(): void {
    if (this.alive) this.signal(-this.lastPid, 'SIGKILL');
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private spawn(): void {
    const { file, args, uid, gid } = this.spec.command();
    const log = openSync(this.spec.logFile, 'a');
    let child: ChildProcess;
    try {
      // Its own process group, so kill() and pause() reach the server's children too.
      child = spawn(file, args, {
        cwd: this.spec.dir,
        detached: true,
        stdio: ['ignore', log, log],
        uid,
        gid,
      });
    } finally {
      closeSync(log);
    }
    this.child = child;
    this.alive = child.pid !== undefined;
    this.lastPid = child.pid ?? 0;
    this.exited = new Promise((resolve) => {
      const done = () => {
        if (this.child === child) this.alive = false;
        resolve();
      };
      child.once('exit', done);
      child.once('error', done);
    });
    child.unref();
  }

  /** The child is unref'd so a forgotten server cannot hold the runner open; awaiting its exit must. */
  private holdLoopUntilExit(): void {
    this.child?.ref();
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + this.spec.readyTimeoutMs;
    for (;;) {
      if (!this.alive) {
        const code = this.child?.exitCode ?? this.child?.signalCode ?? 'no pid';
        throw new ServerStartError(
          `${this.spec.name} exited while starting (${code})`,
          this.logTail(),
        );
      }
      if (await this.spec.isReady().catch(() => false)) return;
      if (Date.now() > deadline) {
        await this.kill();
        throw new ServerStartError(
          `${this.spec.name} was not ready within ${this.spec.readyTimeoutMs} ms`,
          this.logTail(),
        );
      }
      await sleep(POLL_MS);
    }
  }

  private async waitGroupGone(): Promise<void> {
    const deadline = Date.now() + this.spec.stopTimeoutMs;
    while (groupAlive(this.lastPid)) {
      if (Date.now() > deadline)
        throw new Error(`${this.spec.name}: its child processes outlived it`);
      await sleep(POLL_MS / 5);
    }
  }

  private signal(target: number, signal: NodeJS.Signals): void {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}

/** The live child processes of `pid` (Linux; none elsewhere). */
function childrenOf(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(ppid) === pid && state !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Whether any process of group `pgid` still runs. On Linux, zombies do not
 * count: when the leader is killed with the group, its children are
 * re-parented to an init that may never reap them.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  if (process.platform !== 'linux') return true;
  return readdirSync('/proc').some((entry) => /^\d+$/.test(entry) && isLiveMember(entry, pgid));
}

function isLiveMember(pid: string, pgid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(pgrp) === pgid && state !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Starts `create(port)` on a fresh port from `pickPort`, picking again when
 * the port was taken between the pick and the bind (at most three tries).
 */
export async function startOnFreePort(
  pickPort: () => Promise<number>,
  create: (port: number) => ServerProcess,
): Promise<{ proc: ServerProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await pickPort();
    const proc = create(port);
    try {
      await proc.start();
      return { proc, port };
    } catch (error) {
      if (!(error instanceof ServerStartError && error.addressInUse) || attempt >= 3) throw error;
    }
  }
}
