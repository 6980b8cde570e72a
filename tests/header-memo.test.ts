/**
 * The verifier's memo of headers seen on verified tokens: only authentic
 * headers get in, a hit never changes an answer, and it stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { createKeySet, isAuthError } from '../src/index.js';
import { HeaderMemo } from '../src/token/jws/header-memo.js';
import { resolveVerifierOptions } from '../src/token/jwt/verifier-options.js';
import { type VerifyConfig, verifyJwt } from '../src/token/jwt/verify-jwt.js';
import { BACKEND_NAMES, BACKENDS } from './helpers/backends.js';
import { b64json, craft, hmacSigner } from './helpers/keys.js';

const NOW = 1_800_000_000;
const ISS = 'https://auth.example';
const AUD = 'api';
const SECRET = new Uint8Array(32).fill(7);
const sign = hmacSigner('sha256', SECRET);
const forge = hmacSigner('sha256', new Uint8Array(32).fill(8));
const HEADER = { alg: 'HS256', kid: 'k1', typ: 'at+jwt' };
const CLAIMS = { iss: ISS, aud: AUD, sub: 'u', iat: NOW, exp: NOW + 60, jti: 'j', sid: 's' };

async function config(backend: (typeof BACKEND_NAMES)[number]): Promise<VerifyConfig> {
  const keys = await createKeySet({ keys: [{ alg: 'HS256', secret: SECRET, kid: 'k1' }] });
  const resolved = resolveVerifierOptions({
    keys,
    issuer: ISS,
    audience: AUD,
    clock: () => NOW * 1000,
  });
  return { ...resolved, backend: BACKENDS[backend], headers: new HeaderMemo() };
}

async function code(config: VerifyConfig, token: string): Promise<string> {
  try {
    await verifyJwt(config, token);
    return 'OK';
  } catch (err) {
    if (!isAuthError(err)) throw err;
    return err.code;
  }
}

describe.each(BACKEND_NAMES)('header memo, %s backend', (backend) => {
  it('remembers a header only once a signature under it verified', async () => {
    const c = await config(backend);
    const forged = craft(HEADER, CLAIMS, forge);
    expect(await code(c, forged)).toBe('TOKEN_INVALID');
    expect(c.headers.get(b64json(HEADER))).toBeUndefined();
    expect(await code(c, craft(HEADER, CLAIMS, sign))).toBe('OK');
    expect(c.headers.get(b64json(HEADER))?.header).toEqual(HEADER);
  });

  it('still refuses a forged signature under a remembered header', async () => {
    const c = await config(backend);
    expect(await code(c, craft(HEADER, CLAIMS, sign))).toBe('OK');
    expect(await code(c, craft(HEADER, CLAIMS, forge))).toBe('TOKEN_INVALID');
    expect(await code(c, craft(HEADER, { ...CLAIMS, sub: 'admin' }, forge))).toBe('TOKEN_INVALID');
  });

  it('never remembers a header the rules refuse, even when correctly signed', async () => {
    const c = await config(backend);
    for (const header of [
      { ...HEADER, typ: 'JWT' },
      { ...HEADER, crit: ['exp'] },
      { ...HEADER, kid: 'k2' },
      { ...HEADER, alg: 'HS512' },
    ]) {
      expect(await code(c, craft(header, CLAIMS, sign))).toBe('TOKEN_INVALID');
      expect(c.headers.get(b64json(header))).toBeUndefined();
    }
    expect(c.headers.size).toBe(0);
  });

  it('checks the claims of every token, remembered header or not', async () => {
    const c = await config(backend);
    expect(await code(c, craft(HEADER, CLAIMS, sign))).toBe('OK');
    expect(await code(c, craft(HEADER, { ...CLAIMS, exp: NOW - 60 }, sign))).toBe('TOKEN_EXPIRED');
    expect(await code(c, craft(HEADER, { ...CLAIMS, aud: 'other' }, sign))).toBe('TOKEN_INVALID');
  });

  it('is private to one verifier', async () => {
    const warm = await config(backend);
    const other = await config(backend);
    expect(await code(warm, craft(HEADER, CLAIMS, sign))).toBe('OK');
    expect(other.headers.size).toBe(0);
  });
});

describe('HeaderMemo', () => {
  it('holds at most 32 headers, however many authentic ones it is given', () => {
    const memo = new HeaderMemo();
    const check = { header: { alg: 'HS256', kid: 'k', typ: 'at+jwt' } } as never;
    for (let i = 0; i < 100; i++) {
      memo.remember(`h${i}`, check);
      expect(memo.size).toBeLessThanOrEqual(32);
      expect(memo.get(`h${i}`)).toBe(check);
    }
  });
});
