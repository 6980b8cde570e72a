/**
 * The rotation-engine options `createAuth` accepts and hands down to the
 * engine, as one list: the `AuthOptions` type is derived from it, and the
 * facade picks exactly these names, so the two cannot drift apart. The
 * durations among them (`refreshTtl`, `absoluteTtl`, `reuseGrace`) are
 * resolved by the facade first, so an error names the option as written.
 * @module
 */

/** The names, in the order the engine documents them. */
export const SESSION_OPTION_NAMES = [
  'store',
  'clock',
  'refreshTtl',
  'absoluteTtl',
  'reuseGrace',
  'maxGraceReplays',
  'reuseLookback',
  'onReuse',
  'rotationKey',
  'deviceBinding',
  'refreshPolicy',
  'accessRevocation',
  'versionCacheTtl',
] as const;

/**
 * A rotation-engine option `createAuth` passes through.
 *
 * @example
 * ```ts
 * const name: SessionOptionName = 'reuseGrace';
 * ```
 */
export type SessionOptionName = (typeof SESSION_OPTION_NAMES)[number];

/** The options of `source` named in `names`, leaving out those that are `undefined`. */
export function pickDefined<T extends object, K extends keyof T>(
  source: T,
  names: readonly K[],
): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const name of names) if (source[name] !== undefined) out[name] = source[name];
  return out;
}
