/**
 * How a server command is launched: as which OS user (PostgreSQL refuses to
 * run as root, and CI runs as root), and tied to this process's life so a
 * test runner killed outright leaves no server behind.
 */
import { type ExecFileException, execFile, execFileSync } from 'node:child_process';
import { INSTALL_COMMAND, onPath } from './binaries.js';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** A program and its arguments, plus the uid/gid Node must switch to when setpriv is absent. */
export interface Command {
  file: string;
  args: string[];
  uid?: number;
  gid?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the command was killed for running past its timeout. */
  timedOut: boolean;
}

/**
 * The user PostgreSQL runs as: ourselves, or Debian's `postgres` user (made
 * by the postgresql package) when this process is root.
 */
export function postgresRunAs(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    return { name: 'postgres', uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'The tests run as root and PostgreSQL refuses to, but there is no "postgres" user to run it ' +
        `as. ${INSTALL_COMMAND} creates it; or run the tests as an ordinary user.`,
    );
  }
}

/**
 * `file args` run as `user`, and, with util-linux's `setpriv`, killed when
 * this process dies (PR_SET_PDEATHSIG survives the exec, and setpriv sets it
 * after switching user, which would otherwise clear it).
 */
export function command(
  file: string,
  args: readonly string[],
  options: { user?: OsUser; dieWithParent?: boolean } = {},
): Command {
  const { user, dieWithParent = false } = options;
  const setpriv = user || dieWithParent ? onPath('setpriv') : undefined;
  if (!setpriv) return { file, args: [...args], uid: user?.uid, gid: user?.gid };
  const prefix = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
  if (dieWithParent) prefix.push('--pdeathsig=KILL');
  return { file: setpriv, args: [...prefix, '--', file, ...args] };
}

/** Runs a short-lived command to completion; never throws for a non-zero exit. */
export function run(
  cmd: Command,
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  const { timeoutMs = 10_000, cwd } = options;
  const spawnOptions = {
    timeout: timeoutMs,
    killSignal: 'SIGKILL' as const,
    cwd,
    encoding: 'utf8' as const,
  };
  return new Promise((resolve) => {
    execFile(
      cmd.file,
      cmd.args,
      { ...spawnOptions, uid: cmd.uid, gid: cmd.gid },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr, timedOut: false });
        const { code, killed } = error as ExecFileException;
        resolve({
          code: typeof code === 'number' ? code : null,
          stdout,
          stderr: stderr || error.message,
          timedOut: killed === true,
        });
      },
    );
  });
}
