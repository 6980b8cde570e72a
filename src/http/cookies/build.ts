import { toSeconds } from '../../core/duration.js';
import {
  type CookieKind,
  DEFAULT_COOKIE_MAX_AGE,
  DEFAULT_COOKIE_PATHS,
  defaultCookieName,
} from './defaults.js';
import { warnInsecureOnce } from './insecure-warning.js';
import { toCookieSpec } from './serialize.js';
import type { BaseCookieOptions, CookieAttributes, CookieSpec } from '../types.js';

// The refresh and access cookies carry bearer tokens, so script must never
// read them; the CSRF cookie is the opposite: the page reads it to echo it.
const HTTP_ONLY: Record<CookieKind, boolean> = { refresh: true, access: true, csrf: false };

/** Options as the builders receive them once the name's type constraint has done its job. */
export type CookieBuildOptions = BaseCookieOptions & { name?: string };

/**
 * Builds a `kind` cookie: defaults filled in, every caller-set attribute kept
 * as set (a conflict with the RFC 6265bis rules throws, it is never rewritten).
 */
export function buildCookie(
  kind: CookieKind,
  value: string,
  options: CookieBuildOptions = {},
): CookieSpec {
  if (typeof value !== 'string') throw new TypeError('tokenwarden: cookie value must be a string');
  const secure = options.secure ?? true;
  const name = options.name ?? defaultCookieName(kind, secure);
  const maxAge = toSeconds(options.maxAge ?? DEFAULT_COOKIE_MAX_AGE[kind], 'cookie maxAge');
  if (maxAge === 0) {
    throw new TypeError(
      `tokenwarden: cookie "${name}": maxAge must be at least 1 second (clearCookie deletes a cookie)`,
    );
  }
  const attributes: CookieAttributes = {
    httpOnly: HTTP_ONLY[kind],
    secure,
    sameSite: options.sameSite ?? 'strict',
    path: options.path ?? DEFAULT_COOKIE_PATHS[kind],
    maxAge,
  };
  if (options.domain !== undefined) attributes.domain = options.domain;
  if (options.partitioned) attributes.partitioned = true;
  const spec = toCookieSpec(name, value, attributes);
  if (!secure) warnInsecureOnce(options.warn);
  return spec;
}
