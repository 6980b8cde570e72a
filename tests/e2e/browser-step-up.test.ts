/**
 * The demo page's step-up prompt in headless Chromium against both example
 * apps: the "Sensitive action" button works right after login, asks for the
 * authenticator code once the authentication is over 5 minutes old, refuses a
 * wrong code, and goes through with alice's TOTP code, in the same session.
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

    async function result(page: Page, text: string): Promise<void> {
      await page.locator('#step-up-result', { hasText: text }).waitFor();
    }

    it('asks for the code when the authentication is over 5 minutes old, then does the action', async () => {
      const page = await clock.context.newPage();
      await page.goto(`${app.origin}/`);
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password', { exact: true }).fill('alice-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Signed in as alice (admin)' }).waitFor();

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
  },
);
