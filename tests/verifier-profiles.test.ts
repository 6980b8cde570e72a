/**
 * Verifier profiles for tokens issued elsewhere: `typ` as a value, a list or
 * not checked; `requireKid: false`; the `rfc9068` and `jwt` claim profiles;
 * `Ed25519` (RFC 9864) as another name of EdDSA. Each relaxation has a test
 * proving the default still refuses. Run on both signature backends.
 */
import { describe, expect, it } from 'vitest';
import { createIssuer, createKeySet, type KeyInput } from '../src/index.js';
import { BACKEND_NAMES, verifierOn } from './helpers/backends.js';
import { craft, expectAuthError, hmacSigner, makeMaterial } from './helpers/keys.js';

const NOW = 1_800_000_000;
const clock = () => NOW * 1000;
const ISS = 'https://issuer.example';
const AUD = 'api';
const SECRET = new Uint8Array(32).fill(7);
const sign = hmacSigner('sha256', SECRET);

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISS,
    aud: AUD,
    sub: 'u1',
    iat: NOW - 5,
    exp: NOW + 60,
    jti: 'j',
    sid: 's',
    ...overrides,
  };
}
const header = (overrides: Record<string, unknown> = {}) => ({
  alg: 'HS256',
  kid: 'k1',
  typ: 'at+jwt',
  ...overrides,
});
const drop = (record: Record<string, unknown>, ...names: string[]) =>
  Object.fromEntries(Object.entries(record).filter(([name]) => !names.includes(name)));

const hmacKeys = (...kids: string[]) =>
  createKeySet({ keys: kids.map((kid) => ({ alg: 'HS256', secret: SECRET, kid }) as KeyInput) });

describe.each(BACKEND_NAMES)('verifier profiles on the %s backend', (backend) => {
  const base = { issuer: ISS, audience: AUD, clock };

  describe('typ', () => {
    it('accepts any value of a list, compared per RFC 7515 §4.1.9', async () => {
      const keys = await hmacKeys('k1');
      const verifier = verifierOn(backend, { ...base, keys, typ: ['at+jwt', 'JWT'] });
      for (const typ of ['at+jwt', 'application/AT+JWT', 'jwt', 'application/jwt']) {
        await expect(
          verifier.verify(craft(header({ typ }), claims(), sign)),
        ).resolves.toBeDefined();
      }
      await expectAuthError(
        verifier.verify(craft(header({ typ: 'id+jwt' }), claims(), sign)),
        'TOKEN_INVALID',
        'typ',
      );
    });

    it('typ: false checks nothing; the default refuses a missing or other typ', async () => {
      const keys = await hmacKeys('k1');
      const loose = verifierOn(backend, { ...base, keys, typ: false });
      const untyped = craft(drop(header(), 'typ'), claims(), sign);
      const { header: seen } = await loose.verify(untyped);
      expect(seen.typ).toBeUndefined();
      await expect(
        loose.verify(craft(header({ typ: 'JWT' }), claims(), sign)),
      ).resolves.toBeDefined();
      const strict = verifierOn(backend, { ...base, keys });
      await expectAuthError(strict.verify(untyped), 'TOKEN_INVALID', 'typ');
      await expectAuthError(
        strict.verify(craft(header({ typ: 'JWT' }), claims(), sign)),
        'TOKEN_INVALID',
        'typ',
      );
    });

    it('refuses bad typ options', async () => {
      const keys = await hmacKeys('k1');
      for (const typ of ['', [], [''], [1], true]) {
        expect(() => verifierOn(backend, { ...base, keys, typ: typ as never })).toThrow(TypeError);
      }
    });
  });

  describe('requireKid: false', () => {
    it('uses the only key of the token alg; the default refuses a kid-less token', async () => {
      const keys = await hmacKeys('k1');
      const token = craft(drop(header(), 'kid'), claims(), sign);
      const loose = verifierOn(backend, { ...base, keys, requireKid: false });
      const { header: seen } = await loose.verify(token);
      expect(seen.kid).toBe('k1');
      await expectAuthError(
        verifierOn(backend, { ...base, keys }).verify(token),
        'TOKEN_INVALID',
        'kid',
      );
    });

    it('refuses a kid-less token when several keys hold its alg', async () => {
      const keys = await hmacKeys('k1', 'k2');
      const loose = verifierOn(backend, { ...base, keys, requireKid: false });
      await expectAuthError(
        loose.verify(craft(drop(header(), 'kid'), claims(), sign)),
        'TOKEN_INVALID',
        'kid',
      );
    });

    it('the only key of another alg is never used: the key stays bound to its alg', async () => {
      const ed = await makeMaterial('EdDSA');
      const keys = await createKeySet({
        keys: [
          { alg: 'EdDSA', jwk: ed.privateJwk as Record<string, unknown>, kid: 'e' },
          { alg: 'HS256', secret: SECRET, kid: 'h' },
        ],
      });
      const loose = verifierOn(backend, { ...base, keys, requireKid: false });
      // HS256 "signed" with the Ed25519 public key bytes: must pick the HS256 key, and fail its MAC.
      const forged = craft(
        drop(header(), 'kid'),
        claims(),
        hmacSigner('sha256', new TextEncoder().encode(JSON.stringify(ed.publicJwk))),
      );
      await expectAuthError(loose.verify(forged), 'TOKEN_INVALID');
      const good = craft({ alg: 'EdDSA', typ: 'at+jwt' }, claims(), ed.signer);
      expect((await loose.verify(good)).header.kid).toBe('e');
    });
  });

  describe('claim profiles', () => {
    it('rfc9068 accepts a token without jti and sid; the default refuses it', async () => {
      const keys = await hmacKeys('k1');
      const token = craft(header(), drop(claims(), 'jti', 'sid'), sign);
      const oauth = verifierOn(backend, { ...base, keys, profile: 'rfc9068' });
      const { claims: got } = await oauth.verify(token);
      expect(got.sub).toBe('u1');
      await expectAuthError(
        verifierOn(backend, { ...base, keys }).verify(token),
        'TOKEN_INVALID',
        'jti',
      );
      for (const missing of ['iss', 'aud', 'sub', 'iat', 'exp']) {
        await expectAuthError(
          oauth.verify(craft(header(), drop(claims(), missing), sign)),
          'TOKEN_INVALID',
          missing,
        );
      }
      // Still an access-token profile: typ at+jwt.
      await expectAuthError(
        oauth.verify(craft(header({ typ: 'JWT' }), claims(), sign)),
        'TOKEN_INVALID',
        'typ',
      );
    });

    it('jwt needs only exp, and checks iss/aud only when configured', async () => {
      const keys = await hmacKeys('k1');
      const bare = craft(
        header({ typ: 'JWT' }),
        { exp: NOW + 60, iss: 'anyone', aud: 'other' },
        sign,
      );
      const open = verifierOn(backend, { keys, clock, profile: 'jwt' });
      await expect(open.verify(bare)).resolves.toBeDefined();
      await expectAuthError(
        open.verify(craft(header(), { iss: ISS }, sign)),
        'TOKEN_INVALID',
        'exp',
      );
      const pinned = verifierOn(backend, { ...base, keys, profile: 'jwt' });
      await expectAuthError(pinned.verify(bare), 'TOKEN_INVALID', 'iss');
      await expectAuthError(
        pinned.verify(craft(header(), { exp: NOW + 60, iss: ISS }, sign)),
        'TOKEN_INVALID',
        'aud',
      );
      await expectAuthError(
        open.verify(craft(header(), { exp: NOW - 60 }, sign)),
        'TOKEN_EXPIRED',
        'exp',
      );
    });

    it('issuer and audience stay required options outside the jwt profile', async () => {
      const keys = await hmacKeys('k1');
      expect(() => verifierOn(backend, { keys, audience: AUD })).toThrow(/issuer/);
      expect(() => verifierOn(backend, { keys, issuer: ISS, profile: 'rfc9068' })).toThrow(
        /audience/,
      );
      expect(() => verifierOn(backend, { ...base, keys, profile: 'oidc' as never })).toThrow(
        /profile/,
      );
    });
  });

  describe('Ed25519 (RFC 9864)', () => {
    it('an EdDSA key verifies a token headed Ed25519, and a key bound to Ed25519 signs with that name', async () => {
      const ed = await makeMaterial('EdDSA');
      const edKeys = await createKeySet({
        alg: 'EdDSA',
        jwk: ed.privateJwk as Record<string, unknown>,
        kid: 'e',
      });
      const verifier = verifierOn(backend, { ...base, keys: edKeys });
      const renamed = craft({ alg: 'Ed25519', kid: 'e', typ: 'at+jwt' }, claims(), ed.signer);
      expect((await verifier.verify(renamed)).header.alg).toBe('Ed25519');

      const { d: _d, ...pub } = ed.privateJwk as Record<string, unknown>;
      const fullySpecified = await createKeySet({
        alg: 'Ed25519',
        jwk: ed.privateJwk as Record<string, unknown>,
        kid: 'e',
      });
      const issuer = createIssuer({ keys: fullySpecified, issuer: ISS, audience: AUD, clock });
      const { token } = await issuer.issue({ subject: 'u1', sessionId: 's' });
      expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg).toBe(
        'Ed25519',
      );
      const publicOnly = await createKeySet({ alg: 'EdDSA', jwk: pub, kid: 'e' });
      await expect(
        verifierOn(backend, { ...base, keys: publicOnly }).verify(token),
      ).resolves.toBeDefined();
      await expect(
        verifierOn(backend, { ...base, keys: publicOnly, algorithms: ['Ed25519'] }).verify(token),
      ).resolves.toBeDefined();
    });

    it('is still bound to the key: Ed25519 over an HS256 key is refused', async () => {
      const keys = await hmacKeys('k1');
      const token = craft(header({ alg: 'Ed25519' }), claims(), sign);
      await expectAuthError(
        verifierOn(backend, { ...base, keys }).verify(token),
        'TOKEN_INVALID',
        'alg',
      );
    });
  });
});
