/**
 * The client's address for the login counters, read the way each runtime's
 * server hands it to Hono: from Node's socket (`@hono/node-server`) or from
 * `Bun.serve`'s server. Never from a header: the example trusts no proxy.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { ClientAddress } from './login-limits.js';

/** On Node, under `@hono/node-server`. */
export const nodeClientAddress: ClientAddress = (c: Context) => getConnInfo(c).remote.address ?? '';

/** On Bun, under `Bun.serve({ fetch: app.fetch })`; `hono/bun` needs Bun's global, so it loads only there. */
export async function bunClientAddress(): Promise<ClientAddress> {
  const { getConnInfo: bunConnInfo } = await import('hono/bun');
  return (c: Context) => bunConnInfo(c).remote.address ?? '';
}
