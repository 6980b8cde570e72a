import fc from 'fast-check';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createIssuer,
  createKeySet,
  createVerifier,
  isAuthError,
  type KeyInput,
} from '../src/index.js';

const T0 = 1_800_000_000;
const clock = () => T0 * 1000;
const ISS = 'https://auth.example';
const AUD = 'api';
const RESERVED = new Set(['iss', 'aud', 'sub', 'iat', 'exp', 'nbf', 'jti', 'sid', 'cnf']);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const OUTSIDE = ['.', '=', '+', '/', ' ', '\n', '\t', '~', '!', 'é', '\u0000', '\u{1F600}'];

async function setup(input: KeyInput) {
  const keys = await createKeySet({ keys: [input] });
  return {
    issuer: createIssuer({ keys, issuer: ISS, audience: AUD, clock }),
    verifier: createVerifier({ keys, issuer: ISS, audience: AUD, clock, maxTokenBytes: 65_536 }),
  };
}

async function inputFor(alg: 'EdDSA' | 'ES256' | 'HS256'): Promise<KeyInput> {
  if (alg === 'HS256') return { alg, secret: crypto.getRandomValues(new Uint8Array(32)) };
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, jwk: (await exportJWK(privateKey)) as Record<string, unknown> };
}

const callerClaims = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((name) => !RESERVED.has(name)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 6 },
);

describe.each(['EdDSA', 'ES256', 'HS256'] as const)('properties with %s', (alg) => {
  it('issue → verify round-trips any JSON caller claims, subject and session id', async () => {
    const { issuer, verifier } = await setup(await inputFor(alg));
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        callerClaims,
        async (subject, sessionId, claims) => {
          const issued = await issuer.issue({ subject, sessionId, claims });
          const verified = await verifier.verify(issued.token);
          // What JSON can carry: -0 becomes 0, which is what the token holds.
          expect(verified.claims).toEqual({
            ...JSON.parse(JSON.stringify(claims)),
            iss: ISS,
            aud: AUD,
            sub: subject,
            sid: sessionId,
            iat: T0,
            exp: T0 + 900,
            jti: issued.jti,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects any single-character change to a valid token with an AuthError', async () => {
    const { issuer, verifier } = await setup(await inputFor(alg));
    const { token } = await issuer.issue({
      subject: 'user-1',
      sessionId: 'fam-1',
      claims: { role: 'admin' },
    });
    await expect(verifier.verify(token)).resolves.toBeDefined();
    const char = fc.oneof(fc.constantFrom(...BASE64URL), fc.constantFrom(...OUTSIDE));
    const edit = fc.oneof(
      fc.record({ op: fc.constant('replace' as const), at: fc.nat(token.length - 1), ch: char }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(token.length), ch: char }),
      fc.record({
        op: fc.constant('delete' as const),
        at: fc.nat(token.length - 1),
        ch: fc.constant(''),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        edit.filter((e) => e.op !== 'replace' || token[e.at] !== e.ch),
        async ({ op, at, ch }) => {
          const changed = token.slice(0, at) + ch + token.slice(op === 'insert' ? at : at + 1);
          const err = await verifier.verify(changed).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isAuthError(err, 'TOKEN_INVALID')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verify() on arbitrary input', () => {
  it('only ever rejects with an AuthError', async () => {
    const { verifier } = await setup(await inputFor('HS256'));
    const segment = fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 60 });
    const jsonSegment = fc
      .jsonValue({ maxDepth: 2 })
      .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));
    const input = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
      fc.tuple(jsonSegment, jsonSegment, segment).map((parts) => parts.join('.')),
    );
    await fc.assert(
      fc.asyncProperty(input, async (value) => {
        const err = await verifier.verify(value).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isAuthError(err, 'TOKEN_INVALID', 'TOKEN_MISSING')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
