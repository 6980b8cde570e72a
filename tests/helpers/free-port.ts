/**
 * A free TCP port on 127.0.0.1, for servers that must know their own origin
 * (issuer, allowed origins) before they listen: the e2e harness and the HTTP
 * bench. Loopback only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
