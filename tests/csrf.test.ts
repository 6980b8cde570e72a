import { describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  type CsrfGuardOptions,
  type CsrfRequest,
  createCsrfGuard,
} from '../src/index.js';
import { stringsEqual } from '../src/core/constant-time.js';

const APP = 'https://app.example';
const guard = createCsrfGuard({ allowedOrigins: [APP] });
const TOKEN = 'k3Jz0v2bq5Yc1mWn8xTt4uQe6rLs9aPd0fHg2iJk7lM';

function refused(
  request: CsrfRequest,
  options?: { doubleSubmit?: boolean },
  g = guard,
): AuthError | undefined {
  try {
    g.check(request, options);
    return undefined;
  } catch (err) {
    return err as AuthError;
  }
}

const ORIGINS = {
  same: APP,
  foreign: 'https://evil.example',
  null: 'null',
  absent: undefined,
} as const;
const REFERERS = {
  same: `${APP}/settings?tab=1`,
  foreign: 'https://evil.example/page',
  malformed: 'not a url',
  absent: undefined,
} as const;
const TOKENS = {
  match: { cookie: TOKEN, header: TOKEN },
  mismatch: { cookie: TOKEN, header: `${TOKEN.slice(0, -1)}X` },
  'missing cookie': { cookie: undefined, header: TOKEN },
  'missing header': { cookie: TOKEN, header: undefined },
} as const;
const FETCH_SITES = ['same-origin', 'same-site', 'cross-site', undefined] as const;
const METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Key<T> = keyof T & string;

function headersFor(
  origin: Key<typeof ORIGINS>,
  referer: Key<typeof REFERERS>,
  token: Key<typeof TOKENS>,
  site: (typeof FETCH_SITES)[number],
): Record<string, string> {
  const h: Record<string, string | undefined> = {
    origin: ORIGINS[origin],
    referer: REFERERS[referer],
    'sec-fetch-site': site,
    'x-csrf-token': TOKENS[token].header,
    cookie:
      TOKENS[token].cookie === undefined
        ? 'other=1'
        : `other=1; __Host-tw-csrf=${TOKENS[token].cookie}`,
  };
  return Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

// The rules of the brief, stated case by case rather than computed by the guard's code.
function expectedAccept(
  method: string,
  origin: Key<typeof ORIGINS>,
  referer: Key<typeof REFERERS>,
  token: Key<typeof TOKENS>,
  site: (typeof FETCH_SITES)[number],
): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true;
  if (site === 'cross-site') return false;
  const originOk =
    origin === 'same' || (origin === 'absent' && (referer === 'same' || referer === 'absent'));
  return originOk && token === 'match';
}

const matrix = METHODS.flatMap((method) =>
  (Object.keys(ORIGINS) as Key<typeof ORIGINS>[]).flatMap((origin) =>
    (Object.keys(REFERERS) as Key<typeof REFERERS>[]).flatMap((referer) =>
      (Object.keys(TOKENS) as Key<typeof TOKENS>[]).flatMap((token) =>
        FETCH_SITES.map((site) => ({
          method,
          origin,
          referer,
          token,
          site: site ?? 'absent',
          accept: expectedAccept(method, origin, referer, token, site),
          headers: headersFor(origin, referer, token, site),
        })),
      ),
    ),
  ),
);

describe('createCsrfGuard: the matrix', () => {
  it('covers accept and deny', () => {
    expect(matrix.length).toBe(7 * 4 * 4 * 4 * 4);
    expect(matrix.some((c) => c.accept && c.method === 'POST')).toBe(true);
    expect(matrix.some((c) => !c.accept)).toBe(true);
  });

  it.each(matrix)(
    '$method origin=$origin referer=$referer token=$token sec-fetch-site=$site -> accept=$accept',
    ({ method, headers, accept }) => {
      const err = refused({ method, headers });
      if (accept) {
        expect(err).toBeUndefined();
      } else {
        expect(err).toBeInstanceOf(AuthError);
        expect(err?.code).toBe('CSRF_FAILED');
        expect(err?.status).toBe(403);
      }
    },
  );
});

describe('createCsrfGuard: named cases', () => {
  const ok = { cookie: `__Host-tw-csrf=${TOKEN}`, 'x-csrf-token': TOKEN };

  it.each([
    ['same origin, token echoed', { origin: APP, ...ok }, true],
    ['foreign origin even with a valid token', { origin: 'https://evil.example', ...ok }, false],
    ['"null" origin', { origin: 'null', ...ok }, false],
    ['origin with a trailing slash is not the origin', { origin: `${APP}/`, ...ok }, false],
    ['origin differing by port', { origin: `${APP}:8443`, ...ok }, false],
    ['origin differing by scheme', { origin: 'http://app.example', ...ok }, false],
    [
      'same origin wins over a foreign referer',
      { origin: APP, referer: 'https://evil.example/', ...ok },
      true,
    ],
    [
      'foreign origin loses despite a same referer',
      { origin: 'https://evil.example', referer: `${APP}/`, ...ok },
      false,
    ],
    ['no origin, same referer', { referer: `${APP}/x`, ...ok }, true],
    [
      'no origin, referer of a look-alike host',
      { referer: 'https://app.example.evil.example/', ...ok },
      false,
    ],
    ['no origin, malformed referer', { referer: '::', ...ok }, false],
    ['neither header (non-browser client)', { ...ok }, true],
    [
      'cross-site fetch metadata from a listed origin',
      { origin: APP, 'sec-fetch-site': 'cross-site', ...ok },
      false,
    ],
    [
      'empty CSRF header',
      { origin: APP, cookie: `__Host-tw-csrf=${TOKEN}`, 'x-csrf-token': '' },
      false,
    ],
    [
      'token under a different cookie name',
      { origin: APP, cookie: `tw-csrf=${TOKEN}`, 'x-csrf-token': TOKEN },
      false,
    ],
    [
      'prefix of the token',
      { origin: APP, cookie: `__Host-tw-csrf=${TOKEN}`, 'x-csrf-token': TOKEN.slice(0, 10) },
      false,
    ],
  ] as const)('%s', (_name, headers, accept) => {
    expect(refused({ method: 'POST', headers }) === undefined).toBe(accept);
  });

  it('reads Web Headers, mixed-case records and array values', () => {
    expect(
      refused({
        method: 'POST',
        headers: new Headers({ Origin: APP, Cookie: ok.cookie, 'X-CSRF-Token': TOKEN }),
      }),
    ).toBeUndefined();
    expect(
      refused({
        method: 'post',
        headers: { Origin: APP, COOKIE: ok.cookie, 'X-Csrf-Token': [TOKEN] },
      }),
    ).toBeUndefined();
    expect(
      refused({ method: 'DELETE', headers: new Headers({ Origin: 'https://evil.example' }) })?.code,
    ).toBe('CSRF_FAILED');
  });

  it('never puts the presented token in the error', () => {
    const err = refused({
      method: 'POST',
      headers: { origin: APP, cookie: `__Host-tw-csrf=${TOKEN}`, 'x-csrf-token': 'wrong-guess' },
    });
    expect(err?.message).not.toContain(TOKEN);
    expect(err?.message).not.toContain('wrong-guess');
    expect(JSON.stringify(err)).not.toContain(TOKEN);
  });
});

describe('createCsrfGuard: options', () => {
  const originOnly = { origin: APP };

  it('check(req, { doubleSubmit: false }) checks the origin only (the refresh route)', () => {
    expect(
      refused({ method: 'POST', headers: originOnly }, { doubleSubmit: false }),
    ).toBeUndefined();
    expect(
      refused(
        { method: 'POST', headers: { origin: 'https://evil.example' } },
        { doubleSubmit: false },
      )?.code,
    ).toBe('CSRF_FAILED');
    expect(refused({ method: 'POST', headers: originOnly })?.code).toBe('CSRF_FAILED');
  });

  it('doubleSubmit: false at construction, and per-call opt-in', () => {
    const g = createCsrfGuard({ allowedOrigins: [APP], doubleSubmit: false });
    expect(refused({ method: 'POST', headers: originOnly }, undefined, g)).toBeUndefined();
    expect(refused({ method: 'POST', headers: originOnly }, { doubleSubmit: true }, g)?.code).toBe(
      'CSRF_FAILED',
    );
  });

  it('allowNoOrigin: false refuses requests with neither Origin nor Referer', () => {
    const g = createCsrfGuard({ allowedOrigins: [APP], allowNoOrigin: false, doubleSubmit: false });
    expect(refused({ method: 'POST', headers: {} }, undefined, g)?.code).toBe('CSRF_FAILED');
    expect(
      refused({ method: 'POST', headers: { referer: `${APP}/` } }, undefined, g),
    ).toBeUndefined();
  });

  it('allowCrossSite accepts cross-site fetch metadata only from a listed origin', () => {
    const api = createCsrfGuard({
      allowedOrigins: ['https://spa.example.net'],
      allowCrossSite: true,
      doubleSubmit: false,
    });
    const cross = { 'sec-fetch-site': 'cross-site' };
    expect(
      refused(
        { method: 'POST', headers: { ...cross, origin: 'https://spa.example.net' } },
        undefined,
        api,
      ),
    ).toBeUndefined();
    expect(
      refused(
        { method: 'POST', headers: { ...cross, origin: 'https://evil.example' } },
        undefined,
        api,
      )?.code,
    ).toBe('CSRF_FAILED');
    expect(
      refused(
        { method: 'POST', headers: { ...cross, referer: 'https://spa.example.net/' } },
        undefined,
        api,
      )?.code,
    ).toBe('CSRF_FAILED');
    expect(refused({ method: 'POST', headers: cross }, undefined, api)?.code).toBe('CSRF_FAILED');
  });

  it('custom header and cookie names', () => {
    const g = createCsrfGuard({
      allowedOrigins: [APP],
      doubleSubmit: {
        header: 'X-XSRF-Token',
        cookie: { name: 'xsrf', secure: false, warn: () => {} },
      },
    });
    expect(g.headerName).toBe('x-xsrf-token');
    expect(g.cookieName).toBe('xsrf');
    expect(
      refused(
        {
          method: 'POST',
          headers: { origin: APP, cookie: `xsrf=${TOKEN}`, 'x-xsrf-token': TOKEN },
        },
        undefined,
        g,
      ),
    ).toBeUndefined();
    expect(
      refused(
        {
          method: 'POST',
          headers: { origin: APP, cookie: `xsrf=${TOKEN}`, 'x-csrf-token': TOKEN },
        },
        undefined,
        g,
      )?.code,
    ).toBe('CSRF_FAILED');
  });

  it('defaults: the __Host- cookie and x-csrf-token', () => {
    expect(guard.cookieName).toBe('__Host-tw-csrf');
    expect(guard.headerName).toBe('x-csrf-token');
  });

  it.each<[string, CsrfGuardOptions, RegExp]>([
    ['no origins', { allowedOrigins: [] }, /at least one origin/],
    ['not an array', { allowedOrigins: 'https://app.example' as never }, /at least one origin/],
    ['a trailing slash', { allowedOrigins: ['https://app.example/'] }, /exact origins/],
    ['a path', { allowedOrigins: ['https://app.example/app'] }, /exact origins/],
    ['an upper-case host', { allowedOrigins: ['https://App.example'] }, /exact origins/],
    ['a default port', { allowedOrigins: ['https://app.example:443'] }, /exact origins/],
    ['"null"', { allowedOrigins: ['null'] }, /exact origins/],
    ['a bare host', { allowedOrigins: ['app.example'] }, /exact origins/],
    [
      'a bad header name',
      { allowedOrigins: [APP], doubleSubmit: { header: 'x csrf' } },
      /header must be an HTTP header name/,
    ],
    [
      'a bad cookie config',
      {
        allowedOrigins: [APP],
        doubleSubmit: { cookie: { sameSite: 'none', secure: false, warn: () => {} } },
      },
      /SameSite=None needs Secure/,
    ],
  ])('refuses %s at construction', (_name, options, message) => {
    expect(() => createCsrfGuard(options)).toThrow(TypeError);
    expect(() => createCsrfGuard(options)).toThrow(message);
  });

  it('carries the cookie prefix rules into its types', () => {
    const doubleSubmit = { cookie: { name: '__Host-x', secure: false, warn: () => {} } } as const;
    // @ts-expect-error __Host- cookies need Secure
    expect(() => createCsrfGuard({ allowedOrigins: [APP], doubleSubmit })).toThrow(TypeError);
  });

  it('warns at construction when the CSRF cookie is not Secure', () => {
    const warn = vi.fn();
    createCsrfGuard({
      allowedOrigins: ['http://localhost:3000'],
      doubleSubmit: { cookie: { secure: false, warn } },
    });
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('issueToken', () => {
  it('returns a fresh 256-bit base64url token and its readable cookie', () => {
    const a = guard.issueToken();
    const b = guard.issueToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.cookie.name).toBe('__Host-tw-csrf');
    expect(a.cookie.value).toBe(a.token);
    expect(a.cookie.attributes.httpOnly).toBe(false);
    expect(a.cookie.setCookie).toBe(
      `__Host-tw-csrf=${a.token}; Max-Age=604800; Path=/; Secure; SameSite=Strict`,
    );
  });

  it('issues a token that passes its own guard', () => {
    const { token, cookie } = guard.issueToken();
    const headers = {
      origin: APP,
      cookie: `${cookie.name}=${cookie.value}`,
      'x-csrf-token': token,
    };
    expect(refused({ method: 'POST', headers })).toBeUndefined();
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['', '', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['abcd', 'abc', false],
    ['', 'a', false],
    ['a'.repeat(64), `${'a'.repeat(63)}b`, false],
    ['é', 'e', false],
  ])('%j vs %j -> %s', (a, b, equal) => {
    expect(stringsEqual(a, b)).toBe(equal);
  });
});

describe('createCsrfGuard: a refusal says why, never echoing the request', () => {
  // A marker in every header value: none of it may reach the error.
  const MARK = 'zq-marker-7f3';
  const noSubmit = createCsrfGuard({
    allowedOrigins: [APP],
    allowNoOrigin: false,
    doubleSubmit: false,
  });

  it.each([
    [
      'an unlisted Origin (a dev server on another port)',
      { origin: `http://${MARK}.localhost:5173` },
      'origin',
      'check_failed',
      /Origin not allowed\. .*`origins` \(createAuth\).*`allowedOrigins` \(createCsrfGuard\)/,
    ],
    [
      'Origin: null',
      { origin: 'null', referer: `${APP}/${MARK}` },
      'origin',
      'invalid',
      /Origin is "null"/,
    ],
    [
      'Sec-Fetch-Site: cross-site',
      { 'sec-fetch-site': 'cross-site', origin: `https://${MARK}.example` },
      'sec-fetch-site',
      'check_failed',
      /Sec-Fetch-Site is cross-site.*`origins`.*`allowCrossSite`/,
    ],
    [
      'an unlisted Referer without Origin',
      { referer: `https://${MARK}.example/page?${MARK}` },
      'referer',
      'check_failed',
      /no Origin, and the Referer's origin is not allowed\. .*`origins`/,
    ],
    [
      'an unparseable Referer without Origin',
      { referer: `not a url ${MARK}` },
      'referer',
      'invalid',
      /the Referer is not a URL/,
    ],
    [
      'neither Origin nor Referer with allowNoOrigin: false',
      { 'x-other': MARK },
      'origin',
      'missing',
      /neither Origin nor Referer, and `allowNoOrigin` is false/,
    ],
  ])('%s', (_name, headers, claim, reason, message) => {
    const err = refused({ method: 'POST', headers }, undefined, noSubmit);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ code: 'CSRF_FAILED', status: 403, claim, reason });
    expect(err?.message).toMatch(/^Cross-site request refused: /);
    expect(err?.message).toMatch(message);
    expect(err?.message).not.toContain(MARK);
    expect(JSON.stringify(err?.toJSON())).not.toContain(MARK);
  });

  it('a double-submit refusal names the CSRF header: missing, then mismatched', () => {
    const missing = refused({ method: 'POST', headers: { origin: APP } });
    expect(missing).toMatchObject({ claim: 'x-csrf-token', reason: 'missing' });
    const mismatched = refused({
      method: 'POST',
      headers: { origin: APP, cookie: `__Host-tw-csrf=${TOKEN}`, 'x-csrf-token': MARK },
    });
    expect(mismatched).toMatchObject({ claim: 'x-csrf-token', reason: 'check_failed' });
    expect(mismatched?.message).toBe('The CSRF token is missing or does not match.');
  });
});
