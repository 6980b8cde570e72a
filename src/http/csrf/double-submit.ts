import { getHeader, type HeaderSource } from '../headers.js';
import { readCookie } from '../read-cookie.js';
import { stringsEqual } from '../../core/constant-time.js';

/**
 * Double-submit (OWASP CSRF cheat sheet): the token in the CSRF cookie must
 * come back in a request header. A cross-site page can make the browser send
 * the cookie but cannot read it, so it cannot write the header.
 */
export function doubleSubmitMatches(
  headers: HeaderSource,
  cookieName: string,
  headerName: string,
): boolean {
  const fromCookie = readCookie(getHeader(headers, 'cookie'), cookieName);
  const fromHeader = getHeader(headers, headerName);
  // readCookie never returns an empty value, so an empty header cannot match.
  if (fromCookie === undefined || fromHeader === undefined) return false;
  return stringsEqual(fromCookie, fromHeader);
}
