/**
 * The Express example behind a recorder: every exchange the server saw, with
 * its status and error code, so browser tests assert on what reached the
 * server rather than on what the page reports.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createExpressApp } from '../../examples/express/app.js';
import { createExampleSetup } from '../../examples/shared/auth-setup.js';
import { exampleEnv } from '../helpers/example-env.js';

/** One request as the server answered it. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** `error.code` of a JSON error body, if any. */
  code: string | undefined;
  origin: string | undefined;
  /** Whether a `Cookie` header came with the request. */
  hadCookie: boolean;
}

export interface RecordedExample {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  exchanges: Exchange[];
  /** Exchanges on `path`, optionally with `status`. */
  seen(path: string, status?: number): Exchange[];
  close(): Promise<void>;
}

/** Starts the Express example on a free loopback port with `env`, recording every exchange. */
export async function startRecordedExpress(
  env: Record<string, string>,
  clock?: () => number,
): Promise<RecordedExample> {
  const exchanges: Exchange[] = [];
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    record(req, res, exchanges);
    app!(req, res);
  });
  // Listening first gives the port the app needs for its own origin, with no race.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const setup = await createExampleSetup(exampleEnv(port, env), clock ? { clock } : {});
  app = createExpressApp(setup);
  return {
    origin: `http://127.0.0.1:${port}`,
    exchanges,
    seen: (path, status) =>
      exchanges.filter((e) => e.path === path && (status === undefined || e.status === status)),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await setup.close();
    },
  };
}

function record(req: IncomingMessage, res: ServerResponse, into: Exchange[]): void {
  // Read now: Express rewrites req.url inside mounted routers.
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  res.on('finish', () => {
    into.push({
      method: req.method ?? '',
      path,
      status: res.statusCode,
      code: errorCode(Buffer.concat(chunks).toString('utf8')),
      origin: req.headers.origin,
      hadCookie: Boolean(req.headers.cookie),
    });
  });
}

function errorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
