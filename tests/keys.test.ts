import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  base64url,
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  type JWK,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Algorithm,
  createIssuer,
  createKeySet,
  createVerifier,
  type KeyInput,
} from '../src/index.js';
import { ALL_ALGORITHMS } from './helpers/keys.js';

type Asym = Exclude<Algorithm, 'HS256' | 'HS384' | 'HS512'>;
const ASYM = ALL_ALGORITHMS.filter((alg): alg is Asym => !alg.startsWith('HS'));
const HMAC = [
  ['HS256', 32],
  ['HS384', 48],
  ['HS512', 64],
] as const;

interface Pair {
  privateJwk: JWK;
  publicJwk: JWK;
  privatePem: string;
  publicPem: string;
}

const pairs = new Map<string, Pair>();
// One RSA pair serves all RS*/PS* algorithms: generating six would only slow the suite.
const familyOf = (alg: Asym) => (alg.startsWith('RS') || alg.startsWith('PS') ? 'RS256' : alg);
const pair = (alg: Asym) => pairs.get(familyOf(alg))!;

function strip({ alg: _a, use: _u, key_ops: _k, ext: _e, kid: _kid, ...rest }: JWK): JWK {
  return rest;
}

beforeAll(async () => {
  for (const alg of ['EdDSA', 'ES256', 'ES384', 'ES512', 'RS256'] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    pairs.set(alg, {
      privateJwk: strip(await exportJWK(privateKey)),
      publicJwk: strip(await exportJWK(publicKey)),
      privatePem: await exportPKCS8(privateKey),
      publicPem: await exportSPKI(publicKey),
    });
  }
});

const sha = (jwk: JWK) => calculateJwkThumbprint(jwk, 'sha256');

describe('createKeySet: loading', () => {
  describe.each(ASYM)('%s', (alg) => {
    it('loads a private JWK: signs, lists its public half, kid = RFC 7638 thumbprint', async () => {
      const keys = await createKeySet({
        keys: [{ alg, jwk: pair(alg).privateJwk as Record<string, unknown> }],
      });
      const kid = await sha(pair(alg).publicJwk);
      expect(keys.kids).toEqual([kid]);
      expect(keys.signingKid).toBe(kid);
      expect(keys.algorithms).toEqual([alg]);
      expect(keys.jwks()).toEqual({ keys: [{ ...pair(alg).publicJwk, kid, alg, use: 'sig' }] });
    });

    it('loads a public JWK as verify-only, with the same thumbprint kid', async () => {
      const keys = await createKeySet({
        keys: [{ alg, jwk: pair(alg).publicJwk as Record<string, unknown> }],
      });
      expect(keys.kids).toEqual([await sha(pair(alg).publicJwk)]);
      expect(keys.signingKid).toBeUndefined();
    });

    it('loads a PKCS#8 and an SPKI PEM', async () => {
      const kid = await sha(pair(alg).publicJwk);
      const priv = await createKeySet({ keys: [{ alg, pem: pair(alg).privatePem }] });
      expect(priv.signingKid).toBe(kid);
      expect(priv.jwks().keys[0]).toEqual({ ...pair(alg).publicJwk, kid, alg, use: 'sig' });
      const pub = await createKeySet({ keys: [{ alg, pem: pair(alg).publicPem }] });
      expect(pub.kids).toEqual([kid]);
      expect(pub.signingKid).toBeUndefined();
    });

    it('refuses a JWK whose own alg names another algorithm', async () => {
      const other = alg === 'RS256' ? 'PS256' : alg === 'EdDSA' ? 'Ed25519' : 'RS256';
      await expect(
        createKeySet({
          keys: [{ alg, jwk: { ...pair(alg).privateJwk, alg: other } as Record<string, unknown> }],
        }),
      ).rejects.toThrow(/tokenwarden: .*"alg" does not match/);
    });

    it('accepts a JWK whose own alg matches, and refuses use other than "sig"', async () => {
      const jwk = { ...pair(alg).publicJwk, alg, use: 'sig' } as Record<string, unknown>;
      await expect(createKeySet({ keys: [{ alg, jwk }] })).resolves.toBeDefined();
      await expect(createKeySet({ keys: [{ alg, jwk: { ...jwk, use: 'enc' } }] })).rejects.toThrow(
        TypeError,
      );
    });
  });

  describe.each(HMAC)('%s', (alg, min) => {
    it('loads a secret (bytes, string or oct JWK) with the same thumbprint kid', async () => {
      const secret = crypto.getRandomValues(new Uint8Array(min));
      const kid = await sha({ kty: 'oct', k: base64url.encode(secret) });
      const fromBytes = await createKeySet({ keys: [{ alg, secret }] });
      const fromJwk = await createKeySet({
        keys: [{ alg, jwk: { kty: 'oct', k: base64url.encode(secret) } }],
      });
      expect(fromBytes.kids).toEqual([kid]);
      expect(fromJwk.kids).toEqual([kid]);
      expect(fromBytes.signingKid).toBe(kid);
      expect(fromBytes.jwks()).toEqual({ keys: [] });
      const text = await createKeySet({ keys: [{ alg, secret: 'é'.repeat(min / 2) }] });
      expect(text.kids).toHaveLength(1);
    });

    it(`refuses a secret shorter than ${min} bytes, naming the minimum`, async () => {
      const short = new Uint8Array(min - 1);
      await expect(createKeySet({ keys: [{ alg, secret: short }] })).rejects.toThrow(
        new RegExp(`tokenwarden: .*${alg} needs a secret of at least ${min} bytes`),
      );
      await expect(createKeySet({ keys: [{ alg, secret: 'x'.repeat(min - 1) }] })).rejects.toThrow(
        TypeError,
      );
      await expect(
        createKeySet({ keys: [{ alg, jwk: { kty: 'oct', k: base64url.encode(short) } }] }),
      ).rejects.toThrow(new RegExp(`at least ${min} bytes`));
    });

    it('never puts the secret in the error message', async () => {
      const secret = 'super-secret-value';
      const err = await createKeySet({ keys: [{ alg, secret }] }).catch((e: Error) => e);
      expect(String((err as Error).message)).not.toContain(secret);
    });
  });
});

describe('createKeySet: algorithm binding', () => {
  it.each([
    'none',
    'None',
    'NONE',
    'nOnE',
    'HS1',
    'RS1',
    'ES256K',
    'Ed448',
    'hs256',
    '',
    undefined,
  ])('refuses alg %j', async (alg) => {
    await expect(
      createKeySet({ keys: [{ alg: alg as 'HS256', secret: new Uint8Array(64) }] }),
    ).rejects.toThrow(/tokenwarden: keys\[0\]\.alg must be one of/);
  });

  it.each([
    ['ES256', 'ES384', 'P-384 key as ES256'],
    ['ES512', 'ES256', 'P-256 key as ES512'],
    ['ES256', 'EdDSA', 'Ed25519 key as ES256'],
    ['EdDSA', 'ES256', 'EC key as EdDSA'],
    ['RS256', 'ES256', 'EC key as RS256'],
    ['PS256', 'EdDSA', 'OKP key as PS256'],
  ] as const)('refuses a JWK that does not fit (%s from %s: %s)', async (alg, from, _what) => {
    await expect(
      createKeySet({ keys: [{ alg, jwk: pair(from).privateJwk as Record<string, unknown> }] }),
    ).rejects.toThrow(/tokenwarden: keys\[0\]: .*needs (a key with kty|curve)/);
  });

  it.each([
    ['ES256', 'ES384'],
    ['EdDSA', 'RS256'],
    ['RS256', 'ES256'],
  ] as const)('refuses a PEM that does not fit (%s from a %s key)', async (alg, from) => {
    await expect(createKeySet({ keys: [{ alg, pem: pair(from).publicPem }] })).rejects.toThrow(
      TypeError,
    );
  });

  it('refuses an RSA or EC key for HMAC, and a secret or PEM for an asymmetric alg', async () => {
    await expect(
      createKeySet({
        keys: [{ alg: 'HS256', jwk: pair('RS256').privateJwk as Record<string, unknown> }],
      }),
    ).rejects.toThrow(/kty "oct"/);
    await expect(
      createKeySet({ keys: [{ alg: 'ES256', secret: new Uint8Array(64) } as unknown as KeyInput] }),
    ).rejects.toThrow(/only be used with HS256/);
    await expect(
      createKeySet({
        keys: [{ alg: 'HS256', pem: pair('ES256').publicPem } as unknown as KeyInput],
      }),
    ).rejects.toThrow(/takes a "secret"/);
  });

  it('refuses inputs with zero or several key sources, and malformed PEM', async () => {
    await expect(createKeySet({ keys: [{ alg: 'ES256' } as unknown as KeyInput] })).rejects.toThrow(
      /exactly one/,
    );
    await expect(
      createKeySet({
        keys: [{ alg: 'HS256', secret: new Uint8Array(32), jwk: {} } as unknown as KeyInput],
      }),
    ).rejects.toThrow(/exactly one/);
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    });
    await expect(createKeySet({ keys: [{ alg: 'RS256', pem: String(pkcs1) }] })).rejects.toThrow(
      /SPKI|PKCS#8/,
    );
    await expect(createKeySet({ keys: [{ alg: 'RS256', pem: 'not a pem' }] })).rejects.toThrow(
      TypeError,
    );
    await expect(createKeySet({ keys: [] })).rejects.toThrow(/non-empty/);
  });

  it.each(['EdDSA', 'ES256', 'RS256'] as const)(
    'refuses a %s private JWK whose public members belong to another key',
    async (alg) => {
      const other = await generateKeyPair(alg, { extractable: true });
      const { d, p, q, dp, dq, qi } = pair(alg).privateJwk;
      const mixed = { ...strip(await exportJWK(other.publicKey)), d, p, q, dp, dq, qi };
      const defined = Object.fromEntries(Object.entries(mixed).filter(([, v]) => v !== undefined));
      await expect(createKeySet({ keys: [{ alg, jwk: defined }] })).rejects.toThrow(
        /does not match its public members|could not be imported/,
      );
    },
  );

  it('refuses RSA keys under 2048 bits (JWK and PEM) and accepts 2048', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = small.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    await expect(createKeySet({ keys: [{ alg: 'RS256', jwk }] })).rejects.toThrow(
      /at least 2048 bits/,
    );
    const pem = String(small.publicKey.export({ type: 'spki', format: 'pem' }));
    await expect(createKeySet({ keys: [{ alg: 'PS256', pem }] })).rejects.toThrow(
      /at least 2048 bits/,
    );
    const odd = generateKeyPairSync('rsa', { modulusLength: 2040 }).publicKey.export({
      format: 'jwk',
    });
    await expect(
      createKeySet({ keys: [{ alg: 'RS256', jwk: odd as Record<string, unknown> }] }),
    ).rejects.toThrow(/2048/);
    await expect(
      createKeySet({
        keys: [{ alg: 'RS256', jwk: pair('RS256').publicJwk as Record<string, unknown> }],
      }),
    ).resolves.toBeDefined();
  });
});

describe('createKeySet: a single key', () => {
  const secret = new Uint8Array(32).fill(3);

  it('takes one key as is, the same set as { keys: [key] }', async () => {
    for (const input of [
      { alg: 'HS256', secret },
      { alg: 'ES256', jwk: pair('ES256').privateJwk as Record<string, unknown> },
      { alg: 'EdDSA', pem: pair('EdDSA').privatePem },
      { alg: 'RS256', pem: pair('RS256').publicPem },
    ] as KeyInput[]) {
      const single = await createKeySet(input);
      const listed = await createKeySet({ keys: [input] });
      expect(single.kids).toEqual(listed.kids);
      expect(single.signingKid).toBe(listed.signingKid);
      expect(single.algorithms).toEqual([input.alg]);
      expect(single.jwks()).toEqual(listed.jwks());
    }
  });

  it('carries its own kid, and signs and verifies', async () => {
    const keys = await createKeySet({ alg: 'HS256', secret, kid: 'hmac-2025' });
    expect(keys.kids).toEqual(['hmac-2025']);
    expect(keys.signingKid).toBe('hmac-2025');
    const options = { keys, issuer: 'https://auth.example', audience: 'api' };
    const { token } = await createIssuer(options).issue({ subject: 's', sessionId: 'f' });
    const { header } = await createVerifier(options).verify(token);
    expect(header.kid).toBe('hmac-2025');
  });

  it.each([
    [undefined, /^tokenwarden: key must be an object$/],
    [null, /^tokenwarden: key must be an object$/],
    ['HS256', /^tokenwarden: key must be an object$/],
    [{}, /^tokenwarden: key\.alg must be one of/],
    [[{ alg: 'HS256', secret }], /^tokenwarden: createKeySet needs a key or a non-empty \{ keys/],
    [{ keys: [] }, /^tokenwarden: createKeySet needs a key or a non-empty \{ keys: \[\.\.\.\] \}$/],
    [{ keys: 'k' }, /^tokenwarden: createKeySet needs a key or a non-empty \{ keys/],
    [{ alg: 'none', secret }, /^tokenwarden: key\.alg must be one of/],
    [
      { alg: 'HS256', secret: new Uint8Array(31) },
      /^tokenwarden: key: HS256 needs a secret of at least 32 bytes/,
    ],
    [{ alg: 'HS256', secret, pem: 'x' }, /^tokenwarden: key needs exactly one of/],
    [{ alg: 'HS256', secret, kid: '' }, /^tokenwarden: key\.kid must be a non-empty string/],
  ])('refuses %j with a clear TypeError', async (input, message) => {
    const result = createKeySet(input as never);
    await expect(result).rejects.toBeInstanceOf(TypeError);
    await expect(createKeySet(input as never)).rejects.toThrow(message);
  });
});

describe('createKeySet: kids and the signing key', () => {
  const secret = (fill: number) => new Uint8Array(32).fill(fill);

  it('uses an explicit kid, else the JWK kid, else the thumbprint', async () => {
    const jwk = { ...pair('ES256').publicJwk, kid: 'from-jwk' } as Record<string, unknown>;
    const keys = await createKeySet({
      keys: [
        { alg: 'ES256', jwk },
        { alg: 'ES256', jwk, kid: 'explicit' },
        { alg: 'EdDSA', jwk: pair('EdDSA').publicJwk as Record<string, unknown> },
      ],
    });
    expect(keys.kids).toEqual(['from-jwk', 'explicit', await sha(pair('EdDSA').publicJwk)]);
  });

  it('refuses duplicate kids, explicit or derived', async () => {
    await expect(
      createKeySet({
        keys: [
          { alg: 'HS256', secret: secret(1), kid: 'a' },
          { alg: 'HS256', secret: secret(2), kid: 'a' },
        ],
      }),
    ).rejects.toThrow(/duplicate kid/);
    const jwk = pair('EdDSA').privateJwk as Record<string, unknown>;
    await expect(
      createKeySet({
        keys: [
          { alg: 'EdDSA', jwk },
          { alg: 'EdDSA', pem: pair('EdDSA').publicPem },
        ],
      }),
    ).rejects.toThrow(/duplicate kid/);
  });

  it('refuses an empty or non-string kid', async () => {
    for (const kid of ['', 42]) {
      await expect(
        createKeySet({ keys: [{ alg: 'HS256', secret: secret(1), kid: kid as string }] }),
      ).rejects.toThrow(/kid must be a non-empty string/);
    }
  });

  it('signs with the first key that can sign unless signingKid says otherwise', async () => {
    const inputs: KeyInput[] = [
      { alg: 'ES256', jwk: pair('ES256').publicJwk as Record<string, unknown>, kid: 'pub' },
      { alg: 'HS256', secret: secret(1), kid: 'a' },
      { alg: 'HS256', secret: secret(2), kid: 'b' },
    ];
    expect((await createKeySet({ keys: inputs })).signingKid).toBe('a');
    expect((await createKeySet({ keys: inputs, signingKid: 'b' })).signingKid).toBe('b');
    await expect(createKeySet({ keys: inputs, signingKid: 'pub' })).rejects.toThrow(
      /names a public key/,
    );
    await expect(createKeySet({ keys: inputs, signingKid: 'nope' })).rejects.toThrow(
      /does not name/,
    );
  });

  it('a verify-only set cannot back an issuer', async () => {
    const keys = await createKeySet({ keys: [{ alg: 'EdDSA', pem: pair('EdDSA').publicPem }] });
    expect(() => createIssuer({ keys, issuer: 'i', audience: 'a' })).toThrow(/no signing key/);
  });

  it('only key sets made by createKeySet are accepted, and they are frozen', async () => {
    const keys = await createKeySet({ keys: [{ alg: 'HS256', secret: secret(1) }] });
    const fake = { ...keys };
    expect(() => createVerifier({ keys: fake, issuer: 'i', audience: 'a' })).toThrow(
      /createKeySet/,
    );
    expect(() => createIssuer({ keys: fake, issuer: 'i', audience: 'a' })).toThrow(/createKeySet/);
    expect(Object.isFrozen(keys)).toBe(true);
  });
});

describe('jwks()', () => {
  const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth', 'r', 't'];
  const ALLOWED: Record<string, string[]> = {
    RSA: ['kty', 'n', 'e', 'kid', 'alg', 'use'],
    EC: ['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use'],
    OKP: ['kty', 'crv', 'x', 'kid', 'alg', 'use'],
  };
  const RESERVED = new Set([
    'kty',
    'crv',
    'x',
    'y',
    'n',
    'e',
    'd',
    'p',
    'q',
    'dp',
    'dq',
    'qi',
    'alg',
    'use',
    'kid',
  ]);
  const extraMember = fc.oneof(
    fc.constantFrom('k', 'oth', 'r', 't', 'key_ops', 'ext', 'x5c', 'secret', '__proto__', 'priv'),
    fc.string({ minLength: 1, maxLength: 8 }),
  );

  it('lists public members only, for every algorithm and whatever extra members the JWK carries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ASYM),
        fc.dictionary(
          extraMember.filter((name) => !RESERVED.has(name)),
          fc.string({ maxLength: 12 }),
          {
            maxKeys: 6,
          },
        ),
        fc.boolean(),
        async (alg, extra, withSecret) => {
          const jwk = { ...extra, ...pair(alg).privateJwk } as Record<string, unknown>;
          const inputs: KeyInput[] = [{ alg, jwk }];
          if (withSecret)
            inputs.push({ alg: 'HS256', secret: new Uint8Array(32).fill(9), kid: 'hmac' });
          const set = await createKeySet({ keys: inputs });
          const { keys } = set.jwks();
          expect(keys).toHaveLength(1);
          const listed = keys[0] as unknown as Record<string, unknown>;
          for (const name of Object.keys(listed))
            expect(ALLOWED[listed.kty as string]).toContain(name);
          for (const name of PRIVATE) expect(listed).not.toHaveProperty(name);
          expect(listed).toMatchObject({ alg, use: 'sig', kid: set.kids[0] });
          expect(JSON.stringify(set.jwks())).not.toContain(String(pair(alg).privateJwk.d));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('returns fresh objects: mutating one result changes nothing', async () => {
    const keys = await createKeySet({
      keys: [{ alg: 'EdDSA', jwk: pair('EdDSA').privateJwk as Record<string, unknown> }],
    });
    const first = keys.jwks();
    (first.keys[0] as unknown as Record<string, unknown>).d = 'leak';
    first.keys.push(first.keys[0]!);
    expect(keys.jwks().keys).toHaveLength(1);
    expect(keys.jwks().keys[0]).not.toHaveProperty('d');
  });
});
