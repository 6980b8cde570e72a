/**
 * The demo page and its assets, shared by both apps. The browser imports the
 * client as `tokenwarden/client` through an import map; this serves the
 * package's own built file under that name.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** A static asset: content type and bytes. */
export interface Asset {
  type: string;
  body: string;
}

function load(path: string, type: string): Asset {
  return { type, body: readFileSync(path, 'utf8') };
}

/** The demo's assets by path, and the headers the page is served with. */
export interface DemoAssets {
  assets: Map<string, Asset>;
  pageHeaders: Record<string, string>;
}

/** Reads the page and its assets once, at start-up. */
export function loadAssets(): DemoAssets {
  const clientPath = require.resolve('tokenwarden/client').replace(/\.cjs$/, '.js');
  // bowser's one-file ES module, beside its CommonJS main (es5.js).
  const bowserPath = join(dirname(require.resolve('bowser')), 'bowser.mjs');
  const page = load(join(here, 'page/index.html'), 'text/html; charset=utf-8');
  const assets = new Map([
    ['/', page],
    ['/assets/demo.js', load(join(here, 'page/demo.js'), 'text/javascript; charset=utf-8')],
    [
      '/assets/mechanism.js',
      load(join(here, 'page/mechanism.js'), 'text/javascript; charset=utf-8'),
    ],
    ['/assets/step-up.js', load(join(here, 'page/step-up.js'), 'text/javascript; charset=utf-8')],
    ['/assets/demo.css', load(join(here, 'page/demo.css'), 'text/css; charset=utf-8')],
    ['/assets/favicon.svg', load(join(here, 'page/favicon.svg'), 'image/svg+xml')],
    ['/assets/tokenwarden-client.js', load(clientPath, 'text/javascript; charset=utf-8')],
    ['/assets/bowser.js', load(bowserPath, 'text/javascript; charset=utf-8')],
  ]);
  return { assets, pageHeaders: pageHeaders(page.body) };
}

// No inline script but the import map, allowed by its hash: an XSS would be
// the one way to reach the in-memory access token, so the page forbids it.
function pageHeaders(html: string): Record<string, string> {
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const hash = createHash('sha256').update(importMap).digest('base64');
  return {
    'content-security-policy': `default-src 'self'; script-src 'self' 'sha256-${hash}'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}
