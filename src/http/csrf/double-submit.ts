import { getHeader, type HeaderSource } from '../headers.js';
import { readCookie } from '../read-cookie.js';
import { stringsEqual } from '../../core/constant-time.js';
import type { CsrfRefusal } from './origin-check.js';

const MESSAGE = 'The CSRF token is missing or does not match.';

/**
 * Double-submit (OWASP CSRF cheat sheet): the token in the CSRF cookie must
 * come back in a request header. A cross-site page can make the browser send
 * the cookie but cannot read it, so it cannot write the header. Returns why
 * the request is refused, or `undefined` when the two match.
 */
export function doubleSubmitRefusal(
  headers: HeaderSource,
  cookieName: string,
  headerName: string,
): CsrfRefusal | undefined {
  const fromCookie = readCookie(getHeader(headers, 'cookie'), cookieName);
  const fromHeader = getHeader(headers, headerName);
  // readCookie never returns an empty value, so an empty header cannot match.
  if (fromCookie === undefined || fromHeader === undefined) {
    return { header: headerName, reason: 'missing', message: MESSAGE };
  }
  if (stringsEqual(fromCookie, fromHeader)) return undefined;
  return { header: headerName, reason: 'check_failed', message: MESSAGE };
}
