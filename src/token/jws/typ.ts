/**
 * `typ` comparison per RFC 7515 §4.1.9: media types compare case-insensitively
 * (RFC 2045 §5.1) and a value without "/" means "application/" + value.
 * @module
 */

/** The canonical form of a `typ` value, e.g. `at+JWT` → `application/at+jwt`. */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.includes('/') ? lower : `application/${lower}`;
}
