import type { CookieAttributes } from '../types.js';

/**
 * RFC 6265bis §4.1.2.2: user agents cap Max-Age at 400 days, so a longer one
 * is refused rather than silently shortened by the browser.
 *
 * @example
 * ```ts
 * MAX_COOKIE_AGE_SECONDS; // 34_560_000
 * ```
 */
export const MAX_COOKIE_AGE_SECONDS = 400 * 86_400;

// RFC 6265 §4.1.1: cookie-name is an RFC 9110 §5.6.2 token.
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6265 §4.1.1 cookie-octet: no CTLs, whitespace, DQUOTE, comma, semicolon or backslash.
const COOKIE_VALUE_RE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
// RFC 6265 §4.1.1 path-value: any CHAR but CTLs and ";". Also refuses "<" and
// non-ASCII, which the `cookie` serializer refuses too.
const PATH_RE = /^\/[\x20-\x3A\x3D-\x7E]*$/;
// RFC 6265 §4.1.2.3 / RFC 1034 §3.5 host name labels; a leading dot is ignored by agents.
const DOMAIN_RE = /^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const SAME_SITE: ReadonlySet<string> = new Set(['strict', 'lax', 'none']);

/**
 * Throws a `TypeError` naming the broken rule. `attrs.maxAge` is already a
 * whole number of seconds (from `toSeconds`). Messages name the cookie and
 * the rule, never the value (it is a token).
 */
export function assertValidCookie(name: string, value: string, attrs: CookieAttributes): void {
  assertSyntax(name, value, attrs);
  assertPrefixRules(name, attrs);
  assertSecureRequirements(name, attrs);
}

function assertSyntax(name: string, value: string, attrs: CookieAttributes): void {
  if (!TOKEN_RE.test(name)) {
    fail(
      'cookie name must be an RFC 6265 token (RFC 9110 §5.6.2 tchar: no spaces, separators, ";", CR, LF or other control characters)',
    );
  }
  if (!COOKIE_VALUE_RE.test(value)) {
    fail(
      `cookie "${name}": value must be RFC 6265 §4.1.1 cookie-octets (no spaces, quotes, commas, ";", backslash, CR, LF or other control characters)`,
    );
  }
  if (!PATH_RE.test(attrs.path)) {
    fail(
      `cookie "${name}": Path must start with "/" and hold no ";", "<", CR, LF or other control characters (RFC 6265 §4.1.1 path-value)`,
    );
  }
  if (attrs.domain !== undefined && !DOMAIN_RE.test(attrs.domain)) {
    fail(
      `cookie "${name}": Domain must be a host name, with no ";", CR, LF or other control characters (RFC 6265 §4.1.2.3)`,
    );
  }
  if (!SAME_SITE.has(attrs.sameSite)) {
    fail(`cookie "${name}": SameSite must be "strict", "lax" or "none" (RFC 6265bis §4.1.2.7)`);
  }
  if (attrs.maxAge > MAX_COOKIE_AGE_SECONDS) {
    fail(
      `cookie "${name}": Max-Age must be at most 400 days (${MAX_COOKIE_AGE_SECONDS} seconds, RFC 6265bis §4.1.2.2 and §5.6.2)`,
    );
  }
}

// RFC 6265bis §5.7 (storage model) matches the prefixes case-insensitively, so
// "__host-x" is held to the "__Host-" rules by browsers, and by us.
function assertPrefixRules(name: string, attrs: CookieAttributes): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('__secure-') && !attrs.secure) {
    fail(`cookie "${name}": the "__Secure-" prefix needs Secure (RFC 6265bis §4.1.3.1)`);
  }
  if (!lower.startsWith('__host-')) return;
  if (!attrs.secure) {
    fail(`cookie "${name}": the "__Host-" prefix needs Secure (RFC 6265bis §4.1.3.2)`);
  }
  if (attrs.path !== '/') {
    fail(`cookie "${name}": the "__Host-" prefix needs Path=/ (RFC 6265bis §4.1.3.2)`);
  }
  if (attrs.domain !== undefined) {
    fail(
      `cookie "${name}": the "__Host-" prefix forbids a Domain attribute (RFC 6265bis §4.1.3.2)`,
    );
  }
}

function assertSecureRequirements(name: string, attrs: CookieAttributes): void {
  // Agents drop SameSite=None cookies that lack Secure (draft-west-cookie-incrementalism §3.2).
  if (attrs.sameSite === 'none' && !attrs.secure) {
    fail(`cookie "${name}": SameSite=None needs Secure (browsers reject it otherwise)`);
  }
  // CHIPS: draft-cutler-httpbis-partitioned-cookies §2.1.
  if (attrs.partitioned && !attrs.secure) {
    fail(
      `cookie "${name}": Partitioned needs Secure (CHIPS, draft-cutler-httpbis-partitioned-cookies §2.1)`,
    );
  }
}

function fail(message: string): never {
  throw new TypeError(`tokenwarden: ${message}`);
}
