/**
 * Rotates the examples' kept signing key: `npm run demo:rotate-key` (or with
 * DATA_DIR=… for another directory). The current key becomes the previous,
 * verify-only one; restart the app and the new key signs. README "Signing keys".
 */
import { fileURLToPath } from 'node:url';
import { readConfig } from './shared/config.js';
import { rotateSigningKey } from './shared/signing-keys.js';
import { runExample } from './shared/startup-error.js';

await runExample(async () => {
  const { dataDir } = readConfig(process.env, {
    dataDir: fileURLToPath(new URL('express/.data', import.meta.url)),
  });
  const path = await rotateSigningKey(dataDir);
  console.log(
    `tokenwarden example: new signing key in ${path}; the previous one verifies until you delete it`,
  );
});
