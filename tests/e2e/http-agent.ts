/**
 * A tiny HTTP agent for the contract suite: plain `fetch`, a cookie jar fed by
 * `Set-Cookie` (via `headers.getSetCookie()`), and a recorder that keeps every
 * secret the run has seen and every error body it has received, so one test
 * can assert that no error body ever echoes a token, a cookie or a password.
 */

/** One parsed `Set-Cookie` header: name, value, and attributes by lowercase name. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string | true>;
}

/** Parses `name=value; Attr; Attr=v` (attribute names lowercased). */
export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...attrs] = header.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const attributes = new Map<string, string | true>();
  for (const attr of attrs) {
    const i = attr.indexOf('=');
    if (i === -1) attributes.set(attr.toLowerCase(), true);
    else attributes.set(attr.slice(0, i).toLowerCase(), attr.slice(i + 1));
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
}

/** Secrets seen during a run, and every error body received. */
export class Recorder {
  readonly secrets = new Set<string>();
  readonly errorBodies: string[] = [];

  secret(value: string | undefined): void {
    if (value && value.length >= 8) this.secrets.add(value);
  }
}

/** What a request returns: status, headers, raw text, parsed JSON (if any), cookies set. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test replies are inspected field by field
  json: any;
  setCookies: SetCookie[];
}

export interface RequestOptions {
  method?: string;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Raw body, with the content type from `headers`. */
  body?: string;
  headers?: Record<string, string>;
  bearer?: string;
}

/** One client (a "device"): its own cookie jar against one origin. */
export class Agent {
  readonly jar = new Map<string, string>();

  constructor(
    readonly origin: string,
    private readonly recorder: Recorder,
    private readonly userAgent = 'tokenwarden-e2e',
  ) {}

  async request(path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    if (options.bearer !== undefined) {
      headers.authorization = `Bearer ${options.bearer}`;
      this.recorder.secret(options.bearer);
    }
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie && headers.cookie === undefined) headers.cookie = cookie;
    for (const [, value] of this.jar) this.recorder.secret(value);
    const response = await fetch(this.origin + path, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return this.receive(response);
  }

  post(path: string, options: RequestOptions = {}): Promise<Reply> {
    return this.request(path, { method: 'POST', ...options });
  }

  private async receive(response: Response): Promise<Reply> {
    const text = await response.text();
    const setCookies = response.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of setCookies) {
      this.recorder.secret(cookie.value);
      if (cookie.attributes.get('max-age') === '0') this.jar.delete(cookie.name);
      else this.jar.set(cookie.name, cookie.value);
    }
    const json = parseJson(text);
    if (typeof json?.accessToken === 'string') this.recorder.secret(json.accessToken);
    if (response.status >= 400) this.recorder.errorBodies.push(text);
    return { status: response.status, headers: response.headers, text, json, setCookies };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see Reply.json
function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The payload of a compact JWS, decoded without verification (for `sid`, `exp`). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}
