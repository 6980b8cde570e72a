/**
 * CSRF protection for state-changing requests authenticated by a cookie: an
 * Origin/Referer allow-list, `Sec-Fetch-Site`, and a double-submit token (a
 * readable CSRF cookie the page echoes in a header, compared in constant time).
 * The refresh route always checks the origin; double-submit matters when the
 * access token itself travels in a cookie.
 *
 * @example
 * ```ts
 * const csrf = createCsrfGuard({ allowedOrigins: ['https://app.example'] });
 * // at login: set the cookie, the page echoes it in `x-csrf-token`
 * const { cookie } = csrf.issueToken();
 * // on every request (throws AuthError CSRF_FAILED, status 403)
 * csrf.check({ method: request.method, headers: request.headers });
 * // on /auth/refresh when the access token travels in a header
 * csrf.check(request, { doubleSubmit: false });
 * ```
 * @module
 */
import { CSRF_HEADER } from '../core/constants.js';
import { AuthError } from '../core/errors.js';
import { buildCookie } from './cookies/build.js';
import { toAllowedOrigins } from './csrf/allowed-origins.js';
import { doubleSubmitRefusal } from './csrf/double-submit.js';
import { type CsrfRefusal, type OriginPolicy, originRefusal } from './csrf/origin-check.js';
import { randomCsrfToken } from './csrf/token.js';
import type { CsrfGuard, CsrfGuardOptions, NamedCookieOptions } from './types.js';

export type {
  CsrfCheckOptions,
  CsrfGuard,
  CsrfGuardOptions,
  CsrfRequest,
  DoubleSubmitOptions,
  HeaderSource,
} from './types.js';

/**
 * The default header the page echoes the CSRF token in.
 *
 * @example
 * ```ts
 * fetch('/api/orders', { method: 'POST', headers: { [DEFAULT_CSRF_HEADER]: csrfTokenFromCookie } });
 * ```
 */
export const DEFAULT_CSRF_HEADER: typeof CSRF_HEADER = CSRF_HEADER;

// RFC 9110 §9.2.1: safe methods must not change state, so they need no check.
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Creates a CSRF guard. Order of checks on an unsafe method: `Sec-Fetch-Site:
 * cross-site` refused; `Origin` must be listed (`null` never is); without
 * `Origin`, the `Referer`'s origin must be listed (an unparseable one is
 * refused); without either, `allowNoOrigin` decides; then the double-submit
 * token must be in both the CSRF cookie and the header, and equal.
 *
 * A refusal is `AuthError` `CSRF_FAILED` (403) whose message says what to
 * change (an unlisted origin names `allowedOrigins`), whose `claim` is the
 * request header that failed (`sec-fetch-site`, `origin`, `referer` or the
 * CSRF header) and whose `reason` says how (`missing`, `invalid` for an
 * `Origin: null` or an unparseable Referer, `check_failed`). The request's
 * header values are never copied into the error.
 *
 * @example
 * ```ts
 * const csrf = createCsrfGuard({
 *   allowedOrigins: ['https://app.example'],
 *   doubleSubmit: { header: 'x-xsrf-token', cookie: { maxAge: '1d' } },
 * });
 * ```
 */
export function createCsrfGuard<const Name extends string = string>(
  options: CsrfGuardOptions<Name>,
): CsrfGuard {
  const policy: OriginPolicy = {
    allowedOrigins: toAllowedOrigins(options.allowedOrigins),
    allowNoOrigin: options.allowNoOrigin ?? true,
    allowCrossSite: options.allowCrossSite ?? false,
  };
  const submit = typeof options.doubleSubmit === 'object' ? options.doubleSubmit : {};
  const doubleSubmitByDefault = options.doubleSubmit !== false;
  const cookieOptions: NamedCookieOptions<string> = submit.cookie ?? {};
  const headerName = toHeaderName(submit.header ?? DEFAULT_CSRF_HEADER);
  // Building one cookie now makes a bad cookie configuration fail at start-up.
  const { name: cookieName } = buildCookie('csrf', randomCsrfToken(), cookieOptions);

  return {
    cookieName,
    headerName,
    check(request, checkOptions = {}) {
      if (isSafeMethod(request.method)) return;
      const refused = originRefusal(request.headers, policy);
      if (refused) throw csrfFailed(refused);
      if (!(checkOptions.doubleSubmit ?? doubleSubmitByDefault)) return;
      const mismatch = doubleSubmitRefusal(request.headers, cookieName, headerName);
      if (mismatch) throw csrfFailed(mismatch);
    },
    issueToken() {
      const token = randomCsrfToken();
      return { token, cookie: buildCookie('csrf', token, cookieOptions) };
    },
  };
}

// The failing request header goes in `claim` and how it failed in `reason`,
// so logs and `verify.failed` events say why without the header's value.
function csrfFailed(refusal: CsrfRefusal): AuthError {
  return new AuthError('CSRF_FAILED', {
    message: refusal.message,
    claim: refusal.header,
    reason: refusal.reason,
  });
}

function isSafeMethod(method: unknown): boolean {
  return typeof method === 'string' && SAFE_METHODS.has(method.toUpperCase());
}

function toHeaderName(value: string): string {
  if (typeof value !== 'string' || !HEADER_NAME_RE.test(value)) {
    throw new TypeError(
      'tokenwarden: doubleSubmit.header must be an HTTP header name (RFC 9110 §5.1 token)',
    );
  }
  return value.toLowerCase();
}
