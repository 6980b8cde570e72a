/**
 * The layering rule (.dependency-cruiser.cjs, `npm run check:layers`) bites:
 * a copy of src/ with deliberate violations added is cruised, and exactly the
 * forbidden imports are reported, each under its rule, while the allowed
 * type-only imports pass.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');

// file (in src/) → its text; every violating file name starts with `zz-`.
const PLANTED: Record<string, string> = {
  'core/zz-up.ts': "export { createKeySet } from '../token/keys.js';\n",
  'core/zz-cycle-a.ts': "import { b } from './zz-cycle-b.js';\nexport const a = () => b;\n",
  'core/zz-cycle-b.ts': "import { a } from './zz-cycle-a.js';\nexport const b = () => a;\n",
  'stores/memory/zz-engine.ts':
    "export { createRotationEngine } from '../../session/rotation-engine.js';\n",
  'client/zz-server.ts': "export { readJsonBody } from '../http/read-body.js';\n",
  'client/zz-errors.ts': "export { AuthError } from '../core/errors.js';\n",
  'client/zz-error-type.ts': "export type { AuthErrorCode } from '../core/errors.js';\n",
  'frameworks/zz-events.ts':
    "import * as events from '../session/events.js';\nexport { events };\n",
  'frameworks/zz-event-type.ts': "export type { AuthEvent } from '../session/events.js';\n",
  'token/zz-face.ts': "export { createAuth } from '../index.js';\n",
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

let dir: string;
let violations: Violation[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokenwarden-layers-'));
  cpSync(join(REPO, 'src'), join(dir, 'src'), { recursive: true });
  for (const file of ['tsconfig.json', '.dependency-cruiser.cjs'])
    cpSync(join(REPO, file), join(dir, file));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  for (const [file, text] of Object.entries(PLANTED)) writeFileSync(join(dir, 'src', file), text);
  const run = spawnSync(
    join(REPO, 'node_modules/.bin/depcruise'),
    ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary
    .violations;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('reports each planted violation under its rule, and the allowed type-only imports not at all', () => {
  const planted = violations
    .filter((v) => v.from.includes('/zz-') || v.to.includes('/zz-'))
    .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
    .sort();
  // A cycle is reported once, at the edge where it was found.
  expect(planted).toEqual(
    [
      'core: src/core/zz-up.ts → src/token/keys.ts',
      'no-circular: src/core/zz-cycle-a.ts → src/core/zz-cycle-b.ts',
      'stores: src/stores/memory/zz-engine.ts → src/session/rotation-engine.ts',
      'client: src/client/zz-server.ts → src/http/read-body.ts',
      'client-core-constants-or-types: src/client/zz-errors.ts → src/core/errors.ts',
      'frameworks-session-types-only: src/frameworks/zz-events.ts → src/session/events.ts',
      'not-to-public-face: src/token/zz-face.ts → src/index.ts',
      'token: src/token/zz-face.ts → src/index.ts',
    ].sort(),
  );
});
