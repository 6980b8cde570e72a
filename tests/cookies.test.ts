import { parseSetCookie } from 'cookie';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  accessCookie,
  clearCookie,
  createAuth,
  createKeySet,
  csrfCookie,
  DEFAULT_COOKIE_MAX_AGE,
  DEFAULT_COOKIE_NAMES,
  DEFAULT_COOKIE_PATHS,
  DEFAULT_CSRF_HEADER,
  MAX_COOKIE_AGE_SECONDS,
  refreshCookie,
} from '../src/index.js';
import { AUTH_BASE_PATH, COOKIE_NAMES, CSRF_HEADER } from '../src/core/constants.js';

const silent = { warn: () => {} };

describe('refreshCookie defaults', () => {
  const spec = refreshCookie('rt-value');

  it('serializes the exact Set-Cookie string', () => {
    expect(spec.setCookie).toBe(
      '__Secure-tw-refresh=rt-value; Max-Age=604800; Path=/auth; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('describes its attributes', () => {
    expect(spec).toMatchObject({ name: '__Secure-tw-refresh', value: 'rt-value' });
    expect(spec.attributes).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: '/auth',
      maxAge: 604_800,
    });
  });
});

describe('accessCookie and csrfCookie defaults', () => {
  it('access cookie: __Host- name, Path=/, 15 minutes, HttpOnly', () => {
    expect(accessCookie('a.b.c').setCookie).toBe(
      '__Host-tw-access=a.b.c; Max-Age=900; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('CSRF cookie is readable by the page (no HttpOnly)', () => {
    const spec = csrfCookie('tok');
    expect(spec.attributes.httpOnly).toBe(false);
    expect(spec.setCookie).toBe(
      '__Host-tw-csrf=tok; Max-Age=604800; Path=/; Secure; SameSite=Strict',
    );
  });
});

describe('options, attribute by attribute', () => {
  it('maxAge accepts a Duration', () => {
    expect(refreshCookie('v', { maxAge: '30d' }).attributes.maxAge).toBe(2_592_000);
    expect(accessCookie('v', { maxAge: 60 }).setCookie).toContain('; Max-Age=60;');
  });

  it('path', () => {
    expect(refreshCookie('v', { path: '/api/auth' }).setCookie).toContain('; Path=/api/auth;');
  });

  it('domain', () => {
    const spec = refreshCookie('v', { domain: 'example.com' });
    expect(spec.attributes.domain).toBe('example.com');
    expect(spec.setCookie).toBe(
      '__Secure-tw-refresh=v; Max-Age=604800; Domain=example.com; Path=/auth; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it.each([
    ['lax', 'Lax'],
    ['none', 'None'],
    ['strict', 'Strict'],
  ] as const)('sameSite %s', (sameSite, rendered) => {
    const spec = refreshCookie('v', { sameSite });
    expect(spec.attributes.sameSite).toBe(sameSite);
    expect(spec.setCookie.endsWith(`; SameSite=${rendered}`)).toBe(true);
  });

  it('partitioned', () => {
    const spec = accessCookie('v', { partitioned: true, sameSite: 'none' });
    expect(spec.attributes.partitioned).toBe(true);
    expect(spec.setCookie).toBe(
      '__Host-tw-access=v; Max-Age=900; Path=/; HttpOnly; Secure; Partitioned; SameSite=None',
    );
  });

  it('custom name', () => {
    expect(refreshCookie('v', { name: 'rt' }).setCookie.startsWith('rt=v;')).toBe(true);
  });

  it('secure: false uses the plain names and no Secure attribute', () => {
    const spec = refreshCookie('v', { secure: false, ...silent });
    expect(spec.name).toBe(DEFAULT_COOKIE_NAMES.refresh.insecure);
    expect(spec.setCookie).toBe(
      'tw-refresh=v; Max-Age=604800; Path=/auth; HttpOnly; SameSite=Strict',
    );
    expect(accessCookie('v', { secure: false, ...silent }).name).toBe('tw-access');
    expect(csrfCookie('v', { secure: false, ...silent }).name).toBe('tw-csrf');
  });

  it('the serialized value round-trips through a Set-Cookie parser', () => {
    fc.assert(
      fc.property(fc.base64String({ minLength: 1 }), (value) => {
        const parsed = parseSetCookie(refreshCookie(value).setCookie, { decode: (s) => s });
        expect(parsed.value).toBe(value);
      }),
    );
  });
});

describe('RFC 6265bis refusals (TypeError naming the rule)', () => {
  it.each([
    [
      '__Host- needs Secure',
      () => accessCookie('v', { name: '__Host-x', secure: false as true, ...silent }),
      /"__Host-" prefix needs Secure/,
    ],
    [
      '__Host- needs Path=/',
      () => refreshCookie('v', { name: '__Host-x', path: '/auth' as '/' }),
      /"__Host-" prefix needs Path=\//,
    ],
    [
      '__Host- refuses the refresh default Path',
      () => refreshCookie('v', { name: '__Host-x' } as never),
      /"__Host-" prefix needs Path=\//,
    ],
    [
      '__Host- forbids Domain',
      () => accessCookie('v', { name: '__Host-x', domain: 'example.com' as never }),
      /"__Host-" prefix forbids a Domain/,
    ],
    [
      '__Host- is matched case-insensitively',
      () => accessCookie('v', { name: '__host-x', secure: false, ...silent }),
      /"__Host-" prefix needs Secure/,
    ],
    [
      '__Secure- needs Secure',
      () => refreshCookie('v', { name: '__Secure-x', secure: false as true, ...silent }),
      /"__Secure-" prefix needs Secure/,
    ],
    [
      '__Secure- is matched case-insensitively',
      () => refreshCookie('v', { name: '__SECURE-x', secure: false, ...silent }),
      /"__Secure-" prefix needs Secure/,
    ],
    [
      'SameSite=None needs Secure',
      () => refreshCookie('v', { sameSite: 'none', secure: false, ...silent }),
      /SameSite=None needs Secure/,
    ],
    [
      'Partitioned needs Secure',
      () => refreshCookie('v', { partitioned: true, secure: false, ...silent }),
      /Partitioned needs Secure/,
    ],
    [
      'Max-Age over 400 days',
      () => refreshCookie('v', { maxAge: MAX_COOKIE_AGE_SECONDS + 1 }),
      /at most 400 days/,
    ],
    ['Max-Age of zero', () => refreshCookie('v', { maxAge: 0 }), /at least 1 second/],
    ['bad Max-Age', () => refreshCookie('v', { maxAge: '7 days' as never }), /maxAge/],
    ['value with ;', () => refreshCookie('a;b'), /cookie-octets/],
    ['value with CR LF', () => refreshCookie('a\r\nSet-Cookie: x=y'), /cookie-octets/],
    ['value with a space', () => refreshCookie('a b'), /cookie-octets/],
    ['value with NUL', () => refreshCookie('a\u0000b'), /cookie-octets/],
    ['value that is not a string', () => refreshCookie(42 as never), /value must be a string/],
    [
      'path with ;',
      () => refreshCookie('v', { path: '/auth; Domain=evil.example' }),
      /Path must start with "\/"/,
    ],
    [
      'path with CR LF',
      () => refreshCookie('v', { path: '/auth\r\nX: y' }),
      /Path must start with "\/"/,
    ],
    [
      'path with a control char',
      () => refreshCookie('v', { path: '/a\u0007' }),
      /Path must start with "\/"/,
    ],
    ['relative path', () => refreshCookie('v', { path: 'auth' }), /Path must start with "\/"/],
    [
      'domain with ;',
      () => refreshCookie('v', { domain: 'example.com; Secure' }),
      /Domain must be a host name/,
    ],
    [
      'domain with CR LF',
      () => refreshCookie('v', { domain: 'example.com\r\n' }),
      /Domain must be a host name/,
    ],
    [
      'unknown sameSite',
      () => refreshCookie('v', { sameSite: 'whatever' as never }),
      /SameSite must be/,
    ],
  ])('%s', (_rule, build, message) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(message);
    expect(build).toThrow(/^tokenwarden: /);
  });

  it.each(['a b', 'a;b', 'a=b', 'a\r\nb', 'a\u0000b', 'a,b', 'é', ''])(
    'refuses the name %j',
    (name) => {
      expect(() => refreshCookie('v', { name })).toThrow(
        /^tokenwarden: cookie name must be an RFC 6265 token/,
      );
    },
  );

  it('accepts Max-Age of exactly 400 days', () => {
    expect(refreshCookie('v', { maxAge: '400d' }).attributes.maxAge).toBe(MAX_COOKIE_AGE_SECONDS);
  });

  it('never echoes the cookie value in an error', () => {
    const secret = 'super-secret token';
    expect(() => refreshCookie(secret)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });

  it('never rewrites what the caller set', () => {
    const spec = refreshCookie('v', {
      path: '/x',
      sameSite: 'lax',
      domain: 'a.example',
      maxAge: 5,
    });
    expect(spec.attributes).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/x',
      domain: 'a.example',
      maxAge: 5,
    });
  });
});

describe('prefix rules in the types', () => {
  it('refuses conflicting literal names at compile time (and at run time)', () => {
    // @ts-expect-error __Host- cookies need Secure
    expect(() => accessCookie('v', { name: '__Host-a', secure: false, ...silent })).toThrow(
      TypeError,
    );
    // @ts-expect-error __Host- cookies need Path=/
    expect(() => accessCookie('v', { name: '__Host-a', path: '/api' })).toThrow(TypeError);
    // @ts-expect-error __Host- cookies take no Domain
    expect(() => csrfCookie('v', { name: '__Host-a', domain: 'example.com' })).toThrow(TypeError);
    // @ts-expect-error the refresh cookie's default Path is /auth, so __Host- must set Path=/
    expect(() => refreshCookie('v', { name: '__Host-a' })).toThrow(TypeError);
    // @ts-expect-error __Secure- cookies need Secure
    expect(() => refreshCookie('v', { name: '__Secure-a', secure: false, ...silent })).toThrow(
      TypeError,
    );
  });

  it('accepts consistent literal names', () => {
    expect(refreshCookie('v', { name: '__Host-a', path: '/' }).attributes.path).toBe('/');
    expect(accessCookie('v', { name: '__Secure-a', domain: 'example.com' }).name).toBe(
      '__Secure-a',
    );
    expect(accessCookie('v', { name: 'plain', secure: false, ...silent }).attributes.secure).toBe(
      false,
    );
  });
});

describe('secure: false warning', () => {
  it('fires once per warn sink and still builds the cookie', () => {
    const warn = vi.fn();
    expect(refreshCookie('v', { secure: false, warn }).attributes.secure).toBe(false);
    accessCookie('v', { secure: false, warn });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/local development/);
    expect(warn.mock.calls[0]![0]).toMatch(
      /Chromium treats http:\/\/localhost as a secure context/,
    );
  });

  it('names the cookies that lose their prefix: the refresh cookie becomes tw-refresh', () => {
    const warn = vi.fn();
    refreshCookie('v', { secure: false, warn });
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toContain('__Secure-tw-refresh is tw-refresh');
    expect(message).toContain('__Host-tw-access is tw-access');
    expect(message).toContain('__Host-tw-csrf is tw-csrf');
    expect(message).toContain('__Host-tw-fgp is tw-fgp');
  });

  it('createAuth with cookies.secure: false warns once, naming the renamed refresh cookie', async () => {
    const warn = vi.fn();
    const auth = createAuth({
      issuer: 'http://localhost:3000',
      audience: 'app',
      keys: await createKeySet({ keys: [{ alg: 'HS256', secret: 's'.repeat(32) }] }),
      cookies: { secure: false, warn },
    });
    const session = await auth.login({ subject: 'u1' });
    expect(session.cookies[0]?.name).toBe('tw-refresh');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/__Secure-tw-refresh is tw-refresh/);
  });

  it('does not fire for Secure cookies', () => {
    const warn = vi.fn();
    refreshCookie('v', { warn });
    expect(warn).not.toHaveBeenCalled();
  });

  it('defaults to console.warn', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      refreshCookie('v', { secure: false });
      refreshCookie('v', { secure: false });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('clearCookie', () => {
  it.each([
    ['refresh', refreshCookie('v')],
    ['access', accessCookie('v')],
    ['csrf', csrfCookie('v')],
    [
      'custom',
      refreshCookie('v', { name: 'rt', path: '/api/auth', domain: 'example.com', sameSite: 'lax' }),
    ],
    ['partitioned', accessCookie('v', { partitioned: true, sameSite: 'none' })],
    ['insecure', refreshCookie('v', { secure: false, ...silent })],
  ])('matches the %s cookie it clears', (_kind, spec) => {
    const cleared = clearCookie(spec);
    expect(cleared.name).toBe(spec.name);
    expect(cleared.value).toBe('');
    const { maxAge, expires, ...rest } = cleared.attributes;
    const { maxAge: _m, ...original } = spec.attributes;
    expect(rest).toEqual(original);
    expect(maxAge).toBe(0);
    expect(expires?.getTime()).toBe(0);
  });

  it('serializes Max-Age=0 and an Expires in the past', () => {
    expect(clearCookie(refreshCookie('v')).setCookie).toBe(
      '__Secure-tw-refresh=; Max-Age=0; Path=/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('accepts a name and Path', () => {
    expect(clearCookie({ name: '__Secure-tw-refresh', path: '/auth' }).setCookie).toBe(
      clearCookie(refreshCookie('v')).setCookie,
    );
  });

  it('keeps Partitioned when clearing by name, since only a partitioned Set-Cookie deletes a partitioned cookie', () => {
    const spec = clearCookie({ name: 'p', path: '/', partitioned: true, sameSite: 'none' });
    expect(spec.attributes.partitioned).toBe(true);
    expect(spec.setCookie).toContain('; Partitioned');
  });

  it('applies the same rules', () => {
    expect(() => clearCookie({ name: '__Host-x', path: '/auth' })).toThrow(
      /"__Host-" prefix needs Path=\//,
    );
    expect(() => clearCookie({ name: 'x', path: '/;x' })).toThrow(/Path must start/);
  });
});

describe('the public defaults come from core/constants', () => {
  it('keeps the exported names and values', () => {
    expect(DEFAULT_COOKIE_NAMES).toEqual({
      refresh: COOKIE_NAMES.refresh,
      access: COOKIE_NAMES.access,
      csrf: COOKIE_NAMES.csrf,
    });
    expect(DEFAULT_COOKIE_NAMES.refresh).toEqual({
      secure: '__Secure-tw-refresh',
      insecure: 'tw-refresh',
    });
    expect(DEFAULT_COOKIE_PATHS).toEqual({ refresh: AUTH_BASE_PATH, access: '/', csrf: '/' });
    expect(DEFAULT_COOKIE_PATHS.refresh).toBe('/auth');
    expect(DEFAULT_CSRF_HEADER).toBe(CSRF_HEADER);
    expect(DEFAULT_CSRF_HEADER).toBe('x-csrf-token');
    expect(DEFAULT_COOKIE_MAX_AGE.refresh).toBe(604_800);
  });
});
