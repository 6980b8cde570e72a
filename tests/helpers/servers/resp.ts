/**
 * One Redis command over a fresh loopback connection, for readiness and
 * cluster checks without a client library. Reads the RESP2 replies those
 * commands give: simple strings, errors, integers and bulk strings.
 */
import { connect } from 'node:net';

export type RespReply = string | number | null;

export class RespError extends Error {
  override readonly name = 'RespError';
}

export function redisCommand(
  port: number,
  args: readonly string[],
  timeoutMs = 1000,
): Promise<RespReply> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffer = Buffer.alloc(0);
    const finish = (error: Error | null, reply?: RespReply) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(reply ?? null);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no reply within ${timeoutMs} ms`)));
    socket.once('error', (error) => finish(error));
    socket.once('end', () => finish(new Error('connection closed before a reply')));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        const parsed = parseReply(buffer);
        if (parsed) finish(null, parsed.reply);
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.write(encode(args));
  });
}

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** The reply once complete, undefined while more bytes are needed; error replies throw. */
function parseReply(buffer: Buffer): { reply: RespReply } | undefined {
  const lineEnd = buffer.indexOf('\r\n');
  if (lineEnd < 0) return undefined;
  const line = buffer.toString('utf8', 1, lineEnd);
  switch (String.fromCharCode(buffer[0]!)) {
    case '+':
      return { reply: line };
    case '-':
      throw new RespError(line);
    case ':':
      return { reply: Number(line) };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null };
      const start = lineEnd + 2;
      if (buffer.length < start + length + 2) return undefined;
      return { reply: buffer.toString('utf8', start, start + length) };
    }
    default:
      throw new RespError(`unsupported reply type: ${line.slice(0, 40)}`);
  }
}
