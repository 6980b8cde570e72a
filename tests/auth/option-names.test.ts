/**
 * `createAuth` resolves the durations it hands down under the names the
 * caller wrote, so an error names `accessTtl`, not the issuer's `ttl`; and
 * the pass-through option names are one list, from which the type comes.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SESSION_OPTION_NAMES } from '../../src/auth/session-options.js';
import {
  type AuthOptions,
  createAuth,
  type RotationEngineOptions,
  type SessionOptionName,
} from '../../src/index.js';
import { ISSUER, keys, setupApp } from './harness.js';

async function messageOf(override: Partial<AuthOptions>): Promise<string> {
  try {
    createAuth({ issuer: ISSUER, audience: 'app', keys: await keys(), ...override });
  } catch (err) {
    expect(err).toBeInstanceOf(TypeError);
    return (err as Error).message;
  }
  throw new Error('createAuth accepted the options');
}

describe('error messages name the option as written', () => {
  it.each([
    [{ accessTtl: 0 }, 'tokenwarden: accessTtl must be at least 1 second'],
    [{ accessTtl: '0s' }, 'tokenwarden: accessTtl must be at least 1 second'],
    [{ refreshTtl: 0 }, 'tokenwarden: refreshTtl must be at least 1 second'],
    [{ absoluteTtl: '0d' }, 'tokenwarden: absoluteTtl must be at least 1 second'],
    [{ refreshTtl: '2d', absoluteTtl: '1d' }, 'tokenwarden: absoluteTtl must be >= refreshTtl'],
    [{ reuseGrace: -1 }, 'tokenwarden: reuseGrace must be a whole number of seconds >= 0'],
    [{ clockTolerance: 1.5 }, 'tokenwarden: clockTolerance must be a whole number of seconds >= 0'],
  ] as [Partial<AuthOptions>, string][])('%o', async (override, message) => {
    expect(await messageOf(override)).toBe(message);
  });

  it.each([
    [{ refreshTtl: 'forever' }, 'refreshTtl'],
    [{ absoluteTtl: 'long' }, 'absoluteTtl'],
    [{ reuseGrace: '5x' }, 'reuseGrace'],
    [{ clockTolerance: 'lots' }, 'clockTolerance'],
  ] as unknown as [Partial<AuthOptions>, string][])(
    'a malformed %o names %s',
    async (override, name) => {
      expect(await messageOf(override)).toMatch(
        new RegExp(`^tokenwarden: ${name} must be seconds`),
      );
    },
  );

  it('names origins, not the CSRF guard allowedOrigins', async () => {
    expect(await messageOf({ origins: [] })).toMatch(/^tokenwarden: origins must list/);
    expect(await messageOf({ origins: ['http://localhost:5173/'] })).toMatch(
      /^tokenwarden: origins entries must be exact origins/,
    );
  });
});

describe('resolved durations reach the engine', () => {
  it('refreshTtl as written sets the refresh cookie Max-Age', async () => {
    const app = await setupApp({ refreshTtl: '2m', absoluteTtl: '1h' });
    const session = await app.auth.login({ subject: 'u1' });
    expect(session.cookies[0]?.attributes.maxAge).toBe(120);
  });

  it('absoluteTtl as written sets the CSRF cookie Max-Age', async () => {
    const app = await setupApp({ absoluteTtl: '1h', refreshTtl: '10m', tokenLocation: 'cookie' });
    const session = await app.auth.login({ subject: 'u1' });
    const csrf = session.cookies.find((c) => c.name === '__Host-tw-csrf');
    expect(csrf?.attributes.maxAge).toBe(3600);
  });

  it('absoluteTtl as written ends the session while refreshTtl would not', async () => {
    const app = await setupApp({ absoluteTtl: '1h', refreshTtl: '40m' });
    const first = await app.auth.login({ subject: 'u1' });
    const headers = (s: typeof first) => ({
      cookie: s.cookies[0]!.setCookie.split(';')[0]!,
      origin: ISSUER,
    });
    app.advance(35 * 60);
    const second = await app.auth.refresh({ method: 'POST', headers: headers(first) });
    app.advance(30 * 60);
    await expect(
      app.auth.refresh({ method: 'POST', headers: headers(second) }),
    ).rejects.toMatchObject({ code: 'REFRESH_TOKEN_EXPIRED' });
  });

  it('reuseGrace as written sets the grace window', async () => {
    const app = await setupApp({ reuseGrace: 0 });
    const session = await app.auth.login({ subject: 'u1' });
    const headers = { cookie: session.cookies[0]!.setCookie.split(';')[0]!, origin: ISSUER };
    await app.auth.refresh({ method: 'POST', headers });
    await expect(app.auth.refresh({ method: 'POST', headers })).rejects.toMatchObject({
      code: 'REFRESH_TOKEN_REUSED',
    });
  });
});

describe('the pass-through list', () => {
  it('is every rotation-engine option but onEvent, which the facade owns', () => {
    expectTypeOf<SessionOptionName>().toEqualTypeOf<
      Exclude<keyof RotationEngineOptions, 'onEvent'>
    >();
    expectTypeOf<(typeof SESSION_OPTION_NAMES)[number]>().toEqualTypeOf<SessionOptionName>();
    expect(new Set(SESSION_OPTION_NAMES).size).toBe(SESSION_OPTION_NAMES.length);
  });

  it('hands maxGraceReplays, onReuse and accessRevocation to the engine', async () => {
    const app = await setupApp({ accessRevocation: 'session', maxGraceReplays: 0 });
    expect(app.auth.revocationDelay).toBe(0);
    const session = await app.auth.login({ subject: 'u1' });
    const headers = { cookie: session.cookies[0]!.setCookie.split(';')[0]!, origin: ISSUER };
    await app.auth.refresh({ method: 'POST', headers });
    // No replay allowed inside the window: the repeat is refused, without revoking.
    await expect(app.auth.refresh({ method: 'POST', headers })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});
