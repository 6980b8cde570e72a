/**
 * HTTP/1.1 over a bare `node:net` socket, for requests a client library
 * refuses to send: an undecodable URL, a malformed header, a header larger
 * than the server allows, a body cut off half-way.
 */
import { connect } from 'node:net';

/** A response as read off the wire. */
export interface RawReply {
  status: number;
  /** Header names lowercased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  /** Everything received, status line included. */
  raw: string;
}

/** Sends `request` verbatim and reads until the server closes the connection. */
export function rawRequest(port: number, request: string | Buffer): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(request);
  });
}

/**
 * Sends the head of a request promising `promised` body bytes, a part of the
 * body, then resets the connection: a client that gives up mid-upload.
 */
export async function abortedUpload(
  port: number,
  head: string,
  promised: number,
  sent: string,
): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  socket.write(`${head}content-length: ${promised}\r\n\r\n${sent}`);
  // Let the server start reading the body before the reset.
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.resetAndDestroy();
}

/** One request line and headers, `connection: close`, and an optional body. */
export function requestText(
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body = '',
): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function parse(raw: string): RawReply {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) throw new Error(`no complete response: ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body = raw.slice(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  return { status, headers, body, raw };
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
