/**
 * Checks that caller claims survive JSON unchanged, so what is signed is what
 * the caller meant: no `undefined`, functions, symbols, bigints, `NaN`,
 * `Infinity`, class instances (such as `Date`) or cycles.
 * @module
 */

/** Throws a `TypeError` naming the first claim that is not plain JSON. */
export function assertJsonClaims(claims: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(claims)) {
    if (!isJson(value, new Set())) {
      throw new TypeError(`tokenwarden: claim ${JSON.stringify(name)} is not JSON-serialisable`);
    }
  }
}

function isJson(value: unknown, seen: Set<object>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (seen.has(value)) return false;
  seen.add(value);
  const ok = Array.isArray(value)
    ? value.every((item) => isJson(item, seen))
    : isPlainObject(value) && Object.values(value).every((item) => isJson(item, seen));
  seen.delete(value);
  return ok;
}

/** An object literal or a null-prototype object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
