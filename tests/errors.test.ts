import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AuthError, ERROR_STATUS, isAuthError, toErrorResponse } from '../src/index.js';

describe('AuthError', () => {
  it('carries the stable code, its status and a default message', () => {
    for (const code of Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[]) {
      const err = new AuthError(code);
      expect(err.code).toBe(code);
      expect(err.status).toBe(ERROR_STATUS[code]);
      expect(err.message.length).toBeGreaterThan(0);
      expect(err.name).toBe('AuthError');
      expect(err).toBeInstanceOf(Error);
    }
  });

  it('keeps claim details and serializes only code and message', () => {
    const err = new AuthError('TOKEN_INVALID', {
      claim: 'aud',
      reason: 'check_failed',
      cause: new Error('secret detail'),
    });
    expect(err.claim).toBe('aud');
    expect(err.reason).toBe('check_failed');
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      error: { code: 'TOKEN_INVALID', message: err.message },
    });
  });

  it('isAuthError narrows by code', () => {
    expect(isAuthError(new AuthError('TOKEN_EXPIRED'), 'TOKEN_EXPIRED')).toBe(true);
    expect(isAuthError(new AuthError('TOKEN_EXPIRED'), 'TOKEN_INVALID')).toBe(false);
    expect(isAuthError(new Error('x'))).toBe(false);
  });
});

describe('toErrorResponse', () => {
  it('gives invalid_token challenges to refused tokens', () => {
    const res = toErrorResponse(new AuthError('TOKEN_EXPIRED'), { realm: 'api' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api", error="invalid_token"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      error: { code: 'TOKEN_EXPIRED', message: 'The access token has expired.' },
    });
  });

  it('gives a bare challenge when no token was presented (RFC 6750 §3.1)', () => {
    expect(toErrorResponse(new AuthError('TOKEN_MISSING')).headers['www-authenticate']).toBe(
      'Bearer',
    );
  });

  it('sends no challenge on non-401 statuses', () => {
    const res = toErrorResponse(new AuthError('CSRF_FAILED'));
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(toErrorResponse(new AuthError('STORE_UNAVAILABLE')).status).toBe(503);
  });

  it('escapes the realm as a quoted-string', () => {
    const res = toErrorResponse(new AuthError('TOKEN_INVALID'), { realm: 'a"b\\c\r\n' });
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="a\\"b\\\\c", error="invalid_token"',
    );
  });
});

describe('AuthError across copies and realms', () => {
  // instanceof is class identity: the subpaths share the core's one class
  // (tests/packaging/packed-package.test.ts). isAuthError also recognises an
  // AuthError from an independent copy or another realm, by its registry brand.
  it('isAuthError recognises an AuthError thrown by another copy of the class', async () => {
    // The built bundle (made by `pretest`) is a second, independent copy.
    const built = await import('../dist/index.js');
    expect(built.AuthError).not.toBe(AuthError);
    const fromOtherCopy = new built.AuthError('TOKEN_EXPIRED');
    expect(isAuthError(fromOtherCopy, 'TOKEN_EXPIRED')).toBe(true);
    expect(isAuthError(fromOtherCopy, 'TOKEN_INVALID')).toBe(false);
    expect(built.isAuthError(new AuthError('TOKEN_INVALID'), 'TOKEN_INVALID')).toBe(true);
    expect(fromOtherCopy).not.toBeInstanceOf(AuthError);
  });

  it('isAuthError recognises an AuthError made in another realm (a vm context)', () => {
    // dist/index.cjs evaluated in a fresh context: its own Error, Object and
    // AuthError; only the host's Web APIs and jose are lent to it.
    const context = createContext({ TextEncoder, TextDecoder, crypto, atob, btoa, URL });
    const load = runInContext(
      `(function (module, exports, require) {${readFileSync('dist/index.cjs', 'utf8')}\n})`,
      context,
      { filename: 'dist/index.cjs' },
    ) as (module: { exports: object }, exports: object, require: NodeRequire) => void;
    const loaded = { exports: {} as { AuthError: typeof AuthError } };
    load(loaded, loaded.exports, createRequire(import.meta.url));
    const fromOtherRealm = new loaded.exports.AuthError('SESSION_REVOKED');
    expect(fromOtherRealm).not.toBeInstanceOf(Error);
    expect(isAuthError(fromOtherRealm, 'SESSION_REVOKED')).toBe(true);
  });

  it('is not fooled by look-alikes', () => {
    expect({ code: 'TOKEN_EXPIRED', status: 401 }).not.toBeInstanceOf(AuthError);
    expect(new Error('x')).not.toBeInstanceOf(AuthError);
    expect(null).not.toBeInstanceOf(AuthError);
    expect(isAuthError({ code: 'TOKEN_EXPIRED', status: 401, name: 'AuthError' })).toBe(false);
    expect(isAuthError(null)).toBe(false);
    expect(isAuthError('AuthError')).toBe(false);
  });
});
