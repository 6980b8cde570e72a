import type { ClaimFailureReason } from '../../core/errors.js';
import { getHeader, type HeaderSource } from '../headers.js';

/** What the Origin/Referer/Sec-Fetch-Site check lets through. */
export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
  allowNoOrigin: boolean;
  allowCrossSite: boolean;
}

/**
 * Why a request was refused: the request header that failed, how it failed,
 * and a message naming the setting to change. Every message is a constant:
 * the request's own header values are never echoed into a response.
 */
export interface CsrfRefusal {
  readonly header: string;
  readonly reason: ClaimFailureReason;
  readonly message: string;
}

// Plain literals, no template substitutions: bundlers keep a module-level
// template with a substitution even when nothing imports it.
const REFUSALS = {
  crossSite: {
    header: 'sec-fetch-site',
    reason: 'check_failed',
    message:
      'Cross-site request refused: Sec-Fetch-Site is cross-site (localhost and 127.0.0.1 are different sites). Serve the page from the same site and list its origin in `origins` (createAuth); createCsrfGuard also takes `allowCrossSite`.',
  },
  nullOrigin: {
    header: 'origin',
    reason: 'invalid',
    message:
      'Cross-site request refused: Origin is "null" (a sandboxed frame, file: page or redirect), never allowed.',
  },
  originNotListed: {
    header: 'origin',
    reason: 'check_failed',
    message:
      "Cross-site request refused: Origin not allowed. List the page's origin in `origins` (createAuth) or `allowedOrigins` (createCsrfGuard).",
  },
  refererNotListed: {
    header: 'referer',
    reason: 'check_failed',
    message:
      "Cross-site request refused: no Origin, and the Referer's origin is not allowed. List it in `origins` (createAuth) or `allowedOrigins` (createCsrfGuard).",
  },
  refererInvalid: {
    header: 'referer',
    reason: 'invalid',
    message: 'Cross-site request refused: no Origin, and the Referer is not a URL.',
  },
  noOrigin: {
    header: 'origin',
    reason: 'missing',
    message:
      'Cross-site request refused: neither Origin nor Referer, and `allowNoOrigin` is false.',
  },
} as const satisfies Record<string, CsrfRefusal>;

/**
 * Why a state-changing request may not proceed as far as its origin goes
 * (OWASP CSRF cheat sheet, "Verifying Origin With Standard Headers"), or
 * `undefined` when it may.
 */
export function originRefusal(
  headers: HeaderSource,
  policy: OriginPolicy,
): CsrfRefusal | undefined {
  const origin = getHeader(headers, 'origin');
  // Fetch metadata is set by the browser and cannot be forged by a page.
  if (getHeader(headers, 'sec-fetch-site') === 'cross-site') {
    const allowed =
      policy.allowCrossSite && origin !== undefined && policy.allowedOrigins.has(origin);
    return allowed ? undefined : REFUSALS.crossSite;
  }
  // "null" (sandboxed frames, some redirects, file:) is never in the list: URL
  // validation at construction refuses it.
  if (origin === 'null') return REFUSALS.nullOrigin;
  if (origin !== undefined) {
    return policy.allowedOrigins.has(origin) ? undefined : REFUSALS.originNotListed;
  }
  const referer = getHeader(headers, 'referer');
  if (referer !== undefined) return refererRefusal(referer, policy.allowedOrigins);
  return policy.allowNoOrigin ? undefined : REFUSALS.noOrigin;
}

function refererRefusal(referer: string, allowed: ReadonlySet<string>): CsrfRefusal | undefined {
  let origin: string;
  try {
    origin = new URL(referer).origin;
  } catch {
    return REFUSALS.refererInvalid;
  }
  return allowed.has(origin) ? undefined : REFUSALS.refererNotListed;
}
