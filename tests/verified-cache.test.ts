/**
 * The verified-token cache: only passing tokens are kept, a hit skips the
 * signature and nothing else, time claims are re-checked with the current
 * clock on every hit, the size is bounded, and each verifier has its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildVerifier } from '../src/token/jwt/build-verifier.js';
import { resolveVerifierOptions } from '../src/token/jwt/verifier-options.js';
import type { SignatureBackend } from '../src/token/signature/signature-backend.js';
import {
  createKeySet,
  createVerifierCache,
  type KeySet,
  type VerifierOptions,
} from '../src/index.js';
import { BACKEND_NAMES, BACKENDS } from './helpers/backends.js';
import {
  craft,
  expectAuthError,
  makeMaterial,
  type Material,
  withSegment,
} from './helpers/keys.js';

const NOW = 1_800_000_000;
const ISS = 'https://auth.example';
const AUD = 'api';

/** Counts signature checks: a cache hit is a verify that does not reach the backend. */
function counting(inner: SignatureBackend): SignatureBackend & { calls: number } {
  const backend = {
    calls: 0,
    verify: (...args: Parameters<SignatureBackend['verify']>) => {
      backend.calls++;
      return inner.verify(...args);
    },
    sign: inner.sign,
    codec: inner.codec,
  };
  return backend;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISS,
    aud: AUD,
    sub: 'u',
    iat: NOW,
    exp: NOW + 60,
    jti: 'j',
    sid: 's',
    ...overrides,
  };
}

describe.each(BACKEND_NAMES)('verified-token cache on the %s backend', (name) => {
  let m: Material;
  let keys: KeySet;
  const now = { ms: NOW * 1000 };
  const sign = (payload = claims(), kid = 'k1') =>
    craft({ alg: 'ES256', kid, typ: 'at+jwt' }, payload, m.signer);

  beforeAll(async () => {
    m = await makeMaterial('ES256');
    keys = await createKeySet({ keys: [{ alg: 'ES256', jwk: m.privateJwk as never, kid: 'k1' }] });
  });

  function make(extra: Partial<VerifierOptions> = {}) {
    now.ms = NOW * 1000;
    const backend = counting(BACKENDS[name]);
    const options = {
      keys,
      issuer: ISS,
      audience: AUD,
      clock: () => now.ms,
      cache: createVerifierCache({ maxEntries: 100 }),
      ...extra,
    };
    return { backend, verifier: buildVerifier(resolveVerifierOptions(options), backend) };
  }

  it('serves a repeated token without a second signature check, with equal results', async () => {
    const { backend, verifier } = make();
    const token = sign(claims({ role: 'admin' }));
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(backend.calls).toBe(1);
    expect(second).toEqual(first);
  });

  it('is off by default', async () => {
    const { backend, verifier } = make({ cache: undefined });
    const token = sign();
    await verifier.verify(token);
    await verifier.verify(token);
    expect(backend.calls).toBe(2);
  });

  it('answers TOKEN_EXPIRED for a token that expired while cached, then keeps refusing it', async () => {
    const { verifier } = make();
    const token = sign(claims({ exp: NOW + 60 }));
    await verifier.verify(token);
    now.ms = (NOW + 64) * 1000; // inside the 5 s tolerance
    await expect(verifier.verify(token)).resolves.toBeDefined();
    now.ms = (NOW + 65) * 1000;
    await expectAuthError(verifier.verify(token), 'TOKEN_EXPIRED', 'exp');
    now.ms = (NOW + 66) * 1000;
    await expectAuthError(verifier.verify(token), 'TOKEN_EXPIRED', 'exp');
  });

  it('drops an expired entry: a later call with an earlier clock goes through full verification', async () => {
    const { backend, verifier } = make();
    const token = sign();
    await verifier.verify(token);
    now.ms = (NOW + 3600) * 1000;
    await expectAuthError(verifier.verify(token), 'TOKEN_EXPIRED', 'exp');
    now.ms = NOW * 1000;
    await verifier.verify(token);
    expect(backend.calls).toBe(2);
  });

  it('re-checks maxAge on a hit', async () => {
    const { verifier } = make({ maxAge: 30 });
    const token = sign();
    await verifier.verify(token);
    now.ms = (NOW + 36) * 1000;
    await expectAuthError(verifier.verify(token), 'TOKEN_EXPIRED', 'iat');
  });

  it('refuses a forgery that differs from a cached token by one character', async () => {
    const { verifier } = make();
    const token = sign();
    await verifier.verify(token);
    const [h, p, s] = token.split('.') as [string, string, string];
    const flip = (c: string) => (c === 'A' ? 'B' : 'A');
    const forgeries = [
      withSegment(token, 2, `${flip(s[0]!)}${s.slice(1)}`),
      withSegment(token, 2, `${s.slice(0, 10)}${flip(s[10]!)}${s.slice(11)}`),
      withSegment(token, 1, `${p.slice(0, 12)}${flip(p[12]!)}${p.slice(13)}`),
      withSegment(token, 0, `${h.slice(0, 5)}${flip(h[5]!)}${h.slice(6)}`),
      `${token}A`,
      token.slice(0, -1),
    ];
    for (const forged of forgeries) {
      await expectAuthError(verifier.verify(forged), 'TOKEN_INVALID');
    }
  });

  it('never caches a failure', async () => {
    const { backend, verifier } = make();
    const token = sign();
    const s = token.split('.')[2]!;
    const bad = withSegment(token, 2, `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`);
    await expectAuthError(verifier.verify(bad), 'TOKEN_INVALID');
    await expectAuthError(verifier.verify(bad), 'TOKEN_INVALID');
    expect(backend.calls).toBe(2);
    const wrongAudience = sign(claims({ aud: 'other' }));
    await expectAuthError(verifier.verify(wrongAudience), 'TOKEN_INVALID', 'aud');
    await expectAuthError(verifier.verify(wrongAudience), 'TOKEN_INVALID', 'aud');
    expect(backend.calls).toBe(4);
  });

  it('is private to its verifier: one built without the key refuses a token the other cached', async () => {
    const { verifier } = make();
    const token = sign();
    await verifier.verify(token);
    const other = await makeMaterial('ES256');
    const otherKeys = await createKeySet({
      keys: [{ alg: 'ES256', jwk: other.privateJwk as never, kid: 'k2' }],
    });
    const rotated = buildVerifier(
      resolveVerifierOptions({
        keys: otherKeys,
        issuer: ISS,
        audience: AUD,
        clock: () => now.ms,
        cache: createVerifierCache({ maxEntries: 9 }),
      }),
      BACKENDS[name],
    );
    await expectAuthError(rotated.verify(token), 'TOKEN_INVALID', 'kid');
  });

  it('holds at most maxEntries tokens, evicting the least recently used', async () => {
    const cache = createVerifierCache({ maxEntries: 3 });
    const { backend, verifier } = make({ cache });
    const tokens = [0, 1, 2, 3].map((i) => sign(claims({ jti: `j${i}` })));
    for (const token of tokens.slice(0, 3)) await verifier.verify(token);
    await verifier.verify(tokens[0]!); // now the most recently used
    await verifier.verify(tokens[3]!); // evicts tokens[1]
    expect(backend.calls).toBe(4);
    await verifier.verify(tokens[0]!);
    await verifier.verify(tokens[2]!);
    await verifier.verify(tokens[3]!);
    expect(backend.calls).toBe(4);
    await verifier.verify(tokens[1]!);
    expect(backend.calls).toBe(5);
    expect(cache).toMatchObject({ maxEntries: 3, size: 3 });
  });

  it('hands out a fresh claims object on every hit', async () => {
    const { verifier } = make();
    const token = sign(claims({ roles: ['user'] }));
    const first = await verifier.verify<{ roles: string[] }>(token);
    first.claims.roles.push('admin');
    first.claims.sub = 'someone-else';
    const second = await verifier.verify<{ roles: string[] }>(token);
    expect(second.claims.roles).toEqual(['user']);
    expect(second.claims.sub).toBe('u');
  });

  it('still answers TOKEN_MISSING and TOKEN_INVALID for non-tokens', async () => {
    const { verifier } = make();
    await expectAuthError(verifier.verify(undefined), 'TOKEN_MISSING');
    await expectAuthError(verifier.verify(''), 'TOKEN_MISSING');
    await expectAuthError(verifier.verify(42), 'TOKEN_INVALID');
  });
});

describe('cache option', () => {
  const verifierWith = async (cache: unknown) => {
    const m = await makeMaterial('HS256');
    const keys = await createKeySet({ keys: [{ alg: 'HS256', secret: m.secret! }] });
    return () =>
      buildVerifier(
        resolveVerifierOptions({ keys, issuer: ISS, audience: AUD, cache: cache as never }),
        BACKENDS.web,
      );
  };

  it.each([{ maxEntries: 0 }, { maxEntries: 1.5 }, { maxEntries: '10' }, {}, null, 'big', 10])(
    'createVerifierCache refuses %j with a TypeError',
    (options) => {
      expect(() => createVerifierCache(options as never)).toThrow(TypeError);
    },
  );

  it.each([{ maxEntries: 100 }, { maxEntries: 100, size: 0 }, null, 'big', 10, new Map()])(
    'a verifier refuses a cache option of %j that createVerifierCache did not make',
    async (cache) => {
      expect(await verifierWith(cache)).toThrow(/createVerifierCache/);
    },
  );

  it('refuses one cache for two verifiers: a hit would skip the second one’s key checks', async () => {
    const cache = createVerifierCache({ maxEntries: 10 });
    (await verifierWith(cache))();
    expect(await verifierWith(cache)).toThrow(/another verifier/);
  });
});
