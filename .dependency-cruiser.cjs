/**
 * The layering rule of src/ (README "Architecture"), checked by
 * `npm run check:layers` in CI. Layers, bottom to top; each may import only
 * what its rule leaves out of `pathNot`. The entry file src/index.ts may
 * import any layer. Type-only imports count as dependencies too (a type
 * import back up a layer is what made the old import cycles), except where a
 * rule says type-only imports are allowed.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** A rule: files under `src/<from>/` may import, in src/, only what `allowed` matches. */
function layer(name, from, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/${from}/` },
    to: { path: '^src/', pathNot: allowed.map((path) => `^src/${path}`) },
  };
}

// The session contract: what a store implements and emits, not the engine.
const SESSION_CONTRACT = 'session/(store|events|types)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles in src/, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (else the rules below could not see it).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-public-face',
      comment: 'Implementation files never import the entry file src/index.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/index\\.ts$', '^src/cli/'] },
      to: { path: '^src/index\\.ts$' },
    },
    layer('core', 'core', ['core/'], 'core imports none of the other layers.'),
    layer('token', 'token', ['core/', 'token/'], 'token may import core.'),
    layer('session', 'session', ['core/', 'token/', 'session/'], 'session may import core, token.'),
    layer(
      'stores',
      'stores',
      ['core/', 'stores/', SESSION_CONTRACT],
      'stores may import core and the session contract only.',
    ),
    layer('http', 'http', ['core/', 'http/'], 'http may import core.'),
    layer(
      'auth',
      'auth',
      ['core/', 'token/', 'session/', 'stores/', 'http/', 'auth/'],
      'auth, the facade, may import every layer below it.',
    ),
    layer(
      'frameworks',
      'frameworks',
      ['core/', 'http/', 'auth/', 'frameworks/', 'session/events\\.ts$'],
      'framework glue may import auth, http, core, and session event types.',
    ),
    {
      name: 'frameworks-session-types-only',
      comment: 'framework glue imports session events as types only.',
      severity: 'error',
      from: { path: '^src/frameworks/' },
      to: { path: '^src/session/', dependencyTypesNot: ['type-only'] },
    },
    layer(
      'client',
      'client',
      ['client/', 'core/'],
      'the browser client imports nothing server-side.',
    ),
    {
      name: 'client-core-constants-or-types',
      comment:
        'the browser client imports core/constants.ts and core/duration.ts (plain values and the duration grammar, no imports), and other core modules as types only.',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/core/', pathNot: '^src/core/(constants|duration)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    layer(
      'testing',
      'testing',
      ['core/', 'testing/', SESSION_CONTRACT],
      'the conformance kit may import core and the session contract.',
    ),
    layer(
      'cli',
      'cli',
      ['cli/', 'index\\.ts$', 'core/'],
      'the command line imports the public face (src/index.ts), and core for the rules it shares (canonical base64url).',
    ),
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
