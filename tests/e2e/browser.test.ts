/**
 * The demo page (examples/shared/page) in real headless Chromium against the
 * Express example: login through the form, where the tokens live, silent
 * refresh, two tabs, logout across tabs, and a cross-site page that tries to
 * use the refresh cookie. Time is Playwright's clock in the browser and an
 * injected clock on the server, moved together, so no test waits out a TTL;
 * one Fastify case runs on real time to show the browser's own timers refresh.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_LAUNCH } from '../helpers/chromium.js';
import { useSharedClock } from './browser-clock.js';
import { startExample } from './harness.js';
import { type RecordedExample, startRecordedExpress } from './recorded-example.js';

// Two seconds: the client refreshes ahead at half the lifetime, every second.
const ACCESS_TTL_MS = 2000;
const OUTPUT = join(process.cwd(), 'test-results');
// The README's screenshots are rewritten only on request (`npm run screenshots`):
// a plain test run must leave the working tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(process.cwd(), 'docs/screenshots')
  : join(OUTPUT, 'screenshots');

async function screenshotPath(name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the demo page and waits until it has decided whether a session exists. */
async function openDemo(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.locator('#login-form:not([hidden]), #session:not([hidden])').waitFor();
  return page;
}

/** Logs in through the form; resolves with the access token the server returned. */
async function logInThroughForm(page: Page): Promise<string> {
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('alice-password');
  const [response] = await Promise.all([
    page.waitForResponse((res) => new URL(res.url()).pathname === '/auth/login'),
    page.getByRole('button', { name: 'Log in' }).click(),
  ]);
  await signedIn(page);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function signedIn(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Signed in as alice (admin)' }).waitFor();
  await page.locator('#sessions tbody tr').first().waitFor();
}

/** Clicks a button the way a user would: in the tab they are looking at. */
async function press(page: Page, name: string): Promise<void> {
  // A background tab gets no animation frames, which the click's stability check waits for.
  await page.bringToFront();
  await page.getByRole('button', { name, exact: true }).click();
}

/** Clicks "Who am I" and resolves once the page shows a fresh answer (or an error). */
async function whoAmI(page: Page): Promise<{ me: string; status: string }> {
  await page.locator('#me').evaluate((el) => {
    el.textContent = '';
  });
  await press(page, 'Who am I');
  await page.locator('#me:not(:empty), #status:not(:empty)').waitFor();
  return {
    me: (await page.locator('#me').textContent()) ?? '',
    status: (await page.locator('#status').textContent()) ?? '',
  };
}

describe('the demo page in Chromium (Express example)', () => {
  let app: RecordedExample;
  let foreign: { origin: string; close(): Promise<void> };
  const clock = useSharedClock(() => browser);

  beforeAll(async () => {
    app = await startRecordedExpress(
      // No grace window: two tabs sending the same cookie would be caught as reuse.
      { ACCESS_TTL: String(ACCESS_TTL_MS / 1000), REUSE_GRACE: '0' },
      () => clock.now(),
    );
    foreign = await startForeignSite();
  });

  afterAll(async () => {
    await app?.close();
    await foreign?.close();
  });

  /** Refresh exchanges the server answered after `mark` (an index into its log). */
  const refreshesSince = (mark: number) =>
    app.exchanges.slice(mark).filter((e) => e.path === '/auth/refresh');

  /** Waits until the server has answered `count` refreshes after `mark`. */
  async function refreshed(mark: number, count: number): Promise<void> {
    const deadline = Date.now() + 5000;
    while (refreshesSince(mark).length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} refreshes`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('logs in through the form and lists one current session; screenshot', async () => {
    const page = await openDemo(clock.context, app.origin);
    await logInThroughForm(page);

    const rows = page.locator('#sessions tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('class')).toBe('current');
    expect(await rows.first().getByRole('button').textContent()).toBe('This device');
    expect(await page.locator('#login-form').isHidden()).toBe(true);
    expect(await page.locator('#status').textContent()).toBe('');

    await mkdir(OUTPUT, { recursive: true });
    const path = join(OUTPUT, 'demo-after-login.png');
    await page.screenshot({ path, fullPage: true });
    const png = await readFile(path);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('keeps both tokens out of script reach: no readable cookie, nothing in storage', async () => {
    const page = await openDemo(clock.context, app.origin);
    const accessToken = await logInThroughForm(page);
    const refresh = (await clock.context.cookies(`${app.origin}/auth/refresh`)).find(
      (c) => c.path === '/auth',
    );
    // The cookie exists (so the checks below can fail) and is locked down.
    expect(refresh).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/auth',
    });
    const secrets = [refresh!.name, refresh!.value, accessToken];

    const readable = async (at: Page) =>
      at.evaluate(() => {
        const dump = (s: Storage) => Object.entries({ ...s }).flat();
        return [document.cookie, ...dump(localStorage), ...dump(sessionStorage)].join('\n');
      });
    // Under /auth a non-HttpOnly cookie with Path=/auth would be visible: look there too.
    const underAuth = await clock.context.newPage();
    await underAuth.goto(`${app.origin}/auth/not-a-route`);
    for (const text of [await readable(page), await readable(underAuth)]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('keeps working through silent refresh while the access token expires every 2 s', async () => {
    const page = await openDemo(clock.context, app.origin);
    await logInThroughForm(page);
    const mark = app.exchanges.length;

    // Twice the first token's lifetime passes; each second the refresh-ahead timer fires.
    for (let step = 1; step <= 4; step++) {
      await clock.advance(ACCESS_TTL_MS / 2);
      await refreshed(mark, step);
      const { me, status } = await whoAmI(page);
      expect(status).toBe('');
      expect(JSON.parse(me)).toMatchObject({ username: 'alice', role: 'admin' });
    }
    const after = app.exchanges.slice(mark);
    expect(refreshesSince(mark).map((e) => e.status)).toEqual([200, 200, 200, 200]);
    // Refreshed ahead of expiry: no request ever went out with an expired token.
    expect(after.filter((e) => e.path === '/api/me').map((e) => e.status)).toEqual([
      200, 200, 200, 200,
    ]);
  });

  it('two tabs whose refresh timers fire at the same moment send one refresh and stay in', async () => {
    const one = await openDemo(clock.context, app.origin);
    await logInThroughForm(one);
    // Tab two restores the session from the cookie and shares its token with tab one.
    const two = await openDemo(clock.context, app.origin);
    await signedIn(two);
    const mark = app.exchanges.length;

    await clock.advance(ACCESS_TTL_MS / 2);
    await refreshed(mark, 1);
    for (const tab of [one, two]) expect((await whoAmI(tab)).status).toBe('');
    // Both tabs' timers fired together; a second request with the same cookie
    // would have been REFRESH_TOKEN_REUSED with the grace window off.
    expect(refreshesSince(mark).map((e) => e.status)).toEqual([200]);
  });

  it('two tabs reloaded at once both restore the session without a reuse', async () => {
    const one = await openDemo(clock.context, app.origin);
    await logInThroughForm(one);
    const two = await openDemo(clock.context, app.origin);
    await signedIn(two);
    const mark = app.exchanges.length;
    await Promise.all([one.reload(), two.reload()]);
    await Promise.all([signedIn(one), signedIn(two)]);
    for (const tab of [one, two]) expect((await whoAmI(tab)).status).toBe('');
    const refreshes = refreshesSince(mark);
    expect(refreshes.length).toBeGreaterThan(0);
    expect(refreshes.every((e) => e.status === 200)).toBe(true);
    expect(app.exchanges.slice(mark).some((e) => e.code === 'REFRESH_TOKEN_REUSED')).toBe(false);
  });

  it('logging out in one tab ends the session in the other', async () => {
    const one = await openDemo(clock.context, app.origin);
    await logInThroughForm(one);
    const two = await openDemo(clock.context, app.origin);
    await signedIn(two);

    // The page ends the session in every tab before the server answers: wait for the answer.
    await Promise.all([
      one.waitForResponse((res) => new URL(res.url()).pathname === '/auth/logout'),
      press(one, 'Log out'),
    ]);
    await two.locator('#login-form').waitFor();
    expect(await two.locator('#session').isHidden()).toBe(true);
    expect(await two.locator('#status').textContent()).toBe('You are signed out.');
    expect(app.seen('/auth/logout').map((e) => e.status)).toContain(204);

    // The server ended it too: a reload finds no session to restore.
    await two.reload();
    await two.locator('#login-form').waitFor();
    expect(await two.locator('#session').isHidden()).toBe(true);
  });

  it('a page on another site cannot use the refresh cookie', async () => {
    const own = await openDemo(clock.context, app.origin);
    await logInThroughForm(own);
    const mark = app.exchanges.length;

    const attacker = await clock.context.newPage();
    await attacker.goto(`${foreign.origin}/`);
    const results = await attacker.evaluate(async (target) => {
      const attempt = async (mode: RequestMode) => {
        try {
          const res = await fetch(target, { method: 'POST', credentials: 'include', mode });
          return `${res.type} ${res.status} ${await res.text()}`;
        } catch (err) {
          return `rejected ${(err as Error).name}`;
        }
      };
      return [await attempt('cors'), await attempt('no-cors')];
    }, `${app.origin}/auth/refresh`);
    // The classic CSRF: a cross-site form posted by top-level navigation.
    await Promise.all([
      attacker.waitForURL(`${app.origin}/auth/refresh`),
      attacker.evaluate((target) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = target;
        document.body.append(form);
        form.submit();
      }, `${app.origin}/auth/refresh`),
    ]);

    // The page got no token: the CORS read failed, the no-cors response is opaque.
    expect(results).toEqual(['rejected TypeError', 'opaque 0 ']);
    expect(await attacker.content()).not.toContain('accessToken');
    // What the server saw: three refusals, without the SameSite=Strict cookie.
    const attempts = refreshesSince(mark);
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) {
      expect(attempt).toMatchObject({
        status: 403,
        code: 'CSRF_FAILED',
        origin: foreign.origin,
        hadCookie: false,
      });
    }
    // The refusals did not end the real session.
    expect((await whoAmI(own)).status).toBe('');
  });
});

describe('the demo page in Chromium (Fastify example, real time)', () => {
  it('logs in and refreshes silently on the browser’s own timers', async () => {
    const app = await startExample('fastify', { ACCESS_TTL: String(ACCESS_TTL_MS / 1000) });
    const context = await browser.newContext();
    context.setDefaultTimeout(5000);
    try {
      const page = await openDemo(context, app.origin);
      const refreshes: number[] = [];
      page.on('response', (res) => {
        if (new URL(res.url()).pathname === '/auth/refresh') refreshes.push(res.status());
      });
      await logInThroughForm(page);
      const loggedInAt = Date.now();

      // Past the first token's lifetime: only a refreshed token can answer.
      await page.waitForResponse((res) => new URL(res.url()).pathname === '/auth/refresh');
      await page.waitForResponse((res) => new URL(res.url()).pathname === '/auth/refresh');
      await page.waitForTimeout(Math.max(0, loggedInAt + ACCESS_TTL_MS + 100 - Date.now()));
      const { me, status } = await whoAmI(page);
      expect(status).toBe('');
      expect(JSON.parse(me)).toMatchObject({ username: 'alice', role: 'admin' });
      expect(refreshes.length).toBeGreaterThanOrEqual(2);
      expect(refreshes.every((s) => s === 200)).toBe(true);
    } finally {
      await context.close();
      await app.close();
    }
  });
});

/** A page on `http://localhost:PORT`: another site than the app on 127.0.0.1. */
async function startForeignSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><meta charset="utf-8"><title>elsewhere</title><body></body>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the demo page signs out what the server revoked, and shows throttling (Express)', () => {
  let app: RecordedExample;

  beforeAll(async () => {
    app = await startRecordedExpress({ LOGIN_LIMIT_PER_USERNAME: '3' });
  });
  afterAll(() => app?.close());

  it('a device revoked by "Log out everywhere" elsewhere looks signed out; screenshot', async () => {
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    try {
      laptop.setDefaultTimeout(5000);
      phone.setDefaultTimeout(5000);
      const revoked = await openDemo(laptop, app.origin);
      await logInThroughForm(revoked);
      const other = await openDemo(phone, app.origin);
      await logInThroughForm(other);
      await press(other, 'Log out everywhere');
      await other.locator('#login-form').waitFor();

      await press(revoked, 'Who am I');
      await revoked.locator('#login-form').waitFor();
      expect(await revoked.locator('#session').isHidden()).toBe(true);
      expect(await revoked.locator('#status').textContent()).toMatch(/session was revoked/);
      expect(app.seen('/api/me', 401).map((e) => e.code)).toContain('TOKEN_REVOKED');
      // Neutral, not error red.
      const color = await revoked.locator('#status').evaluate((el) => getComputedStyle(el).color);
      expect(color).not.toBe('rgb(161, 42, 42)');
      await revoked.screenshot({ path: await screenshotPath('signed-out.png') });
    } finally {
      await laptop.close();
      await phone.close();
    }
  });

  it('shows the throttling message after too many wrong passwords', async () => {
    const context = await browser.newContext();
    try {
      context.setDefaultTimeout(5000);
      const page = await openDemo(context, app.origin);
      await page.getByLabel('Username').fill('bob');
      await page.getByLabel('Password').fill('wrong-password');
      for (let i = 0; i < 4; i++) {
        await page.locator('#status').evaluate((el) => {
          el.textContent = '';
        });
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.locator('#status:not(:empty)').waitFor();
      }
      expect(await page.locator('#status').textContent()).toMatch(/Too many login attempts/);
      expect(app.seen('/auth/login', 429)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});

describe('the demo page shows the mechanism, and "Simulate theft" with DEMO_MODE=1 (Express)', () => {
  let app: RecordedExample;
  const clock = useSharedClock(() => browser, Date.parse('2031-03-01T10:00:00Z'));

  beforeAll(async () => {
    // A 60 s token, so the countdown reads in whole seconds; no grace window,
    // so the replay right after a refresh is reuse, not a tolerated race.
    app = await startRecordedExpress({ ACCESS_TTL: '60', REUSE_GRACE: '0', DEMO_MODE: '1' }, () =>
      clock.now(),
    );
  });
  afterAll(() => app?.close());

  const logKinds = (page: Page) =>
    page
      .locator('#event-log li')
      .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.kind));

  it('counts the access token down, refreshes on "Refresh now" and logs both; screenshot', async () => {
    const page = await openDemo(clock.context, app.origin);
    await logInThroughForm(page);
    await clock.advance(1000);
    await expect.poll(() => page.locator('#countdown').textContent()).toBe('59 s');
    await clock.advance(10_000);
    await expect.poll(() => page.locator('#countdown').textContent()).toBe('49 s');

    // From the keyboard: the button takes focus and Enter presses it.
    await page.getByRole('button', { name: 'Refresh now', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => logKinds(page)).toEqual(['refresh', 'login']);
    await expect.poll(() => page.locator('#countdown').textContent()).toBe('60 s');
    const [refresh, login] = await page.locator('#event-log li').allTextContents();
    const sid = /session (…\S+?)[,:]/.exec(login!)?.[1];
    expect(sid).toBeDefined();
    // The same session, a new access token: old → new.
    expect(refresh).toContain(`session ${sid}`);
    const [, from, to] = /access token (…\S+) → (…\S+),/.exec(refresh!) ?? [];
    expect(login).toContain(`access token ${from}`);
    expect(to).not.toBe(from);
    expect(app.seen('/auth/refresh', 200)).not.toHaveLength(0);

    // The device as bowser reads the user agent, the raw string and the full id on hover.
    const [idCell, , , deviceCell] = await page.locator('#sessions tbody tr td').all();
    const userAgent = await page.evaluate(() => navigator.userAgent);
    expect(await deviceCell!.textContent()).toMatch(/^Chrom[a-zA-Z ]* \d+ on Linux/);
    expect(await deviceCell!.getAttribute('title')).toBe(userAgent);
    const fullId = (await idCell!.getAttribute('title')) ?? '';
    expect(fullId).toMatch(/^[0-9a-f]{8}[A-Za-z0-9_-]{22}$/);
    expect(await idCell!.textContent()).toBe(`…${fullId.slice(-8)}`);
    expect(sid).toBe(`…${fullId.slice(-8)}`);

    await page.screenshot({
      path: await screenshotPath('signed-in-event-log.png'),
      fullPage: true,
    });
  });

  it('fits a phone-width screen: nothing wider than the viewport, labels above inputs', async () => {
    const page = await openDemo(clock.context, app.origin);
    await page.setViewportSize({ width: 375, height: 740 });
    await logInThroughForm(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.locator('#login-form').waitFor();
    const [label, input] = await Promise.all([
      page.locator('#login-form label').first().boundingBox(),
      page.getByLabel('Username').boundingBox(),
    ]);
    expect(input!.y).toBeGreaterThan(label!.y + 5);
  });

  it('"Simulate theft" replays the previous refresh token: reuse detected, signed out; screenshot', async () => {
    const page = await openDemo(clock.context, app.origin);
    await logInThroughForm(page);
    await press(page, 'Refresh now');
    await expect.poll(() => logKinds(page)).toEqual(['refresh', 'login']);

    await press(page, 'Simulate theft');
    await page.locator('#login-form').waitFor();
    expect(await page.locator('#session').isHidden()).toBe(true);
    expect(await page.locator('#status').textContent()).toMatch(/session was revoked/);
    const kinds = await logKinds(page);
    expect(kinds).toEqual(
      expect.arrayContaining(['theft', 'reuse-detected', 'session-revoked', 'session-ended']),
    );
    expect(await page.locator('#event-log li[data-kind="theft"]').textContent()).toContain(
      '401 REFRESH_TOKEN_REUSED',
    );
    expect(app.seen('/auth/refresh', 401).map((e) => e.code)).toContain('REFRESH_TOKEN_REUSED');
    expect(app.seen('/api/me', 401).map((e) => e.code)).toContain('TOKEN_REVOKED');

    await page.screenshot({
      path: await screenshotPath('after-simulate-theft.png'),
      fullPage: true,
    });
  });
});
