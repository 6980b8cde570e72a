/**
 * How a verified-token cache reaches the verifier it was given to. The
 * verifier only looks its option up here; the cached pipeline lives with
 * `createVerifierCache`, so an app that never creates a cache never bundles it.
 * @module
 */
import type { VerifiedJwt, VerifyConfig } from './verify-jwt.js';

/** One verification through a verifier's pipeline. */
export type VerifyRun = (token: unknown) => VerifiedJwt | Promise<VerifiedJwt>;

/** Puts a cache in front of `uncached`, the pipeline of the verifier configured by `config`. */
export type AttachCache = (config: VerifyConfig, uncached: VerifyRun) => VerifyRun;

const attachments = /* @__PURE__ */ new WeakMap<object, AttachCache>();

/** Called by `createVerifierCache` for each cache it makes. */
export function registerCache(cache: object, attach: AttachCache): void {
  attachments.set(cache, attach);
}

/**
 * Checks the verifier's `cache` option: `undefined` for none, a `TypeError`
 * naming `option` for anything but a cache.
 */
export function cacheAttachment(value: unknown, option = 'cache'): AttachCache | undefined {
  if (value === undefined) return undefined;
  const attach = typeof value === 'object' && value !== null ? attachments.get(value) : undefined;
  if (attach === undefined) {
    throw new TypeError(
      `tokenwarden: ${option} must come from createVerifierCache({ maxEntries }), e.g. ${option}: createVerifierCache({ maxEntries: 10_000 })`,
    );
  }
  return attach;
}
