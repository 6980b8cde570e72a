import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Algorithm,
  AuthError,
  createIssuer,
  createKeySet,
  createVerifier,
  type KeyInput,
  type KeySet,
} from '../src/index.js';
import { buildIssuer } from '../src/token/jwt/build-issuer.js';
import { buildVerifier } from '../src/token/jwt/build-verifier.js';
import { resolveIssuerOptions } from '../src/token/jwt/issuer-options.js';
import { resolveVerifierOptions } from '../src/token/jwt/verifier-options.js';
import { ALL_ALGORITHMS, expectAuthError } from './helpers/keys.js';

const ISS = 'https://auth.example';
const AUD = 'api';
const T0 = 1_800_000_000;

/** A clock the test moves by hand (seconds). */
function manualClock(start = T0) {
  let now = start;
  return {
    clock: () => now * 1000,
    set: (seconds: number) => {
      now = seconds;
    },
  };
}

async function keyInput(alg: Algorithm): Promise<KeyInput> {
  if (alg.startsWith('HS')) {
    const bytes = Number(alg.slice(2)) / 8;
    return { alg: alg as 'HS256', secret: crypto.getRandomValues(new Uint8Array(bytes)) };
  }
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, jwk: (await exportJWK(privateKey)) as Record<string, unknown> } as KeyInput;
}

describe.each(ALL_ALGORITHMS)('round trip with %s', (alg) => {
  it('issues a token that verifies, with the documented header and claims', async () => {
    const keys = await createKeySet({ keys: [await keyInput(alg)] });
    const { clock } = manualClock();
    const issuer = createIssuer({ keys, issuer: ISS, audience: AUD, clock });
    const verifier = createVerifier({ keys, issuer: ISS, audience: AUD, clock });
    const issued = await issuer.issue({
      subject: 'user-1',
      sessionId: 'fam-1',
      claims: { role: 'admin' },
    });

    expect(decodeProtectedHeader(issued.token)).toEqual({
      alg,
      kid: keys.signingKid,
      typ: 'at+jwt',
    });
    expect(issued).toMatchObject({ expiresAt: T0 + 900, expiresIn: 900 });
    const { claims, header } = await verifier.verify<{ role: string }>(issued.token);
    expect(header).toEqual({ alg, kid: keys.signingKid, typ: 'at+jwt' });
    expect(claims).toEqual({
      iss: ISS,
      aud: AUD,
      sub: 'user-1',
      iat: T0,
      exp: T0 + 900,
      jti: issued.jti,
      sid: 'fam-1',
      role: 'admin',
    });
    expect(claims.role).toBe('admin');
  });
});

describe('createIssuer', () => {
  let keys: KeySet;
  beforeAll(async () => {
    keys = await createKeySet({ keys: [await keyInput('EdDSA')] });
  });
  const base = () => ({ keys, issuer: ISS, audience: AUD });

  it('makes a fresh 128-bit base64url jti for every token', async () => {
    const issuer = createIssuer(base());
    const jtis = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { jti, token } = await issuer.issue({ subject: 's', sessionId: 'f' });
      expect(jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(decodeJwt(token).jti).toBe(jti);
      jtis.add(jti);
    }
    expect(jtis.size).toBe(50);
  });

  it('takes ttl as a duration and the time from the injected clock', async () => {
    const { clock, set } = manualClock();
    const issuer = createIssuer({ ...base(), ttl: '10m', clock });
    set(T0 + 42);
    const issued = await issuer.issue({ subject: 's', sessionId: 'f' });
    expect(issued).toMatchObject({ expiresAt: T0 + 42 + 600, expiresIn: 600 });
    expect(decodeJwt(issued.token)).toMatchObject({ iat: T0 + 42, exp: T0 + 642 });
  });

  it('puts several audiences in an array', async () => {
    const issued = await createIssuer({ ...base(), audience: ['api', 'admin'] }).issue({
      subject: 's',
      sessionId: 'f',
    });
    expect(decodeJwt(issued.token).aud).toEqual(['api', 'admin']);
    const verifier = createVerifier({ keys, issuer: ISS, audience: 'admin' });
    await expect(verifier.verify(issued.token)).resolves.toBeDefined();
  });

  it.each(['iss', 'aud', 'sub', 'iat', 'exp', 'nbf', 'jti', 'sid', 'cnf'])(
    'refuses a caller claim named %s instead of dropping it',
    async (name) => {
      const issuer = createIssuer(base());
      await expect(
        issuer.issue({ subject: 's', sessionId: 'f', claims: { [name]: 'x' } }),
      ).rejects.toThrow(new RegExp(`tokenwarden: claim "${name}" is set by the issuer`));
    },
  );

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a cycle', cyclic],
    ['undefined nested in an array', [1, undefined]],
    ['a function nested in an object', { a: { b: () => 1 } }],
  ])('refuses a caller claim holding %s', async (_what, value) => {
    const issuer = createIssuer(base());
    await expect(
      issuer.issue({ subject: 's', sessionId: 'f', claims: { x: value } }),
    ).rejects.toThrow(/tokenwarden: claim "x" is not JSON-serialisable/);
  });

  it('accepts nested JSON claims and repeated (non-cyclic) references', async () => {
    const shared = { a: [1, 'two', null, true, { b: 2.5 }] };
    const issued = await createIssuer(base()).issue({
      subject: 's',
      sessionId: 'f',
      claims: { one: shared, two: shared, perms: ['read', 'write'] },
    });
    expect(decodeJwt(issued.token)).toMatchObject({
      one: shared,
      two: shared,
      perms: ['read', 'write'],
    });
  });

  it.each([
    [{ subject: '', sessionId: 'f' }, /subject/],
    [{ subject: 1, sessionId: 'f' }, /subject/],
    [{ subject: 's', sessionId: '' }, /sessionId/],
    [{ subject: 's' }, /sessionId/],
    [{ subject: 's', sessionId: 'f', claims: [] }, /claims must be a plain object/],
    [null, /issue\(\) needs/],
  ])('refuses bad input %j with a TypeError', async (input, message) => {
    await expect(createIssuer(base()).issue(input as never)).rejects.toThrow(message);
    await expect(createIssuer(base()).issue(input as never)).rejects.toBeInstanceOf(TypeError);
  });

  it.each([
    [{ issuer: '' }, /issuer/],
    [{ audience: [] }, /audience/],
    [{ audience: [''] }, /audience/],
    [{ ttl: '15 minutes' }, /ttl/],
    [{ ttl: 0 }, /^tokenwarden: ttl must be at least 1 second$/],
    [{ clock: 42 }, /clock must be a function/],
    [{ clock: 5 }, /clock must be a function/],
    [{ keys: {} }, /"keys" must be a key set made by createKeySet/],
  ])('refuses bad options %j at construction', (override, message) => {
    const build = () => createIssuer({ ...base(), ...(override as object) });
    expect(build).toThrow(TypeError);
    expect(build).toThrow(message);
  });

  it('resolves its options once; a caller may rename them in messages', async () => {
    const names = { ttl: 'accessTtl', clock: 'authClock', keys: 'signingKeys', issuer: 'iss' };
    const refused = (override: object) => () =>
      resolveIssuerOptions({ ...base(), ...override }, names);
    expect(refused({ ttl: 0 })).toThrow(/^tokenwarden: accessTtl must be at least 1 second$/);
    expect(refused({ ttl: 'soon' })).toThrow(/^tokenwarden: accessTtl must be seconds/);
    expect(refused({ clock: 5 })).toThrow(/^tokenwarden: authClock must be a function$/);
    expect(refused({ keys: {} })).toThrow(/"signingKeys" must be a key set/);
    expect(refused({ issuer: '' })).toThrow(/^tokenwarden: iss must be/);
    expect(refused({ audience: '' })).toThrow(/^tokenwarden: audience must be/);
    const { clock, set } = manualClock();
    set(T0);
    const resolved = resolveIssuerOptions({ ...base(), ttl: '2m', clock }, names);
    expect(resolved).toMatchObject({ issuer: ISS, audience: AUD, ttl: 120 });
    const issued = await buildIssuer(resolved).issue({ subject: 's', sessionId: 'f' });
    expect(issued).toMatchObject({ expiresAt: T0 + 120, expiresIn: 120 });
  });
});

describe('createVerifier', () => {
  let keys: KeySet;
  /** The same keys, signing with the HS256 one. */
  let hsSigning: KeySet;
  beforeAll(async () => {
    const inputs: KeyInput[] = [
      await keyInput('EdDSA'),
      { alg: 'HS256', secret: new Uint8Array(32).fill(3), kid: 'hs' },
    ];
    keys = await createKeySet({ keys: inputs });
    hsSigning = await createKeySet({ keys: inputs, signingKid: 'hs' });
  });

  async function tokenAt(start: number, claims?: Record<string, unknown>, set = keys) {
    const issuer = createIssuer({
      keys: set,
      issuer: ISS,
      audience: AUD,
      clock: () => start * 1000,
    });
    return (await issuer.issue({ subject: 's', sessionId: 'f', ...(claims ? { claims } : {}) }))
      .token;
  }

  it('enforces maxAge against iat, with the tolerance', async () => {
    const { clock, set } = manualClock();
    const verifier = createVerifier({ keys, issuer: ISS, audience: AUD, clock, maxAge: '1m' });
    const token = await tokenAt(T0);
    set(T0 + 65);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    set(T0 + 66);
    await expectAuthError(verifier.verify(token), 'TOKEN_EXPIRED', 'iat');
  });

  it('applies clockTolerance to exp', async () => {
    const { clock, set } = manualClock();
    const token = await tokenAt(T0);
    const lenient = createVerifier({
      keys,
      issuer: ISS,
      audience: AUD,
      clock,
      clockTolerance: '1m',
    });
    const strict = createVerifier({ keys, issuer: ISS, audience: AUD, clock, clockTolerance: 0 });
    set(T0 + 899);
    await expect(strict.verify(token)).resolves.toBeDefined();
    set(T0 + 900);
    await expectAuthError(strict.verify(token), 'TOKEN_EXPIRED', 'exp');
    set(T0 + 959);
    await expect(lenient.verify(token)).resolves.toBeDefined();
    set(T0 + 960);
    await expectAuthError(lenient.verify(token), 'TOKEN_EXPIRED', 'exp');
  });

  it('requires the requiredClaims on top of the registered ones', async () => {
    const clock = () => T0 * 1000;
    const verifier = createVerifier({
      keys,
      issuer: ISS,
      audience: AUD,
      clock,
      requiredClaims: ['role'],
    });
    const err = await verifier.verify(await tokenAt(T0)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_INVALID', claim: 'role', reason: 'missing' });
    await expect(verifier.verify(await tokenAt(T0, { role: 'user' }))).resolves.toBeDefined();
  });

  it('accepts only the listed algorithms even when a key holds another', async () => {
    const clock = () => T0 * 1000;
    const hsToken = await tokenAt(T0, undefined, hsSigning);
    const all = createVerifier({ keys, issuer: ISS, audience: AUD, clock });
    await expect(all.verify(hsToken)).resolves.toBeDefined();
    const edOnly = createVerifier({
      keys,
      issuer: ISS,
      audience: AUD,
      clock,
      algorithms: ['EdDSA'],
    });
    await expectAuthError(edOnly.verify(hsToken), 'TOKEN_INVALID', 'alg');
    await expect(edOnly.verify(await tokenAt(T0))).resolves.toBeDefined();
  });

  it('compares typ per RFC 7515 §4.1.9 and refuses another type', async () => {
    const clock = () => T0 * 1000;
    const token = await tokenAt(T0);
    const prefixed = createVerifier({
      keys,
      issuer: ISS,
      audience: AUD,
      clock,
      typ: 'application/AT+JWT',
    });
    await expect(prefixed.verify(token)).resolves.toBeDefined();
    const other = createVerifier({ keys, issuer: ISS, audience: AUD, clock, typ: 'logout+jwt' });
    await expectAuthError(other.verify(token), 'TOKEN_INVALID', 'typ');
  });

  it('accepts any of several issuers and audiences', async () => {
    const clock = () => T0 * 1000;
    const verifier = createVerifier({
      keys,
      issuer: ['https://old.example', ISS],
      audience: ['other', AUD],
      clock,
    });
    await expect(verifier.verify(await tokenAt(T0))).resolves.toBeDefined();
  });

  it('never puts the token in an error message', async () => {
    const token = await tokenAt(T0);
    const [h, p, s] = token.split('.') as [string, string, string];
    const verifier = createVerifier({
      keys,
      issuer: ISS,
      audience: AUD,
      clock: () => (T0 + 10_000) * 1000,
    });
    for (const candidate of [token, `${h}.${p}.${s}=`, `${h}.${p}`, `${h}x.${p}.${s}`]) {
      const err = (await verifier.verify(candidate).catch((e: unknown) => e)) as AuthError;
      expect(err).toBeInstanceOf(AuthError);
      for (const part of [h, p, s]) expect(err.message).not.toContain(part);
    }
  });

  it.each([
    [{ algorithms: ['none'] }, /algorithms\[0\] must be one of EdDSA, .* \(got "none"\)/],
    [{ algorithms: ['HS256', 'hs256'] }, /algorithms\[1\] must be one of .* \(got "hs256"\)/],
    [{ algorithms: ['ES256'] }, /no key of the set uses it/],
    [{ algorithms: [] }, /non-empty/],
    [{ issuer: '' }, /issuer/],
    [{ issuer: [] }, /issuer/],
    [{ audience: undefined }, /audience/],
    [{ typ: '' }, /typ/],
    [{ clockTolerance: '5 seconds' }, /clockTolerance/],
    [{ maxAge: -1 }, /maxAge/],
    [{ requiredClaims: [''] }, /requiredClaims/],
    [{ maxTokenBytes: 0 }, /maxTokenBytes/],
    [{ maxTokenBytes: 1.5 }, /maxTokenBytes/],
    [{ clock: 'now' }, /clock/],
    [{ keys: {} }, /createKeySet/],
  ])('refuses bad options %j with a TypeError at construction', (override, message) => {
    const build = () =>
      createVerifier({ keys, issuer: ISS, audience: AUD, ...(override as object) });
    expect(build).toThrow(TypeError);
    expect(build).toThrow(message);
  });

  it('resolves its options once; a caller may rename them in messages', async () => {
    const names = {
      clockTolerance: 'leeway',
      algorithms: 'accept',
      maxAge: 'maxTokenAge',
      cache: 'verifyCache',
      clock: 'now',
    };
    const refused = (override: object) => () =>
      resolveVerifierOptions({ keys, issuer: ISS, audience: AUD, ...override }, names);
    expect(refused({ clockTolerance: '5 seconds' })).toThrow(/^tokenwarden: leeway must be/);
    expect(refused({ algorithms: [] })).toThrow(/^tokenwarden: accept must be a non-empty array$/);
    expect(refused({ algorithms: ['none'] })).toThrow(/^tokenwarden: accept\[0\] must be one of/);
    expect(refused({ maxAge: -1 })).toThrow(/^tokenwarden: maxTokenAge must be/);
    expect(refused({ cache: {} })).toThrow(/^tokenwarden: verifyCache must come from/);
    expect(refused({ clock: 5 })).toThrow(/^tokenwarden: now must be a function$/);
    expect(refused({ typ: '' })).toThrow(/^tokenwarden: typ must be/);
    const resolved = resolveVerifierOptions({ keys, issuer: ISS, audience: AUD }, names);
    const issuer = createIssuer({ keys, issuer: ISS, audience: AUD });
    const { token } = await issuer.issue({ subject: 's', sessionId: 'f' });
    await expect(buildVerifier(resolved).verify(token)).resolves.toMatchObject({
      claims: { sub: 's', sid: 'f' },
    });
  });
});
