/**
 * The examples' signing keys, kept across restarts so access tokens outlive
 * a deploy: `SIGNING_KEY` (a private Ed25519 JWK as JSON) or, when unset,
 * `DATA_DIR/signing-key.jwk`, made on first start with mode 0600. Rotation
 * keeps two keys: the new one signs, the previous one
 * (`SIGNING_KEY_PREVIOUS` or `DATA_DIR/signing-key.previous.jwk`) only
 * verifies, until every token it signed has expired (README "Signing keys").
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { createKeySet, type KeySet } from 'tokenwarden';
import type { ExampleConfig } from './config.js';
import { StartupError } from './startup-error.js';
import { ensureDataDir } from './store.js';

/**
 * How long a resource server may cache the JWKS: 5 minutes, shorter than
 * the rotation overlap (the previous key verifies for at least ACCESS_TTL,
 * 15 minutes by default), so every cache sees a new key before the old one
 * goes. RFC 7517 §8.5 names the media type.
 */
export const JWKS_HEADERS = {
  'content-type': 'application/jwk-set+json',
  'cache-control': 'public, max-age=300',
} as const;

/** File names under DATA_DIR. */
export const SIGNING_KEY_FILE = 'signing-key.jwk';
export const PREVIOUS_KEY_FILE = 'signing-key.previous.jwk';

/** The key set: the current key signs, the previous one (if any) verifies. */
export async function loadSigningKeys(config: ExampleConfig): Promise<KeySet> {
  const current = config.signingKey
    ? parseJwk(config.signingKey, 'SIGNING_KEY')
    : await keptKey(config.dataDir);
  const previousText =
    config.signingKeyPrevious ?? readIfPresent(join(config.dataDir, PREVIOUS_KEY_FILE));
  const previous = previousText
    ? publicPart(parseJwk(previousText, 'SIGNING_KEY_PREVIOUS'))
    : undefined;
  try {
    return await createKeySet({
      keys: [
        { alg: 'EdDSA', jwk: current },
        ...(previous ? [{ alg: 'EdDSA' as const, jwk: previous }] : []),
      ],
    });
  } catch (error) {
    throw new StartupError(`signing keys: ${(error as Error).message}`);
  }
}

/**
 * Rotates the kept key in `dataDir`: the current key becomes the previous
 * one (verify-only), a new key signs from the next start. Returns the file
 * written. The previous key may be deleted once `ACCESS_TTL` has passed
 * since the restart.
 */
export async function rotateSigningKey(dataDir: string): Promise<string> {
  ensureDataDir(dataDir);
  const path = join(dataDir, SIGNING_KEY_FILE);
  renameSync(path, join(dataDir, PREVIOUS_KEY_FILE));
  writeFileSync(path, JSON.stringify(await newKey()), { flag: 'wx', mode: 0o600 });
  return path;
}

async function keptKey(dataDir: string): Promise<JWK> {
  ensureDataDir(dataDir);
  const path = join(dataDir, SIGNING_KEY_FILE);
  try {
    // `wx`: two first starts at once cannot both write; the loser reads the winner's key.
    writeFileSync(path, JSON.stringify(await newKey()), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new StartupError(`DATA_DIR: cannot write ${path} (${(error as Error).message})`);
    }
  }
  return parseJwk(readFileSync(path, 'utf8'), path);
}

async function newKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  return exportJWK(privateKey);
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StartupError(`DATA_DIR: cannot read ${path} (${(error as Error).message})`);
  }
}

// A key is secret: the message names where it came from, never its content.
function parseJwk(text: string, source: string): JWK {
  try {
    const jwk = JSON.parse(text) as JWK;
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') return jwk;
  } catch {}
  throw new StartupError(`${source} is not an Ed25519 JWK (make one with npm run demo:rotate-key)`);
}

// The previous key only verifies: its private part is not needed.
function publicPart({ kty, crv, x }: JWK): JWK {
  return { kty, crv, x };
}
