/**
 * The token from stdin (`inspect -`), so that it never lands in shell history.
 * Reading stops past {@link MAX_INPUT_BYTES}: an endless pipe cannot fill memory.
 * @module
 */
import { MAX_INPUT_BYTES } from './decode.js';
import { MalformedTokenError } from './exit-codes.js';

/** All of stdin as UTF-8, or a {@link MalformedTokenError} once it passes {@link MAX_INPUT_BYTES}. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > MAX_INPUT_BYTES) {
      throw new MalformedTokenError(`stdin holds more than ${MAX_INPUT_BYTES} bytes`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}
