/**
 * An example server as an operator runs it (`node --import tsx
 * examples/<app>/server.ts`), in its own process, with its stdout and stderr
 * captured: for what only a real process shows (what it prints, NODE_ENV,
 * what survives a restart).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.js';
import type { ExampleName } from './harness.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedExample {
  port: number;
  origin: string;
  /** Everything the process wrote so far. */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `app` with `env` on a free port (or `env.PORT`) and resolves once it listens. */
export async function spawnExample(
  app: ExampleName,
  env: Record<string, string> = {},
): Promise<SpawnedExample> {
  // A restart keeps its port (given as PORT): the origin is the tokens' issuer.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', `examples/${app}/server.ts`],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'tokenwarden-e2e-data-')),
        ...env,
        PORT: String(port),
      },
      stdio: 'pipe',
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => stdout.includes('listening') && resolve());
    void exited.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    output: () => ({ stdout, stderr }),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
