/**
 * The temporary directory a server keeps its data, socket and log in. On
 * Linux it is made on tmpfs (/dev/shm): the fault tests kill processes, not
 * the machine, so what they check survives there, and `fsync` and
 * `appendfsync always` stay on without waiting for a disk shared with
 * everything else on the machine.
 */
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TMPFS = '/dev/shm';

export function makeServerDir(kind: 'redis' | 'postgres'): string {
  return mkdtempSync(join(baseDir(), `tokenwarden-${kind}-`));
}

function baseDir(): string {
  try {
    accessSync(TMPFS, constants.W_OK);
    return TMPFS;
  } catch {
    return tmpdir();
  }
}
