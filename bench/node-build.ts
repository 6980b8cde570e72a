/**
 * The engine as a Node app gets it: the package's `node` build
 * (dist/node/index.js, refresh crypto on `node:crypto`), reached through the
 * package's own name so that the `node` export condition picks it, exactly
 * as `import 'tokenwarden'` does in an app, and so that the built
 * `tokenwarden/postgres` and `tokenwarden/redis` share that one instance.
 * The bench refuses a missing or stale build rather than measure old code.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Tokenwarden from '../src/index.js';
import type * as TokenwardenPostgres from '../src/stores/postgres/index.js';
import type * as TokenwardenRedis from '../src/stores/redis/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function checkBuild(): void {
  const built = join(ROOT, 'dist', 'node', 'index.js');
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    throw new Error('bench: dist/node/index.js is missing; run `npm run build` first');
  }
  if (newestMtime(join(ROOT, 'src')) > builtAt) {
    throw new Error('bench: src/ is newer than dist/; run `npm run build` first');
  }
}

// Specifiers in variables: the type checker must not need dist/ to exist.
const CORE = 'tokenwarden';
const POSTGRES = 'tokenwarden/postgres';
const REDIS = 'tokenwarden/redis';

/** The `node` build of the core entry; throws when it is missing, stale, or not what `node` resolves to. */
export async function loadNodeBuild(): Promise<typeof Tokenwarden> {
  checkBuild();
  const url = import.meta.resolve(CORE);
  if (!url.includes('/dist/node/')) throw new Error(`bench: tokenwarden resolved to ${url}`);
  return (await import(CORE)) as typeof Tokenwarden;
}

/** The built `tokenwarden/postgres`, which runs on the `node` build of the core. */
export async function loadPostgresBuild(): Promise<typeof TokenwardenPostgres> {
  checkBuild();
  return (await import(POSTGRES)) as typeof TokenwardenPostgres;
}

/** The built `tokenwarden/redis`, which runs on the `node` build of the core. */
export async function loadRedisBuild(): Promise<typeof TokenwardenRedis> {
  checkBuild();
  return (await import(REDIS)) as typeof TokenwardenRedis;
}
