/**
 * The handle a test holds for one server: its address and the lifecycle of
 * its process, plus the fields a kind of server adds (URL, connection string).
 */
import type { ServerProcess } from './server-process.js';
import type { ManagedServer } from './types.js';

export function serverHandle<Extra extends object>(
  proc: ServerProcess,
  port: number,
  extra: Extra,
  afterRestart: () => Promise<void> = async () => {},
): ManagedServer & Extra {
  return {
    ...extra,
    host: '127.0.0.1',
    port,
    dir: proc.dir,
    get pid() {
      return proc.pid;
    },
    get running() {
      return proc.running;
    },
    stop: () => proc.stop(),
    kill: () => proc.kill(),
    restart: async () => {
      await proc.stop();
      await proc.start();
      await afterRestart();
    },
    pause: () => proc.pause(),
    resume: () => proc.resume(),
    logTail: (lines?: number) => proc.logTail(lines),
  };
}
