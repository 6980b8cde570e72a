/**
 * Differential test of the two signature backends: fast-check builds tokens
 * (valid ones, and mutations of headers, payloads, signatures, encodings,
 * times, algorithms and kids) and both paths must agree on every one: the
 * same claims when they accept, the same `code`, `claim` and `reason` when
 * they refuse. A verifier whose header memo is warm must also answer as a
 * new one.
 */
import fc from 'fast-check';
import { base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createKeySet,
  isAuthError,
  type KeyInput,
  type Verifier,
  type VerifierOptions,
} from '../src/index.js';
import { BACKEND_NAMES, issuerOn, verifierOn } from './helpers/backends.js';
import {
  b64json,
  craft,
  FAMILIES,
  type Family,
  makeMaterial,
  type Material,
  type Signer,
  withSegment,
} from './helpers/keys.js';

const NOW = 1_800_000_000;
const KID = 'k1';
const ISS = 'https://auth.example';
const AUD = 'api';
const RUNS = 150;

type Outcome =
  | { ok: true; claims: unknown; header: unknown }
  | { ok: false; code: string; claim: string | undefined; reason: string | undefined };

async function outcome(verifier: Verifier, token: unknown): Promise<Outcome> {
  try {
    const { claims, header } = await verifier.verify(token);
    return { ok: true, claims, header };
  } catch (err) {
    if (!isAuthError(err)) throw err;
    return { ok: false, code: err.code, claim: err.claim, reason: err.reason };
  }
}

function keyInput(m: Material): KeyInput {
  return m.alg === 'HS256'
    ? { alg: 'HS256', secret: m.secret!, kid: KID }
    : { alg: m.alg, jwk: m.privateJwk as Record<string, unknown>, kid: KID };
}

interface Pair {
  web: Verifier;
  node: Verifier;
  material: Material;
  attacker: Material;
  options: VerifierOptions;
  /** Milliseconds; each property run moves it. */
  now: { ms: number };
}

async function pairFor(alg: Family): Promise<Pair> {
  const material = await makeMaterial(alg);
  const attacker = await makeMaterial(alg);
  // A second key of another family, so the allow-list holds two algorithms.
  const other = await makeMaterial(alg === 'HS256' ? 'ES256' : 'HS256');
  const keys = await createKeySet({
    keys: [keyInput(material), { ...keyInput(other), kid: 'k2' } as KeyInput],
  });
  const now = { ms: NOW * 1000 };
  const options = {
    keys,
    issuer: ISS,
    audience: AUD,
    clock: () => now.ms,
    maxAge: '1h' as const,
    maxTokenBytes: 2048,
  };
  return {
    web: verifierOn('web', options),
    node: verifierOn('node', options),
    material,
    attacker,
    options,
    now,
  };
}

const ALGS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256', 'HS256', 'HS512', 'none', 'hs256', ''];
const around = (span: number) => fc.integer({ min: NOW - span, max: NOW + span });

const wildHeader = (alg: Family) =>
  fc.record(
    {
      alg: fc.oneof(fc.constant(alg), fc.constantFrom(...ALGS), fc.integer()),
      kid: fc.oneof(fc.constant(KID), fc.constantFrom('k2', 'k3', '', KID.toUpperCase()), fc.nat()),
      typ: fc.oneof(fc.constant('at+jwt'), fc.constantFrom('AT+JWT', 'JWT', 'application/at+jwt')),
      crit: fc.constant(['exp']),
      b64: fc.boolean(),
      jwk: fc.constant({ kty: 'oct', k: 'AAAA' }),
    },
    { requiredKeys: ['alg', 'kid', 'typ'] },
  );

const wildPayload = fc.record(
  {
    iss: fc.oneof(fc.constant(ISS), fc.constantFrom('https://evil.example', ''), fc.nat()),
    aud: fc.oneof(fc.constant(AUD), fc.constantFrom(['x', AUD], ['x'], [], 'x'), fc.nat()),
    sub: fc.oneof(fc.constant('user-1'), fc.constantFrom('', 7)),
    iat: fc.oneof(around(4000), fc.constantFrom('1800000000', null)),
    exp: fc.oneof(around(60), around(4000), fc.constant(Number.MAX_SAFE_INTEGER)),
    nbf: around(60),
    jti: fc.constant('jti-1'),
    sid: fc.oneof(fc.constant('fam-1'), fc.constant(false)),
    role: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ['jti', 'role'] },
);

const validHeader = (alg: Family) =>
  fc.record({
    alg: fc.constant(alg),
    kid: fc.constant(KID),
    typ: fc.constantFrom('at+jwt', 'AT+JWT', 'application/at+jwt'),
  });

// Mostly well-formed claims whose times move, so acceptance is reached often.
const validPayload = fc.record({
  iss: fc.constant(ISS),
  aud: fc.constantFrom(AUD, ['x', AUD]),
  sub: fc.constant('user-1'),
  iat: around(4000),
  exp: around(120),
  jti: fc.constant('jti-1'),
  sid: fc.constant('fam-1'),
});

const header = (alg: Family) =>
  fc.oneof({ arbitrary: validHeader(alg), weight: 3 }, { arbitrary: wildHeader(alg), weight: 1 });
const payload = fc.oneof(
  { arbitrary: validPayload, weight: 3 },
  { arbitrary: wildPayload, weight: 1 },
);

type Mutation =
  | { kind: 'none' }
  | { kind: 'attacker-signed' }
  | { kind: 'flip-signature-bit'; at: number }
  | { kind: 'truncate-signature'; by: number }
  | { kind: 'insert'; at: number; ch: string }
  | { kind: 'delete'; at: number }
  | { kind: 'replace-segment'; index: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 3 },
  fc.constant({ kind: 'attacker-signed' as const }),
  fc.record({ kind: fc.constant('flip-signature-bit' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('truncate-signature' as const),
    by: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    ch: fc.constantFrom('=', '+', '/', ' ', '.', 'A', '!', '\n', 'é'),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('replace-segment' as const),
    index: fc.integer({ min: 0, max: 2 }),
    text: fc.oneof(fc.constantFrom('', 'e30', 'W10', 'bnVsbA'), fc.base64String()),
  }),
);

function build(pair: Pair, h: unknown, p: unknown, m: Mutation): string {
  const signer: Signer = m.kind === 'attacker-signed' ? pair.attacker.signer : pair.material.signer;
  const token = craft(h, p, signer);
  switch (m.kind) {
    case 'none':
    case 'attacker-signed':
      return token;
    case 'flip-signature-bit': {
      const sig = base64url.decode(token.split('.')[2]!);
      if (sig.length === 0) return token;
      sig[m.at % sig.length]! ^= 1 << (m.at % 8);
      return withSegment(token, 2, base64url.encode(sig));
    }
    case 'truncate-signature':
      return token.slice(0, -m.by);
    case 'insert': {
      const at = m.at % (token.length + 1);
      return `${token.slice(0, at)}${m.ch}${token.slice(at)}`;
    }
    case 'delete': {
      const at = m.at % token.length;
      return `${token.slice(0, at)}${token.slice(at + 1)}`;
    }
    case 'replace-segment':
      return withSegment(token, m.index, m.text);
  }
}

describe.each(FAMILIES)('web and node backends agree: %s', (alg) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await pairFor(alg);
  });

  it('on generated and mutated tokens, at generated times', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        header(alg),
        payload,
        mutation,
        fc.integer({ min: -90_000, max: 90_000 }),
        async (h, p, m, skewMs) => {
          pair.now.ms = NOW * 1000 + skewMs;
          const token = build(pair, h, p, m);
          const web = await outcome(pair.web, token);
          const node = await outcome(pair.node, token);
          expect(node).toEqual(web);
          // Both verifiers above are long-lived, their header memos warm; a
          // new verifier starts with an empty one and must answer alike.
          expect(await outcome(verifierOn('node', pair.options), token)).toEqual(node);
          if (web.ok) accepted++;
        },
      ),
      {
        numRuns: RUNS,
        // One known-valid case always runs, so the comparison always covers
        // acceptance; the generators reach it often but not on every seed.
        examples: [
          [
            { alg, kid: KID, typ: 'at+jwt' },
            {
              iss: ISS,
              aud: AUD,
              sub: 'user-1',
              iat: NOW,
              exp: NOW + 60,
              jti: 'jti-1',
              sid: 'fam-1',
            },
            { kind: 'none' },
            0,
          ],
        ],
      },
    );
    // Agreement on refusals alone would prove little.
    expect(accepted).toBeGreaterThan(0);
  });

  it('on valid tokens with every single character changed somewhere', async () => {
    pair.now.ms = NOW * 1000;
    const token = craft(
      { alg, kid: KID, typ: 'at+jwt' },
      { iss: ISS, aud: AUD, sub: 'u', iat: NOW, exp: NOW + 60, jti: 'j', sid: 's' },
      pair.material.signer,
    );
    expect((await outcome(pair.web, token)).ok).toBe(true);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...'AZaz09-_.=+/ '),
        async (at, ch) => {
          const changed = `${token.slice(0, at)}${ch}${token.slice(at + 1)}`;
          const web = await outcome(pair.web, changed);
          expect(await outcome(pair.node, changed)).toEqual(web);
          if (changed !== token) expect(web.ok).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on header and payload JSON that is not an object', async () => {
    pair.now.ms = NOW * 1000;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 2 }), fc.boolean(), async (value, inHeader) => {
        const valid = { iss: ISS, aud: AUD, sub: 'u', iat: NOW, exp: NOW + 60, jti: 'j', sid: 's' };
        const h = inHeader ? value : { alg, kid: KID, typ: 'at+jwt' };
        const token = craft(h, inHeader ? valid : value, pair.material.signer);
        expect(await outcome(pair.node, token)).toEqual(await outcome(pair.web, token));
      }),
      { numRuns: 50 },
    );
  });
});

const BOM = '\uFEFF';

/** A compact JWS over the exact header and payload text given, signed by `signer`. */
function craftText(headerJson: string, payloadJson: string, signer: Signer): string {
  const encode = (text: string) => base64url.encode(new TextEncoder().encode(text));
  const input = `${encode(headerJson)}.${encode(payloadJson)}`;
  return `${input}.${base64url.encode(signer(new TextEncoder().encode(input)))}`;
}

describe.each(FAMILIES)('a UTF-8 byte order mark, validly signed: %s', (alg) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await pairFor(alg);
    pair.now.ms = NOW * 1000;
  });
  const header = () => JSON.stringify({ alg, kid: KID, typ: 'at+jwt' });
  const payload = (role: string) =>
    JSON.stringify({
      iss: ISS,
      aud: AUD,
      sub: 'u',
      iat: NOW,
      exp: NOW + 60,
      jti: 'j',
      sid: 's',
      role,
    });
  const both = async (token: string) => {
    const web = await outcome(pair.web, token);
    expect(await outcome(pair.node, token)).toEqual(web);
    return web;
  };

  it.each([
    ['header', true, false],
    ['payload', false, true],
    ['header and payload', true, true],
  ])(
    'before the %s JSON is refused by both backends as TOKEN_INVALID',
    async (_, inHeader, inPayload) => {
      const token = craftText(
        `${inHeader ? BOM : ''}${header()}`,
        `${inPayload ? BOM : ''}${payload('admin')}`,
        pair.material.signer,
      );
      expect(await both(token)).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
      // The same token without the mark passes: the mark alone is refused.
      const plain = craftText(header(), payload('admin'), pair.material.signer);
      expect(await both(plain)).toMatchObject({ ok: true });
    },
  );

  it.each([`ad${BOM}min`, `${BOM}admin`, BOM])(
    'inside a JSON string value (%j) is content, accepted alike',
    async (role) => {
      const result = await both(craftText(header(), payload(role), pair.material.signer));
      expect(result).toMatchObject({ ok: true, claims: { role } });
    },
  );
});

describe.each(FAMILIES)('tokens cross between backends: %s', (alg) => {
  it('what either backend issues, both verify with the same claims', async () => {
    const m = await makeMaterial(alg);
    const keys = await createKeySet({ keys: [keyInput(m)] });
    const options = { keys, issuer: ISS, audience: AUD, clock: () => NOW * 1000 };
    const verifiers = BACKEND_NAMES.map((name) => verifierOn(name, options));
    for (const name of BACKEND_NAMES) {
      const { token } = await issuerOn(name, options).issue({
        subject: 'user-1',
        sessionId: 'fam-1',
        claims: { role: 'admin' },
      });
      const [header] = token.split('.');
      expect(header).toBe(b64json({ alg, kid: KID, typ: 'at+jwt' }));
      for (const verifier of verifiers) {
        const { claims } = await verifier.verify(token);
        expect(claims).toMatchObject({ sub: 'user-1', sid: 'fam-1', role: 'admin' });
      }
    }
  });
});
