import { getHeader, type HeaderSource } from '../headers.js';

/** What the Origin/Referer/Sec-Fetch-Site check lets through. */
export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
  allowNoOrigin: boolean;
  allowCrossSite: boolean;
}

/**
 * True when a state-changing request may proceed as far as its origin goes
 * (OWASP CSRF cheat sheet, "Verifying Origin With Standard Headers").
 */
export function originAllowed(headers: HeaderSource, policy: OriginPolicy): boolean {
  const origin = getHeader(headers, 'origin');
  // Fetch metadata is set by the browser and cannot be forged by a page.
  if (getHeader(headers, 'sec-fetch-site') === 'cross-site') {
    return policy.allowCrossSite && origin !== undefined && policy.allowedOrigins.has(origin);
  }
  // "null" (sandboxed frames, some redirects, file:) is never in the list: URL
  // validation at construction refuses it, so `has` answers false.
  if (origin !== undefined) return policy.allowedOrigins.has(origin);
  const referer = getHeader(headers, 'referer');
  if (referer !== undefined) return refererAllowed(referer, policy.allowedOrigins);
  return policy.allowNoOrigin;
}

function refererAllowed(referer: string, allowed: ReadonlySet<string>): boolean {
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}
