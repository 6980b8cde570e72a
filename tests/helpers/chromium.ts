/**
 * Launch options for Debian's Chromium in the browser tests. The background
 * and component flags keep it from dialling out: this machine has no network
 * beyond the package registries.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
