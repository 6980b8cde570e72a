/**
 * The demo page's step-up prompt in headless Chromium against both example
 * apps: the "Sensitive action" button works right after login, asks for the
 * authenticator code once the authentication is over 5 minutes old, refuses a
 * wrong code, and goes through with alice's TOTP code, in the same session.
 * The session's cookies copied into a browser with another user agent: its
 * refresh asks for the code first (the page shows a prompt, not the login
 * form alone), then that browser is the trusted one and the first is asked.
 * Playwright's clock in the browser and an injected clock on the server move
 * together; the TOTP code is computed for the server's time.
 */
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotp } from '../../examples/shared/second-factor.js';
import { CHROMIUM_LAUNCH } from '../helpers/chromium.js';
import { useSharedClock } from './browser-clock.js';
import { type ExampleName, type RunningExample, startExample } from './harness.js';

// Another browser than the headless Chromium that logs in.
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});

afterAll(async () => {
  await browser?.close();
});

describe.each(['express', 'fastify'] as ExampleName[])(
  'the step-up prompt (%s example)',
  (name) => {
    let app: RunningExample;
    const clock = useSharedClock(() => browser);

    beforeAll(async () => {
      app = await startExample(name, {}, { clock: () => clock.now() });
    });

    afterAll(async () => {
      await app?.close();
    });

    async function logIn(page: Page): Promise<void> {
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password', { exact: true }).fill('alice-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await signedIn(page);
    }

    async function signedIn(page: Page): Promise<void> {
      await page.getByRole('heading', { name: 'Signed in as alice (admin)' }).waitFor();
      await page.locator('#sessions tbody tr').first().waitFor();
    }

    async function result(page: Page, text: string): Promise<void> {
      await page.locator('#step-up-result', { hasText: text }).waitFor();
    }

    it('asks for the code when the authentication is over 5 minutes old, then does the action', async () => {
      const page = await clock.context.newPage();
      await page.goto(`${app.origin}/`);
      await logIn(page);

      await page.getByRole('button', { name: 'Sensitive action' }).click();
      await result(page, 'Sensitive action done (authenticated by pwd)');
      expect(await page.locator('#step-up-form').isHidden()).toBe(true);

      await clock.advance(6 * 60_000);
      await page.getByRole('button', { name: 'Sensitive action' }).click();
      await result(page, 'needs a recent authentication');
      // The event log shows the server asking for it.
      expect(await page.locator('#event-log li[data-kind="step-up"]').count()).toBe(1);
      const code = page.getByLabel('One-time code');
      expect(await code.isVisible()).toBe(true);

      await code.fill('000000');
      await page.getByRole('button', { name: 'Confirm' }).click();
      await result(page, 'Not accepted (INVALID_CREDENTIALS)');

      const [stepUp] = await Promise.all([
        page.waitForResponse((res) => new URL(res.url()).pathname === '/auth/step-up'),
        code
          .fill(demoTotp().generate({ timestamp: clock.now() }))
          .then(() => page.getByRole('button', { name: 'Confirm' }).click()),
      ]);
      expect(stepUp.status()).toBe(200);
      expect(await stepUp.headerValue('set-cookie')).toBeNull();
      await result(page, 'Sensitive action done (authenticated by otp)');
      expect(await page.locator('#step-up-form').isHidden()).toBe(true);
      // Still the one session it logged in with.
      await page.getByRole('button', { name: 'My sessions' }).click();
      expect(await page.locator('#sessions tbody tr').count()).toBe(1);
    });

    it('a refresh from another browser asks for the code before the page signs in, then that browser is the trusted one', async () => {
      const chrome = await clock.context.newPage();
      await chrome.goto(`${app.origin}/`);
      await logIn(chrome);
      const sessions = await chrome.locator('#sessions tbody tr').count();
      const current = await chrome.locator('#sessions tr.current').getAttribute('data-id');

      // The session's cookies in another browser: the same session, another user agent.
      const firefoxContext = await clock.newContext({ userAgent: FIREFOX });
      await firefoxContext.addCookies(await clock.context.cookies());
      const firefox = await firefoxContext.newPage();
      await firefox.goto(`${app.origin}/`);
      const prompt = firefox.locator('#refresh-step-up');
      await prompt.getByText('This browser is new to this session').waitFor();
      expect(await firefox.locator('#event-log li[data-kind="step-up"]').count()).toBe(1);
      expect(await firefox.locator('#session').isHidden()).toBe(true);
      const code = firefox.getByLabel('Code', { exact: true });
      await expect.poll(() => code.evaluate((el) => el === document.activeElement)).toBe(true);

      await code.fill('000000');
      await prompt.getByRole('button', { name: 'Confirm' }).click();
      await prompt.getByText('Not accepted (INVALID_CREDENTIALS)').waitFor();
      expect(await prompt.isVisible()).toBe(true);

      // A code is good once per TOTP step: move past the one the other test may have used.
      await clock.advance(60_000);
      const [stepUp, refresh] = await Promise.all([
        firefox.waitForResponse((res) => new URL(res.url()).pathname === '/auth/step-up'),
        firefox.waitForResponse((res) => new URL(res.url()).pathname === '/auth/refresh'),
        code
          .fill(demoTotp().generate({ timestamp: clock.now() }))
          .then(() => prompt.getByRole('button', { name: 'Confirm' }).click()),
      ]);
      expect(stepUp.status()).toBe(200);
      expect(refresh.status()).toBe(200);
      await signedIn(firefox);
      expect(await prompt.isHidden()).toBe(true);
      expect(await firefox.locator('#event-log li[data-kind="stepped-up"]').count()).toBe(1);
      expect(await firefox.locator('#event-log li[data-kind="refresh"]').count()).toBe(1);
      // The session alice logged in with, now on this browser; no new one.
      expect(await firefox.locator('#sessions tbody tr').count()).toBe(sessions);
      const row = firefox.locator('#sessions tr.current');
      expect(await row.getAttribute('data-id')).toBe(current);
      expect(await row.textContent()).toContain('Firefox 128');

      const [again] = await Promise.all([
        firefox.waitForResponse((res) => new URL(res.url()).pathname === '/auth/refresh'),
        firefox.getByRole('button', { name: 'Refresh now' }).click(),
      ]);
      expect(again.status()).toBe(200);
      await expect
        .poll(() => firefox.locator('#event-log li[data-kind="refresh"]').count())
        .toBe(2);

      // The first browser, with the session's current cookie, is now the one asked:
      // its user agent is no longer the trusted one. Signed in there, it stays so.
      await clock.context.addCookies(await firefoxContext.cookies());
      const [asked] = await Promise.all([
        chrome.waitForResponse((res) => new URL(res.url()).pathname === '/auth/refresh'),
        chrome.getByRole('button', { name: 'Refresh now' }).click(),
      ]);
      expect(asked.status()).toBe(401);
      expect(((await asked.json()) as { error: { code: string } }).error.code).toBe(
        'STEP_UP_REQUIRED',
      );
      await chrome.locator('#refresh-step-up').getByText('This browser is new').waitFor();
      expect(await chrome.locator('#session').isVisible()).toBe(true);
      expect(await chrome.locator('#event-log li[data-kind="step-up"]').count()).toBe(1);
    });
  },
);
