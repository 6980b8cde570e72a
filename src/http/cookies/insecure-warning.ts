import { COOKIE_NAMES } from '../../core/constants.js';

// One warning per sink, not per cookie: a server builds cookies on every
// login, and the message is about the configuration, not the request.
const warned = new WeakSet<(message: string) => void>();

/**
 * The one-time warning's text: what `secure: false` costs, and that the
 * default cookie names lose their `__Secure-`/`__Host-` prefix ("__Secure-tw-refresh
 * is tw-refresh, …"), which a client or proxy rule looking for the prefixed
 * names would otherwise miss. Built when needed, so an app that never warns
 * does not bundle the work.
 */
export function insecureCookiesWarning(): string {
  const renames = Object.values(COOKIE_NAMES)
    .map((name) => `${name.secure} is ${name.insecure}`)
    .join(', ');
  return (
    'tokenwarden: cookies are built with secure: false. Browsers then send them over plain ' +
    'http, where anyone on the network can read them. Use this for local development only. ' +
    `The default cookie names lose their prefix, which needs Secure: ${renames}. ` +
    'Chromium treats http://localhost as a secure context, so Secure cookies (and the ' +
    '__Host-/__Secure- names) already work there in development.'
  );
}

/**
 * Warns once per `warn` function that cookies are built without `Secure`.
 * The default sink is `console.warn`.
 */
export function warnInsecureOnce(warn: (message: string) => void = console.warn): void {
  if (warned.has(warn)) return;
  warned.add(warn);
  warn(insecureCookiesWarning());
}
