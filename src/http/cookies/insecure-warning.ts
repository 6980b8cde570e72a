// One warning per sink, not per cookie: a server builds cookies on every
// login, and the message is about the configuration, not the request.
const warned = new WeakSet<(message: string) => void>();

/**
 * Warns once per `warn` function that cookies are built without `Secure`.
 * The default sink is `console.warn`.
 */
export function warnInsecureOnce(warn: (message: string) => void = console.warn): void {
  if (warned.has(warn)) return;
  warned.add(warn);
  warn(
    'tokenwarden: cookies are built with secure: false. Browsers then send them over plain ' +
      'http, where anyone on the network can read them. Use this for local development only. ' +
      'Chromium treats http://localhost as a secure context, so Secure cookies (and the ' +
      '__Host-/__Secure- names) already work there in development.',
  );
}
