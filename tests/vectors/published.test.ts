/**
 * Published JWS examples, on both signature backends: RFC 7515 Appendix
 * A.1–A.3 verify through `createVerifier` under the permissive `jwt` profile
 * (their `exp` is in 2011, so the clock is set just before it); A.5
 * (`alg: none`) is refused with its own message. RFC 7520 §4.1–4.4 carry a
 * text payload, not claims, so they go through the same JWS steps the
 * verifier runs (strict parse, header rules, signature) without the claims
 * check; §4.5 (detached content) is refused by the parser. Fixtures and their
 * licence: tests/vectors/rfc7515/NOTICE.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Algorithm, createKeySet, isAuthError, type KeyInput } from '../../src/index.js';
import { checkHeader } from '../../src/token/jws/check-header.js';
import {
  checkSignatureSegment,
  decodeJsonSegment,
  splitCompactJws,
} from '../../src/token/jws/parse-compact.js';
import { keySetInternals } from '../../src/token/keys/key-set.js';
import { BACKEND_NAMES, BACKENDS, verifierOn } from '../helpers/backends.js';
import { expectAuthError } from '../helpers/keys.js';

const here = new URL('./', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, here), 'utf8'));

interface Rfc7515Example {
  alg: Algorithm | 'none';
  key?: Record<string, unknown>;
  compact: string;
}
const rfc7515 = json('rfc7515/appendix-a.json') as Record<string, Rfc7515Example> & {
  claims: Record<string, unknown>;
};
// 2011-03-22T18:43:00Z, ten seconds before the examples' `exp`.
const BEFORE_EXP = (1_300_819_380 - 10) * 1000;

interface CookbookExample {
  input: { payload: string; key: Record<string, unknown>; alg: Algorithm };
  output: { compact: string };
}
const cookbook = (name: string) => json(`jose-cookbook/${name}.json`) as CookbookExample;

function keyInput(alg: Algorithm, jwk: Record<string, unknown>): KeyInput {
  const { kid: _kid, use: _use, ...members } = jwk;
  return { alg, jwk: members } as KeyInput;
}

describe.each(BACKEND_NAMES)('RFC 7515 Appendix A on the %s backend', (backend) => {
  it.each(['A.1', 'A.2', 'A.3'])('%s verifies under the jwt profile', async (name) => {
    const example = rfc7515[name]!;
    const alg = example.alg as Algorithm;
    const keys = await createKeySet(keyInput(alg, example.key!));
    const verifier = verifierOn(backend, {
      keys,
      profile: 'jwt',
      issuer: 'joe',
      requireKid: false,
      clock: () => BEFORE_EXP,
    });
    const { claims, header } = await verifier.verify(example.compact);
    expect(claims).toEqual(rfc7515.claims);
    expect(header.alg).toBe(alg);
    expect(header.kid).toBe(keys.kids[0]);
  });

  it('A.1 is still refused by the default profile (no kid, typ "JWT", no aud/sub/iat/jti/sid)', async () => {
    const example = rfc7515['A.1']!;
    const keys = await createKeySet(keyInput('HS256', example.key!));
    const strict = verifierOn(backend, {
      keys,
      issuer: 'joe',
      audience: 'api',
      clock: () => BEFORE_EXP,
    });
    await expectAuthError(strict.verify(example.compact), 'TOKEN_INVALID', 'typ');
    const untyped = verifierOn(backend, {
      keys,
      issuer: 'joe',
      audience: 'api',
      typ: 'JWT',
      clock: () => BEFORE_EXP,
    });
    await expectAuthError(untyped.verify(example.compact), 'TOKEN_INVALID', 'kid');
  });

  it('A.1 is expired at the real time', async () => {
    const example = rfc7515['A.1']!;
    const keys = await createKeySet(keyInput('HS256', example.key!));
    const verifier = verifierOn(backend, { keys, profile: 'jwt', requireKid: false });
    await expectAuthError(verifier.verify(example.compact), 'TOKEN_EXPIRED', 'exp');
  });

  it('A.5 (alg "none") is refused, saying so', async () => {
    const keys = await createKeySet(keyInput('HS256', rfc7515['A.1']!.key!));
    const verifier = verifierOn(backend, {
      keys,
      profile: 'jwt',
      requireKid: false,
      clock: () => BEFORE_EXP,
    });
    const err = await verifier.verify(rfc7515['A.5']!.compact).catch((e: unknown) => e);
    expect(isAuthError(err, 'TOKEN_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/alg "none"/);
    expect((err as Error).message).not.toMatch(/base64url/);
  });
});

const RFC7520 = [
  ['4.1', '4_1.rsa_v15_signature'],
  ['4.2', '4_2.rsa-pss_signature'],
  ['4.3', '4_3.ecdsa_signature'],
  ['4.4', '4_4.hmac-sha2_integrity_protection'],
] as const;

describe.each(BACKEND_NAMES)('RFC 7520 §4 (JOSE cookbook) on the %s backend', (name) => {
  const backend = BACKENDS[name];

  it.each(RFC7520)('§%s verifies', async (_section, file) => {
    const { input, output } = cookbook(file);
    const keys = await createKeySet({ ...keyInput(input.alg, input.key), kid: input.key.kid as string });
    const inner = keySetInternals(keys);
    for (const key of inner.keys) backend.prepare?.(key);
    const token = output.compact;
    const segments = splitCompactJws(token, 8192);
    const header = decodeJsonSegment(segments.header, 'header', backend.codec);
    const { key } = checkHeader(header, {
      algorithms: new Set([input.alg]),
      keys: inner.source,
      typ: undefined,
      requireKid: true,
    });
    checkSignatureSegment(segments.signature);
    expect(await backend.verify(key, segments, token)).toBe(true);
    expect(new TextDecoder().decode(backend.codec.bytes(segments.payload))).toBe(input.payload);
    // One flipped payload character: the same steps must now fail.
    const tampered = `${segments.header}.${segments.payload.replace(/^S/, 'T')}.${segments.signature}`;
    expect(await backend.verify(key, splitCompactJws(tampered, 8192), tampered)).toBe(false);
  });

  it('§4.5 (detached content) is refused', async () => {
    const { input, output } = cookbook('4_5.signature_with_detached_content');
    const keys = await createKeySet({ ...keyInput('HS256', input.key), kid: input.key.kid as string });
    const verifier = verifierOn(name, { keys, profile: 'jwt', requireKid: false });
    await expectAuthError(verifier.verify(output.compact), 'TOKEN_INVALID');
    const err = await verifier.verify(output.compact).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/payload is not base64url/);
  });
});
