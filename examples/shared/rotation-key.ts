/**
 * The rotation key of the example's refresh tokens. Successors are derived
 * from it (HMAC), so it must stay the same across restarts and instances for
 * a grace replay or an old token to be recognised: a durable store without a
 * stable key keeps its sessions, but forgets which old tokens were genuine.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExampleConfig } from './config.js';
import { ensureDataDir } from './store.js';
import { StartupError } from './startup-error.js';

/**
 * `ROTATION_KEY` when set; for PGlite, a key kept in `DATA_DIR/rotation-key`
 * (made on first start, mode 0600); otherwise undefined (the engine draws a
 * random key per process), with a warning for the shared stores.
 */
export function rotationKeyFor(config: ExampleConfig): string | undefined {
  if (config.rotationKey) return config.rotationKey;
  if (config.store === 'pglite') return keptKey(config.dataDir);
  if (config.store !== 'memory') {
    console.warn(
      'tokenwarden example: ROTATION_KEY is not set; every instance sharing this store needs the same one',
    );
  }
  return undefined;
}

function keptKey(dataDir: string): string {
  ensureDataDir(dataDir);
  const path = join(dataDir, 'rotation-key');
  try {
    // `wx`: two first starts at once cannot both write; the loser reads the winner's key.
    writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new StartupError(`DATA_DIR: cannot write ${path} (${(error as Error).message})`);
    }
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < 64) throw new StartupError(`DATA_DIR: ${path} is not a rotation key`);
  return key;
}
