import { COOKIE_NAMES } from '../../core/constants.js';

// One warning per sink, not per cookie: a server builds cookies on every
// login, and the message is about the configuration, not the request.
const warned = new WeakSet<(message: string) => void>();

// "__Secure-tw-refresh is tw-refresh, …": the renames a client or a proxy
// rule that looks for the prefixed names would otherwise miss.
const RENAMES = Object.values(COOKIE_NAMES)
  .map((name) => `${name.secure} is ${name.insecure}`)
  .join(', ');

/**
 * The one-time warning's text: what `secure: false` costs, and that the
 * default cookie names lose their `__Secure-`/`__Host-` prefix.
 */
export const INSECURE_COOKIES_WARNING =
  'tokenwarden: cookies are built with secure: false. Browsers then send them over plain ' +
  'http, where anyone on the network can read them. Use this for local development only. ' +
  `The default cookie names lose their prefix, which needs Secure: ${RENAMES}. ` +
  'Chromium treats http://localhost as a secure context, so Secure cookies (and the ' +
  '__Host-/__Secure- names) already work there in development.';

/**
 * Warns once per `warn` function that cookies are built without `Secure`.
 * The default sink is `console.warn`.
 */
export function warnInsecureOnce(warn: (message: string) => void = console.warn): void {
  if (warned.has(warn)) return;
  warned.add(warn);
  warn(INSECURE_COOKIES_WARNING);
}
