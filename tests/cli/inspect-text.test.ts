/**
 * The pure parts of `tokenwarden inspect`: relative times, decoding rules and
 * warnings, against a fixed now (the packed command line is tested in
 * tests/packaging/cli.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/cli/decode.js';
import { MalformedTokenError } from '../../src/cli/exit-codes.js';
import { formatSpan, readTimes } from '../../src/cli/relative-time.js';
import { tokenWarnings } from '../../src/cli/warnings.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('relative times', () => {
  it.each([
    [0, '0 s'],
    [89, '89 s'],
    [90, '2 min'],
    [12 * 60 + 10, '12 min'],
    [89 * 60, '89 min'],
    [90 * 60, '2 h'],
    [3 * 3600 - 900, '3 h'],
    [47 * 3600, '47 h'],
    [48 * 3600, '2 d'],
  ])('%i s reads as %s', (seconds, text) => {
    expect(formatSpan(seconds)).toBe(text);
    expect(formatSpan(-seconds)).toBe(text);
  });

  it('reads exp, iat and nbf against now, in both directions, and skips non-numbers', () => {
    const now = 1_700_000_000;
    expect(readTimes({ exp: now + 720, iat: now - 60, nbf: now + 120 }, now)).toEqual({
      exp: { epoch: now + 720, iso: '2023-11-14T22:25:20.000Z', relative: 'expires in 12 min' },
      iat: { epoch: now - 60, iso: '2023-11-14T22:12:20.000Z', relative: 'issued 60 s ago' },
      nbf: {
        epoch: now + 120,
        iso: '2023-11-14T22:15:20.000Z',
        relative: 'not valid for another 2 min',
      },
    });
    expect(readTimes({ exp: now - 3 * 3600 }, now).exp!.relative).toBe('expired 3 h ago');
    expect(readTimes({ exp: '1700000000', iat: null, nbf: 1e300 }, now)).toEqual({
      nbf: {
        epoch: 1e300,
        iso: 'out of range',
        relative: expect.stringMatching(/^not valid for another/),
      },
    });
  });
});

describe('decoding without trust', () => {
  it('returns header and claims of a well-formed token, whatever its signature', () => {
    const decoded = decodeToken(` ${b64({ alg: 'ES256' })}.${b64({ sub: 'u' })}.c2ln \n`);
    expect(decoded).toMatchObject({
      header: { alg: 'ES256' },
      claims: { sub: 'u' },
      signatureLength: 4,
    });
  });

  it.each([
    ['', /no token/],
    ['a.b', /3 segments/],
    [`${b64({})}.${b64({})}.sig=`, /signature is not canonical/],
    [`${b64({}).slice(0, -1)}Z.${b64({})}.`, /header is not canonical|not UTF-8 JSON/],
    [`${b64('text')}.${b64({})}.`, /header is not a JSON object/],
    [`${b64({})}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.`, /payload is not UTF-8 JSON/],
    ['x'.repeat(70_000), /longer than 65536/],
  ])('refuses %#', (token, message) => {
    expect(() => decodeToken(token)).toThrow(MalformedTokenError);
    expect(() => decodeToken(token)).toThrow(message);
  });
});

describe('warnings', () => {
  const token = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
    decodeToken(`${b64(header)}.${b64(claims)}.`);
  const clean = { alg: 'EdDSA', typ: 'at+jwt', kid: 'k' };
  const claims = { iss: 'i', sub: 's', aud: 'a', iat: 0, exp: 900, jti: 'j', sid: 'f' };

  it('says nothing about a token shaped as tokenwarden issues them', () => {
    expect(tokenWarnings(token(clean, claims))).toEqual([]);
    expect(tokenWarnings(token({ ...clean, typ: 'application/AT+JWT' }, claims))).toEqual([]);
  });

  it.each([
    [{ ...clean, alg: 'NONE' }, claims, /alg is "none"/],
    [{ ...clean, alg: 'HS1' }, claims, /alg "HS1" is not one tokenwarden accepts/],
    [{ alg: 'EdDSA', kid: 'k' }, claims, /no typ header/],
    [{ ...clean, typ: 'JWT' }, claims, /typ "JWT" is not "at\+jwt"/],
    [{ ...clean, x5u: 'https://x' }, claims, /header carries "x5u"/],
    [{ ...clean, crit: ['b64'] }, claims, /crit header/],
    [{ alg: 'EdDSA', typ: 'at+jwt' }, claims, /no kid header/],
    [clean, { ...claims, exp: undefined }, /never expires/],
    [clean, { ...claims, exp: 3601 }, /long lifetime: 1 h/],
    [clean, { ...claims, jti: undefined }, /no jti/],
    [clean, { ...claims, api_key: 'k', ssn: '1' }, /sensitive-looking claims \(api_key, ssn\)/],
  ])('warns %#', (header, body, message) => {
    const warnings = tokenWarnings(token(header, body));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(message);
  });
});
