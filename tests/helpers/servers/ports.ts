/**
 * Random free loopback ports for the servers. A Redis Cluster node also
 * listens on its cluster bus, at its port + 10000, so that one must be free
 * too (and below 65536).
 */
import { createServer } from 'node:net';
import { freePort } from '../free-port.js';

export const CLUSTER_BUS_OFFSET = 10_000;
const ATTEMPTS = 50;

/** A free 127.0.0.1 port whose cluster bus port (port + 10000) is free as well. */
export async function freeClusterPort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await freePort();
    if (port + CLUSTER_BUS_OFFSET > 65_535) continue;
    if (await isFree(port + CLUSTER_BUS_OFFSET)) return port;
  }
  throw new Error(`no free port with a free cluster bus port after ${ATTEMPTS} tries`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
