/**
 * The option checks every framework glue shares, so each fails at start-up
 * with the same clear `TypeError`.
 * @module
 */
import type { Auth } from './types.js';

/**
 * Throws unless `options` holds a `createAuth()` object and a `verifyCredentials` function.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export function assertGlueOptions(
  options: { auth?: Auth; verifyCredentials?: unknown } | undefined,
  glue: string,
): void {
  if (!options || typeof options.auth?.authenticate !== 'function') {
    throw new TypeError(
      `tokenwarden: the ${glue} needs \`auth\`, the object createAuth() returned`,
    );
  }
  if (typeof options.verifyCredentials !== 'function') {
    throw new TypeError(`tokenwarden: the ${glue} needs a \`verifyCredentials\` function`);
  }
}

/** Throws when `verifyStepUp` is given but is not a function. */
export function assertStepUpOption(
  options: { verifyStepUp?: unknown } | undefined,
  glue: string,
): void {
  const verify = options?.verifyStepUp;
  if (verify !== undefined && typeof verify !== 'function') {
    throw new TypeError(`tokenwarden: the ${glue}'s \`verifyStepUp\` must be a function`);
  }
}
