/**
 * The attack catalogue: forged and malformed tokens, one test each, per
 * algorithm family. Every one must end in an AuthError with the expected code
 * (and claim where the check names one), never in another exception. The
 * whole catalogue runs on both signature backends (Web Crypto and node:crypto).
 */
import { createPublicKey } from 'node:crypto';
import { base64url, calculateJwkThumbprint, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeySet, type KeyInput, type Verifier } from '../src/index.js';
import { BACKEND_NAMES, type BackendName, verifierOn } from './helpers/backends.js';
import {
  ASYMMETRIC,
  b64json,
  craft,
  expectAuthError,
  FAMILIES,
  type Family,
  hmacSigner,
  makeMaterial,
  type Material,
  type Signer,
  withSegment,
} from './helpers/keys.js';

const NOW = 1_800_000_000; // seconds
const clock = () => NOW * 1000;
const KID = 'k1';
const ISS = 'https://auth.example';
const AUD = 'api';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISS,
    aud: AUD,
    sub: 'user-1',
    iat: NOW - 10,
    exp: NOW + 600,
    jti: 'jti-1',
    sid: 'fam-1',
    ...overrides,
  };
}

function keyInput(m: Material, kid: string): KeyInput {
  return m.alg === 'HS256'
    ? { alg: 'HS256', secret: m.secret!, kid }
    : { alg: m.alg, jwk: m.privateJwk as Record<string, unknown>, kid };
}

interface Ctx {
  m: Material;
  backend: BackendName;
  verifier: Verifier;
  /** Holds an extra HS256 key, so HS256 is in its allow-list: only the key binding stops confusion. */
  mixed: Verifier;
  header: Record<string, unknown>;
  /** A valid token signed by the real key. */
  valid: (payload?: unknown, header?: Record<string, unknown>) => string;
}

async function setup(alg: Family, backend: BackendName): Promise<Ctx> {
  const m = await makeMaterial(alg);
  const keys = await createKeySet({ keys: [keyInput(m, KID)] });
  const extra = await createKeySet({
    keys: [keyInput(m, KID), { alg: 'HS256', secret: new Uint8Array(32).fill(7), kid: 'hs' }],
  });
  const opts = { issuer: ISS, audience: AUD, clock };
  const header = { alg, kid: KID, typ: 'at+jwt' };
  return {
    m,
    backend,
    verifier: verifierOn(backend, { keys, ...opts }),
    mixed: verifierOn(backend, { keys: extra, ...opts }),
    header,
    valid: (payload = claims(), h = header) => craft(h, payload, m.signer),
  };
}

/** A valid token whose signature segment contains `-` or `_` (retrying with fresh jti). */
function validWithUrlSafeChars(ctx: Ctx): string {
  for (let i = 0; ; i++) {
    const token = ctx.valid(claims({ jti: `jti-${i}` }));
    if (/[-_]/.test(token.split('.')[2]!)) return token;
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

const FAMILY_ON_BACKEND = FAMILIES.flatMap((alg) =>
  BACKEND_NAMES.map((backend) => [alg, backend] as const),
);
const ASYMMETRIC_ON_BACKEND = ASYMMETRIC.flatMap((alg) =>
  BACKEND_NAMES.map((backend) => [alg, backend] as const),
);

describe.each(FAMILY_ON_BACKEND)('attack catalogue: %s on the %s backend', (alg, backend) => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await setup(alg, backend);
  });

  it('accepts the hand-made valid token (the fixtures are sound)', async () => {
    const { claims: got, header } = await ctx.verifier.verify(ctx.valid());
    expect(got.sub).toBe('user-1');
    expect(header).toEqual({ alg, kid: KID, typ: 'at+jwt' });
  });

  describe.each(['none', 'None', 'NONE', 'nOnE'])('alg %s', (none) => {
    it('is refused with a signature', async () => {
      const token = craft({ ...ctx.header, alg: none }, claims(), ctx.m.signer);
      await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'alg');
      await expectAuthError(ctx.mixed.verify(token), 'TOKEN_INVALID', 'alg');
    });

    it('is refused without a signature', async () => {
      const token = `${b64json({ ...ctx.header, alg: none })}.${b64json(claims())}.`;
      await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID');
    });
  });

  it('refuses an embedded jwk header carrying the attacker key (kid names it)', async () => {
    const attacker = await makeMaterial(alg);
    const jwk = (attacker.publicJwk ?? attacker.privateJwk) as JWK;
    const kid = await calculateJwkThumbprint(jwk);
    const token = craft({ ...ctx.header, kid, jwk }, claims(), attacker.signer);
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'kid');
  });

  it('refuses an embedded jwk header carrying the attacker key (kid omitted)', async () => {
    const attacker = await makeMaterial(alg);
    const { kid: _omitted, ...header } = ctx.header;
    const token = craft(
      { ...header, jwk: attacker.publicJwk ?? attacker.privateJwk },
      claims(),
      attacker.signer,
    );
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'kid');
  });

  it('refuses an embedded jwk header carrying the attacker key (kid of the real key)', async () => {
    const attacker = await makeMaterial(alg);
    const token = craft(
      { ...ctx.header, jwk: attacker.publicJwk ?? attacker.privateJwk },
      claims(),
      attacker.signer,
    );
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID');
  });

  describe.each(['jku', 'x5u'])('%s header', (param) => {
    it('pointing at the attacker is never fetched and never trusted', async () => {
      const fetchSpy = vi.spyOn(globalThis, 'fetch');
      const attacker = await makeMaterial(alg);
      const url = 'https://attacker.example/jwks.json';
      const real = craft({ ...ctx.header, [param]: url }, claims(), attacker.signer);
      await expectAuthError(ctx.verifier.verify(real), 'TOKEN_INVALID');
      const own = craft(
        { ...ctx.header, kid: 'attacker', [param]: url },
        claims(),
        attacker.signer,
      );
      await expectAuthError(ctx.verifier.verify(own), 'TOKEN_INVALID', 'kid');
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('is ignored on a token signed by the configured key', async () => {
      const fetchSpy = vi.spyOn(globalThis, 'fetch');
      const token = ctx.valid(claims(), { ...ctx.header, [param]: 'https://attacker.example/k' });
      await expect(ctx.verifier.verify(token)).resolves.toBeDefined();
      expect(fetchSpy).not.toHaveBeenCalled();
    });
  });

  it.each(['../../dev/null', "' OR '1'='1", "k1' OR 1=1 --", '/etc/passwd', 'k1\u0000'])(
    'refuses kid %j even when signed by the real key',
    async (kid) => {
      const token = ctx.valid(claims(), { ...ctx.header, kid });
      await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'kid');
    },
  );

  it('refuses a non-string kid', async () => {
    const token = ctx.valid(claims(), { ...ctx.header, kid: ['k1'] });
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'kid');
  });

  it('refuses an unknown crit (signed by the real key)', async () => {
    const token = ctx.valid(claims(), { ...ctx.header, crit: ['exp'], exp: NOW + 600 });
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'crit');
  });

  it('refuses b64: false (signed by the real key)', async () => {
    const token = ctx.valid(claims(), { ...ctx.header, b64: false });
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'b64');
  });

  it('refuses a tampered payload with the original signature', async () => {
    const token = ctx.valid();
    const tampered = withSegment(token, 1, b64json(claims({ sub: 'admin' })));
    await expectAuthError(ctx.verifier.verify(tampered), 'TOKEN_INVALID');
  });

  it('refuses one flipped signature bit', async () => {
    const token = ctx.valid();
    const sig = base64url.decode(token.split('.')[2]!);
    sig[0]! ^= 0x01;
    await expectAuthError(
      ctx.verifier.verify(withSegment(token, 2, base64url.encode(sig))),
      'TOKEN_INVALID',
    );
  });

  it.each([
    ['JWT', 'check_failed'],
    ['application/jwt', 'check_failed'],
    ['at+jwt; x', 'check_failed'],
    [undefined, 'missing'],
    [42, 'invalid'],
  ])('refuses typ %j', async (typ, reason) => {
    const token = ctx.valid(claims(), { ...ctx.header, typ });
    const err = await ctx.verifier.verify(token).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_INVALID', claim: 'typ', reason });
  });

  it.each(['application/at+jwt', 'AT+JWT', 'Application/At+Jwt'])(
    'accepts typ %j (RFC 7515 §4.1.9)',
    async (typ) => {
      await expect(
        ctx.verifier.verify(ctx.valid(claims(), { ...ctx.header, typ })),
      ).resolves.toBeDefined();
    },
  );

  it('refuses a wrong iss', async () => {
    const token = ctx.valid(claims({ iss: 'https://evil.example' }));
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'iss');
  });

  it('refuses a wrong aud (string and array)', async () => {
    await expectAuthError(
      ctx.verifier.verify(ctx.valid(claims({ aud: 'other' }))),
      'TOKEN_INVALID',
      'aud',
    );
    await expectAuthError(
      ctx.verifier.verify(ctx.valid(claims({ aud: ['other', 'another'] }))),
      'TOKEN_INVALID',
      'aud',
    );
  });

  it('refuses exp past the 5s tolerance and accepts it just inside', async () => {
    await expectAuthError(
      ctx.verifier.verify(ctx.valid(claims({ exp: NOW - 5 }))),
      'TOKEN_EXPIRED',
      'exp',
    );
    await expect(ctx.verifier.verify(ctx.valid(claims({ exp: NOW - 4 })))).resolves.toBeDefined();
  });

  it('refuses nbf in the future beyond tolerance', async () => {
    await expectAuthError(
      ctx.verifier.verify(ctx.valid(claims({ nbf: NOW + 6 }))),
      'TOKEN_INVALID',
      'nbf',
    );
    await expect(ctx.verifier.verify(ctx.valid(claims({ nbf: NOW + 5 })))).resolves.toBeDefined();
  });

  it('refuses iat in the future beyond tolerance', async () => {
    await expectAuthError(
      ctx.verifier.verify(ctx.valid(claims({ iat: NOW + 6 }))),
      'TOKEN_INVALID',
      'iat',
    );
    await expect(ctx.verifier.verify(ctx.valid(claims({ iat: NOW + 5 })))).resolves.toBeDefined();
  });

  it('refuses a validly signed 64 KB token before parsing it', async () => {
    const big = ctx.valid(claims({ pad: 'x'.repeat(48 * 1024) }));
    expect(big.length).toBeGreaterThan(64 * 1024);
    await expectAuthError(ctx.verifier.verify(big), 'TOKEN_INVALID');
    const roomy = verifierOn(ctx.backend, {
      keys: await createKeySet({ keys: [keyInput(ctx.m, KID)] }),
      issuer: ISS,
      audience: AUD,
      clock,
      maxTokenBytes: 100_000,
    });
    await expect(roomy.verify(big)).resolves.toBeDefined();
  });

  it('refuses 64 KB of garbage', async () => {
    await expectAuthError(ctx.verifier.verify('a'.repeat(64 * 1024)), 'TOKEN_INVALID');
  });

  it.each(['!', '*', '~', 'é', '\u0000'])('refuses the non-base64url character %j', async (ch) => {
    const token = ctx.valid();
    const payload = token.split('.')[1]!;
    await expectAuthError(
      ctx.verifier.verify(withSegment(token, 1, `${payload.slice(0, 5)}${ch}${payload.slice(6)}`)),
      'TOKEN_INVALID',
    );
  });

  it.each([0, 1, 2])('refuses "=" padding on segment %i', async (index) => {
    const token = ctx.valid();
    const segment = token.split('.')[index]!;
    await expectAuthError(
      ctx.verifier.verify(withSegment(token, index, `${segment}=`)),
      'TOKEN_INVALID',
    );
    await expectAuthError(
      ctx.verifier.verify(withSegment(token, index, `${segment}==`)),
      'TOKEN_INVALID',
    );
  });

  it('refuses "+" and "/" (base64, not base64url)', async () => {
    const token = validWithUrlSafeChars(ctx);
    const sig = token.split('.')[2]!;
    const std = sig.replace(/-/g, '+').replace(/_/g, '/');
    await expectAuthError(ctx.verifier.verify(withSegment(token, 2, std)), 'TOKEN_INVALID');
  });

  it.each([
    ['inside the signature', (t: string) => withSegment(t, 2, ` ${t.split('.')[2]}`)],
    ['inside the payload', (t: string) => withSegment(t, 1, `${t.split('.')[1]} `)],
    ['before the token', (t: string) => ` ${t}`],
    ['after the token', (t: string) => `${t} `],
  ])('refuses a space %s', async (_where, mutate) => {
    await expectAuthError(ctx.verifier.verify(mutate(ctx.valid())), 'TOKEN_INVALID');
  });

  it.each(['\n', '\r\n', '\t', 'A', '.', '..', '.x'])(
    'refuses the trailing characters %j',
    async (tail) => {
      await expectAuthError(ctx.verifier.verify(`${ctx.valid()}${tail}`), 'TOKEN_INVALID');
    },
  );

  it('refuses non-canonical trailing bits in the signature segment', async () => {
    const token = ctx.valid();
    const sig = token.split('.')[2]!;
    // Every signature length here leaves >= 2 unused low bits in the last character.
    const flipped = `${sig.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(sig.at(-1)!) ^ 1]}`;
    expect(base64url.decode(flipped)).toEqual(base64url.decode(sig));
    await expectAuthError(ctx.verifier.verify(withSegment(token, 2, flipped)), 'TOKEN_INVALID');
  });

  it('refuses two and four segments', async () => {
    const [h, p, s] = ctx.valid().split('.');
    await expectAuthError(ctx.verifier.verify(`${h}.${p}`), 'TOKEN_INVALID');
    await expectAuthError(ctx.verifier.verify(`${h}.${p}.${s}.${s}`), 'TOKEN_INVALID');
    await expectAuthError(ctx.verifier.verify(`${h}.${p}.${s}.`), 'TOKEN_INVALID');
  });

  it.each([[['array']], [42], ['a string'], [null], [true]])(
    'refuses a signed payload that is not a JSON object: %j',
    async (payload) => {
      await expectAuthError(ctx.verifier.verify(ctx.valid(payload)), 'TOKEN_INVALID');
    },
  );

  it('refuses a header that is not a JSON object', async () => {
    const token = craft(['alg', alg], claims(), ctx.m.signer);
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID');
  });

  it('refuses a payload that is not UTF-8', async () => {
    // A lone 0xff inside a string value: a lenient decoder would turn it into U+FFFD and accept.
    const json = new TextEncoder().encode(JSON.stringify(claims({ role: 'XX' })));
    const bytes = json.map((b, i, all) => (b === 0x58 && all[i + 1] === 0x58 ? 0xff : b));
    const input = `${b64json(ctx.header)}.${base64url.encode(bytes)}`;
    const token = `${input}.${base64url.encode(ctx.m.signer(new TextEncoder().encode(input)))}`;
    await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID');
  });

  it.each([
    ['exp', '1800000600'],
    ['iat', 'yesterday'],
    ['nbf', null],
    ['aud', 42],
    ['aud', []],
    ['aud', ['api', 1]],
    ['sub', { id: 1 }],
    ['sub', ''],
    ['iss', ['https://auth.example']],
    ['jti', 7],
    ['sid', false],
  ])('refuses the registered claim %s of the wrong type (%j)', async (claim, value) => {
    if (claim === 'exp' && value === 0) {
      // 0 is a valid number: it is an expiry in 1970, so TOKEN_EXPIRED, not a type error.
      await expectAuthError(
        ctx.verifier.verify(ctx.valid(claims({ exp: 0 }))),
        'TOKEN_EXPIRED',
        'exp',
      );
      return;
    }
    const err = await ctx.verifier
      .verify(ctx.valid(claims({ [claim]: value })))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_INVALID', claim, reason: 'invalid' });
  });

  it.each(['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'sid'])(
    'refuses a token without %s',
    async (claim) => {
      const { [claim]: _dropped, ...rest } = claims();
      const err = await ctx.verifier.verify(ctx.valid(rest)).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TOKEN_INVALID', claim, reason: 'missing' });
    },
  );

  it('answers TOKEN_MISSING for no token and TOKEN_INVALID for a non-string', async () => {
    await expectAuthError(ctx.verifier.verify(undefined), 'TOKEN_MISSING');
    await expectAuthError(ctx.verifier.verify(''), 'TOKEN_MISSING');
    for (const value of [null, 42, {}, ['a.b.c'], new String(ctx.valid())]) {
      await expectAuthError(ctx.verifier.verify(value), 'TOKEN_INVALID');
    }
  });
});

describe.each(ASYMMETRIC_ON_BACKEND)(
  'algorithm confusion: HS256 signed with the %s public key, %s backend',
  (alg, backend) => {
    let ctx: Ctx;
    let forgeries: Record<string, Signer>;
    beforeAll(async () => {
      ctx = await setup(alg, backend);
      forgeries = {
        'PEM text': hmacSigner('sha256', ctx.m.publicPem!),
        'PEM text without the final newline': hmacSigner('sha256', ctx.m.publicPem!.trim()),
        'JWK JSON text': hmacSigner('sha256', JSON.stringify(ctx.m.publicJwk)),
        'DER bytes': hmacSigner(
          'sha256',
          new Uint8Array(
            createPublicKey({ key: ctx.m.publicJwk as never, format: 'jwk' }).export({
              type: 'spki',
              format: 'der',
            }),
          ),
        ),
      };
    });

    it.each(['PEM text', 'PEM text without the final newline', 'JWK JSON text', 'DER bytes'])(
      'refuses the forgery keyed with the %s',
      async (what) => {
        const token = craft({ ...ctx.header, alg: 'HS256' }, claims(), forgeries[what]!);
        // HS256 is not in the allow-list of a verifier that holds only the asymmetric key...
        await expectAuthError(ctx.verifier.verify(token), 'TOKEN_INVALID', 'alg');
        // ...and where it is, the kid names a key bound to another algorithm.
        const err = await ctx.mixed.verify(token).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'TOKEN_INVALID', claim: 'alg', reason: 'check_failed' });
      },
    );
  },
);
