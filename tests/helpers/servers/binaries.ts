/**
 * Finds the Redis and PostgreSQL binaries the server tests drive. Missing
 * binaries are an error, never a skip: CI installs them (`.ci/run`), and a
 * developer without them is told the one command that does.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const INSTALL_COMMAND = 'apt-get install redis-server postgresql';

export class MissingServerBinariesError extends Error {
  override readonly name = 'MissingServerBinariesError';
  constructor(
    readonly missing: readonly string[],
    searched: string,
  ) {
    super(
      `The store tests start real Redis and PostgreSQL servers, and ${missing.join(', ')} ` +
        `could not be found (searched ${searched}). Install them with: ${INSTALL_COMMAND} ` +
        '(Debian/Ubuntu, as root or with sudo). These tests fail rather than skip without them.',
    );
  }
}

/** Where to look; the defaults are this process's PATH and Debian's versioned PostgreSQL tree. */
export interface BinarySearch {
  path: string;
  postgresRoot: string;
}

export interface RedisBinaries {
  server: string;
  cli: string;
}

export interface PostgresBinaries {
  binDir: string;
  postgres: string;
  initdb: string;
  psql: string;
  pgIsReady: string;
}

const POSTGRES_PROGRAMS = ['postgres', 'initdb', 'psql', 'pg_isready'] as const;

export function defaultSearch(): BinarySearch {
  return { path: process.env.PATH ?? '/usr/bin:/bin', postgresRoot: '/usr/lib/postgresql' };
}

/** `redis-server` and `redis-cli` on PATH (Debian: /usr/bin, packages redis-server and redis-tools). */
export function findRedisBinaries(search: BinarySearch = defaultSearch()): RedisBinaries {
  const server = onPath('redis-server', search.path);
  const cli = onPath('redis-cli', search.path);
  if (server && cli) return { server, cli };
  const missing = [server ? '' : 'redis-server', cli ? '' : 'redis-cli'].filter(Boolean);
  throw new MissingServerBinariesError(missing, `PATH=${search.path}`);
}

/**
 * The highest version under `/usr/lib/postgresql/<version>/bin` that has every
 * program (Debian keeps server binaries off PATH), else PATH (other systems).
 */
export function findPostgresBinaries(search: BinarySearch = defaultSearch()): PostgresBinaries {
  for (const binDir of versionedBinDirs(search.postgresRoot)) {
    const found = POSTGRES_PROGRAMS.map((name) => executable(join(binDir, name)));
    if (found.every(Boolean)) return postgresBinaries(binDir, found as string[]);
  }
  const found = POSTGRES_PROGRAMS.map((name) => onPath(name, search.path));
  if (found.every(Boolean)) return postgresBinaries('', found as string[]);
  const missing = POSTGRES_PROGRAMS.filter((_, i) => !found[i]);
  throw new MissingServerBinariesError(
    missing,
    `${search.postgresRoot}/*/bin and PATH=${search.path}`,
  );
}

/** A program on PATH, or undefined (used for optional helpers such as `setpriv`). */
export function onPath(name: string, path: string = defaultSearch().path): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const file = executable(join(dir, name));
    if (file) return file;
  }
  return undefined;
}

function postgresBinaries(binDir: string, [postgres, initdb, psql, pgIsReady]: string[]) {
  return { binDir, postgres: postgres!, initdb: initdb!, psql: psql!, pgIsReady: pgIsReady! };
}

function versionedBinDirs(root: string): string[] {
  let versions: string[];
  try {
    versions = readdirSync(root).filter((name) => /^\d+(\.\d+)?$/.test(name));
  } catch {
    return [];
  }
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.map((version) => join(root, version, 'bin'));
}

function executable(file: string): string | undefined {
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}
