/**
 * The client in real headless Chromium: two tabs (pages of one context) share
 * the refresh cookie, Web Locks and BroadcastChannel, as in a real browser.
 */
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthClient } from '../../src/client/index.js';
import { startFixture } from './fixture-server.js';
import type { Fixture } from './fixture-server.js';
import { CHROMIUM_LAUNCH } from '../helpers/chromium.js';

type TabWindow = { auth: AuthClient; events: string[]; ready?: boolean };

const PAGE = `<!doctype html><meta charset="utf-8"><title>client test</title>
<script type="module">
  import { createAuthClient } from '/client.js';
  window.events = [];
  window.auth = createAuthClient({ onSessionEnd: (reason) => window.events.push(reason) });
  window.ready = true;
</script>`;

let server: Fixture;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: ['src/client/index.ts'],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'neutral',
    write: false,
  });
  server = await startFixture({
    files: {
      '/': { type: 'text/html; charset=utf-8', body: PAGE },
      '/client.js': { type: 'text/javascript', body: bundle.outputFiles[0]!.text },
    },
  });
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  server.knobs.refreshDelayMs = 0;
});

afterEach(async () => {
  await context.close();
});

async function openTab(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => (window as unknown as TabWindow).ready === true);
  return page;
}

const login = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as TabWindow).auth.login({ username: 'alice', password: 'alice-password' }),
  );
const tokenOf = (page: Page) =>
  page.evaluate(() => (window as unknown as TabWindow).auth.getAccessToken());
const loggedIn = (page: Page) =>
  page.evaluate(() => (window as unknown as TabWindow).auth.isLoggedIn());
const refreshes = () => server.counts['/auth/refresh'] ?? 0;

describe('two tabs in Chromium', () => {
  it('has the cross-tab APIs this suite relies on', async () => {
    const tab = await openTab();
    expect(await tab.evaluate(() => 'locks' in navigator && 'BroadcastChannel' in window)).toBe(
      true,
    );
  });

  it('sends exactly one refresh when both tabs refresh at the same moment', async () => {
    const [one, two] = [await openTab(), await openTab()];
    await login(one);
    await two.waitForFunction(() => (window as unknown as TabWindow).auth.isLoggedIn());
    // Slow refreshes: a second request would overlap and replay the rotated cookie.
    server.knobs.refreshDelayMs = 200;
    const before = refreshes();

    // Tab two starts the moment tab one's signal arrives, while tab one starts too.
    await two.evaluate(() => {
      const w = window as unknown as TabWindow & { started?: Promise<void> };
      const go = new BroadcastChannel('test-go');
      w.started = new Promise((resolve) => {
        go.onmessage = () => resolve(w.auth.refresh());
      });
    });
    await one.evaluate(() => {
      new BroadcastChannel('test-go').postMessage('go');
      return (window as unknown as TabWindow).auth.refresh();
    });
    await two.evaluate(() => (window as unknown as { started: Promise<void> }).started);

    expect(refreshes()).toBe(before + 1);
    expect(await tokenOf(one)).toBe(await tokenOf(two));
    expect(await loggedIn(one)).toBe(true);
    expect(await loggedIn(two)).toBe(true);
  });

  it('sends exactly one refresh when two freshly loaded tabs both need a token', async () => {
    const seed = await openTab();
    await login(seed);
    await seed.close();
    const [one, two] = [await openTab(), await openTab()];
    server.knobs.refreshDelayMs = 200;
    const before = refreshes();

    const [a, b] = await Promise.all([tokenOf(one), tokenOf(two)]);

    expect(refreshes()).toBe(before + 1);
    expect(a).toBeTruthy();
    expect(a).toBe(b);
  });

  it('ends the session in the other tab on logout', async () => {
    const [one, two] = [await openTab(), await openTab()];
    await login(one);
    await two.waitForFunction(() => (window as unknown as TabWindow).auth.isLoggedIn());

    await one.evaluate(() => (window as unknown as TabWindow).auth.logout());
    await two.waitForFunction(() => !(window as unknown as TabWindow).auth.isLoggedIn());
    const before = refreshes();

    expect(await two.evaluate(() => (window as unknown as TabWindow).events)).toEqual(['logout']);
    expect(await tokenOf(two)).toBeNull();
    expect(refreshes()).toBe(before);
  });

  it('keeps the access token out of localStorage, sessionStorage and document.cookie', async () => {
    const tab = await openTab();
    await login(tab);
    const token = await tokenOf(tab);
    const stored = await tab.evaluate(() => {
      const dump = (storage: Storage) =>
        Array.from({ length: storage.length }, (_, i) => {
          const key = storage.key(i) ?? '';
          return `${key}=${storage.getItem(key)}`;
        }).join('\n');
      return [dump(localStorage), dump(sessionStorage), document.cookie].join('\n');
    });

    expect(token).toMatch(/^at-/);
    expect(stored).not.toContain(token);
    // The refresh cookie is HttpOnly: scripts cannot see it either.
    expect(stored).not.toContain('rt=');
  });
});
