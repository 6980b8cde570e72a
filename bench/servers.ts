/**
 * The throwaway database servers of the bench, from the test harness
 * (tests/helpers/servers): started on a random 127.0.0.1 port, stopped at the
 * end of the run. Without the binaries the section is skipped with its
 * reason printed and written in the report, never silently; under CI
 * (`CI` set) a missing binary fails the run instead, as the tests do.
 */
import { MissingServerBinariesError, stopAllServers } from '../tests/helpers/servers/index.js';

/** A section that ran, or why it did not. */
export type Section<T> =
  | { readonly ran: true; readonly value: T }
  | { readonly ran: false; readonly reason: string };

/** Runs `body` on a server from `start`; stops every bench server afterwards, whatever happens. */
export async function withServer<S, T>(
  label: string,
  start: () => Promise<S>,
  body: (server: S) => Promise<T>,
): Promise<Section<T>> {
  let server: S;
  try {
    server = await start();
  } catch (error) {
    if (!(error instanceof MissingServerBinariesError) || process.env.CI) throw error;
    const reason = `${label} not measured: ${error.message}`;
    process.stderr.write(`bench: ${reason}\n`);
    return { ran: false, reason };
  }
  try {
    return { ran: true, value: await body(server) };
  } finally {
    await stopAllServers();
  }
}
