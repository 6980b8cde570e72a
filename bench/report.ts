/**
 * Renders bench/RESULTS.md: every time is also given as ratios against the
 * peers measured in the same run (time of the row ÷ time of the peer: below
 * 1 is faster than the peer).
 */
import type { HttpLatency } from './http.js';
import { type AlgResults, type BenchAlg, ROUNDS, type Row } from './jwt.js';
import type { PairedThroughput } from './measure.js';
import { POOL_SIZE, type PostgresResults } from './postgres.js';
import type { RedisResults } from './redis.js';
import type { Section } from './servers.js';

/** Bytes per session after login and after `rotations` rotations, at `sessions` sessions. */
export interface RotatedMemory {
  sessions: number;
  rotations: number;
  afterLogin: number;
  afterRotations: number;
}

/** The least share of the ceiling's throughput the engine's refresh must reach (issues 11, 12). */
const THROUGHPUT_TARGET = 0.5;
const SESSION_BYTES_TARGET = 1024;

export interface Report {
  machine: string;
  /** 1-minute load average at the start and at the end of the run. */
  load: [number, number];
  versions: Record<string, string>;
  algs: Record<BenchAlg, AlgResults>;
  /**
   * Engine refresh on MemoryStore ÷ the hand-written floor; `engineCrypto`:
   * ÷ the same floor on the engine's primitives (a reference, no target).
   */
  rotation: {
    c1: PairedThroughput;
    c64: PairedThroughput;
    engineCrypto?: { c1: PairedThroughput; c64: PairedThroughput };
  };
  memory: { families: number; bare: number; withUserAgent: number; rotated: RotatedMemory };
  postgres: Section<PostgresResults>;
  redis: Section<RedisResults>;
  http: HttpLatency[];
  seconds: number;
}

const us = (ns: number | undefined) =>
  ns === undefined ? '—' : (ns / 1000).toFixed(ns < 10_000 ? 2 : 1);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`;
const pass = (ok: boolean) => (ok ? 'met' : '**missed**');

function table(row: Row, peers: readonly string[]): string {
  const head = `| implementation | µs/op | ${peers.map((p) => `÷ ${p}`).join(' | ')} |`;
  const rule = `|---|---:|${peers.map(() => '---:').join('|')}|`;
  const lines = Object.entries(row).map(
    ([name, ns]) => `| ${name} | ${us(ns)} | ${peers.map((p) => ratio(ns, row[p])).join(' | ')} |`,
  );
  return [head, rule, ...lines].join('\n');
}

const VERIFY_PEERS = [
  'fast-jwt, no cache',
  'fast-jwt, cache',
  'jose jwtVerify, CryptoKey',
  'jsonwebtoken, KeyObject',
];
const SIGN_PEERS = ['fast-jwt', 'jose SignJWT, CryptoKey', 'jsonwebtoken, KeyObject'];

const TARGET_LABELS: Record<string, string> = {
  'tokenwarden, Node path÷fast-jwt, no cache': 'cold verify, Node path ≤ 1× fast-jwt (no cache)',
  'tokenwarden, Node path÷JWT floor': 'cold verify, Node path ≤ 1.5× the hand-written JWT floor',
  'tokenwarden, cached÷fast-jwt, cache': 'cached verify ≤ 1× fast-jwt (cache)',
  'tokenwarden, Web path÷jose jwtVerify, CryptoKey': 'Web path ≤ 1.10× jose jwtVerify (CryptoKey)',
};

function targets(r: Report): string {
  const lines: string[] = [
    '| target | CPU time ratio | wall time ratio | result (on CPU time) |',
    '|---|---:|---:|---|',
  ];
  const all = Object.entries(r.algs).flatMap(([alg, { targets: t }]) =>
    t.map((target) => ({ alg, ...target })),
  );
  // Grouped by target, then by algorithm, as the issue lists them.
  for (const key of Object.keys(TARGET_LABELS)) {
    for (const { alg, row, peer, limit, ratio } of all) {
      if (`${row}÷${peer}` !== key) continue;
      // Judged at the precision shown: a difference in the third decimal is parity.
      const cpu = Number(ratio.cpu.toFixed(2));
      lines.push(
        `| ${alg} ${TARGET_LABELS[key]} | ${cpu.toFixed(2)}× | ${ratio.wall.toFixed(2)}× | ${pass(cpu <= limit)} |`,
      );
    }
  }
  const bytes = r.memory.bare;
  lines.push(
    `| MemoryStore ≤ 400 bytes per family at ${r.memory.families.toLocaleString('en')} families | ${Math.round(bytes)} B (${(bytes / 400).toFixed(2)}× the target) | | ${pass(bytes <= 400)} |`,
  );
  for (const [c, t] of [
    [1, r.rotation.c1],
    [64, r.rotation.c64],
  ] as const) {
    const cpu = Number(t.cpu.toFixed(2));
    lines.push(
      `| MemoryStore refresh (node build) ≥ 50% of the hand-written floor's throughput, concurrency ${c} | ${share(t.cpu)} | ${share(t.wall)} | ${pass(cpu >= THROUGHPUT_TARGET)} |`,
    );
  }
  const { rotations, afterRotations } = r.memory.rotated;
  lines.push(
    `| MemoryStore ≤ 1 KB per session after ${rotations.toLocaleString('en')} rotations | ${Math.round(afterRotations)} B (${(afterRotations / SESSION_BYTES_TARGET).toFixed(2)}× the target) | | ${pass(afterRotations <= SESSION_BYTES_TARGET)} |`,
  );
  const postgres = r.postgres.ran ? r.postgres.value : undefined;
  const redis = r.redis.ran ? r.redis.value : undefined;
  lines.push(
    ...databaseTargets('PostgresStore refresh', 'single-row `UPDATE … RETURNING`', r.postgres),
    // The store prepares its statements; the issue's ceiling does not.
    ...besideRows(
      'PostgresStore refresh ÷ the same `UPDATE … RETURNING` prepared',
      postgres?.prepared,
    ),
    // Without prepared statements, the store's fast path is a function call.
    ...besideRows(
      'PostgresStore with `preparedStatements: false` refresh ÷ the `UPDATE … RETURNING` loop',
      postgres?.unprepared,
    ),
    ...databaseTargets('RedisStore refresh', 'one-key `EVALSHA` compare-and-set', r.redis),
    // The issue's ceiling is a three-value script; the fast path's does more on the server.
    ...besideRows(
      'RedisStore refresh ÷ its own `rotateIfCurrent` script sent bare',
      redis?.bareScript,
    ),
    // The engine's own work plus one ceiling call: the most any Redis store can reach.
    ...besideRows(
      "the bound: the engine's refresh on MemoryStore plus one ceiling call ÷ the ceiling",
      redis?.bound,
    ),
  );
  if (r.redis.ran) {
    const { rotations: n, afterRotations: bytes } = r.redis.value.memory;
    lines.push(
      `| Redis ≤ 1 KB per session after ${n.toLocaleString('en')} rotations (\`MEMORY USAGE\`) | ${Math.round(bytes)} B (${(bytes / SESSION_BYTES_TARGET).toFixed(2)}× the target) | | ${pass(bytes <= SESSION_BYTES_TARGET)} |`,
    );
  } else {
    lines.push(
      `| Redis ≤ 1 KB per session (\`MEMORY USAGE\`) | not measured | | ${r.redis.reason} |`,
    );
  }
  return lines.join('\n');
}

const share = (ratio: number) => `${(ratio * 100).toFixed(0)}% (${ratio.toFixed(2)}×)`;
const perSecond = (n: number) => Math.round(n).toLocaleString('en');

// A database server's work is outside this process, so its CPU time does not
// see it: the database targets are judged on wall time.
function databaseTargets(
  row: string,
  ceiling: string,
  section: Section<{ c1: PairedThroughput; c64: PairedThroughput }>,
): string[] {
  if (!section.ran)
    return [`| ${row} ≥ 50% of a ${ceiling} loop | not measured | | ${section.reason} |`];
  return ([1, 64] as const).map((c) => {
    const t = c === 1 ? section.value.c1 : section.value.c64;
    const wall = Number(t.wall.toFixed(2));
    return `| ${row} ≥ 50% of a ${ceiling} loop, concurrency ${c} | ${share(t.cpu)} | ${share(t.wall)} | ${pass(wall >= THROUGHPUT_TARGET)} (on wall time) |`;
  });
}

/** A measured pair beside a target, at concurrency 1 and 64. */
type PairAt = { readonly c1: PairedThroughput; readonly c64: PairedThroughput };

/**
 * Rows beside a target, never instead of it: a reference that explains the
 * target's figure (the same ceiling prepared, the store's own script bare,
 * the bound), at concurrency 1 and 64. Nothing when it was not measured.
 */
function besideRows(label: string, pair: PairAt | undefined): string[] {
  if (pair === undefined) return [];
  return ([1, 64] as const).map((c) => {
    const t = c === 1 ? pair.c1 : pair.c64;
    return `| (beside it, not the target) ${label}, concurrency ${c} | ${share(t.cpu)} | ${share(t.wall)} | |`;
  });
}

function throughputTable(
  engine: string,
  ceiling: string,
  c1: PairedThroughput,
  c64: PairedThroughput,
): string[] {
  return [
    `| refresh chains in flight | ${engine}, refreshes/s | ${ceiling}, calls/s | throughput ÷ ${ceiling} (CPU time) | (wall time) |`,
    '|---:|---:|---:|---:|---:|',
    ...(
      [
        [1, c1],
        [64, c64],
      ] as const
    ).map(
      ([c, t]) =>
        `| ${c} | ${perSecond(t.aPerSecond)} | ${perSecond(t.bPerSecond)} | ${share(t.cpu)} | ${share(t.wall)} |`,
    ),
  ];
}

/**
 * A reference table beside a section's target: `intro` (if any), then the
 * engine against `ceiling` at concurrency 1 and 64. Nothing when not measured.
 */
function referenceTable(
  intro: string | undefined,
  engine: string,
  ceiling: string,
  pair: PairAt | undefined,
): string[] {
  if (pair === undefined) return [];
  return [
    ...(intro === undefined ? [] : [intro, '']),
    ...throughputTable(engine, ceiling, pair.c1, pair.c64),
    '',
  ];
}

// The floor on the engine's own primitives: what is left of the engine's overhead.
function sameCryptoTable(sameCrypto: Report['rotation']['engineCrypto']): string[] {
  if (sameCrypto === undefined) return [];
  return [
    "A reference without a target: the same floor on the engine's primitives (`ENGINE_CRYPTO` in `bench/floor.ts`: the one-shot `hash()` and the RFC 2104 HMAC over it, where the floor above calls `createHash` and `createHmac`). Part of the engine's lead over the floor above is those faster primitives; this ratio is what is left of the engine's own work (strict parsing, the session record, the event, the grant, a promise per call).",
    '',
    ...throughputTable('engine', 'floor on the engine’s crypto', sameCrypto.c1, sameCrypto.c64),
    '',
  ];
}

/** The issue 11/12 figures of a smoke run, for the CI log (a smoke run writes no report). */
export function smokeSummary(
  rotation: Report['rotation'],
  rotated: RotatedMemory,
  postgres: Section<PostgresResults>,
  redis: Section<RedisResults>,
): string {
  const pair = (t: PairedThroughput) => `${share(t.wall)} wall, ${share(t.cpu)} CPU`;
  const lines = [
    `bench smoke (5 short pairs of bursts: rough figures, see npm run bench): MemoryStore refresh ÷ floor: c1 ${pair(rotation.c1)}; c64 ${pair(rotation.c64)}`,
    `bench smoke: MemoryStore bytes per session at ${rotated.sessions} sessions (fixed costs and the code the JIT compiles during the run dominate at this size): ${Math.round(rotated.afterLogin)} after login, ${Math.round(rotated.afterRotations)} after ${rotated.rotations} rotations`,
    postgres.ran
      ? `bench smoke: PostgresStore refresh ÷ UPDATE … RETURNING: c1 ${pair(postgres.value.c1)}; c64 ${pair(postgres.value.c64)}${postgres.value.prepared ? `; ÷ the same prepared: c1 ${pair(postgres.value.prepared.c1)}; c64 ${pair(postgres.value.prepared.c64)}` : ''}${postgres.value.unprepared ? `; preparedStatements: false ÷ UPDATE … RETURNING: c1 ${pair(postgres.value.unprepared.c1)}; c64 ${pair(postgres.value.unprepared.c64)}` : ''}${postgres.value.pglite ? `; PGlite ÷ UPDATE … RETURNING on PGlite: c1 ${pair(postgres.value.pglite.c1)}; c64 ${pair(postgres.value.pglite.c64)}` : ''}`
      : `bench smoke: ${postgres.reason}`,
    redis.ran
      ? `bench smoke: RedisStore refresh ÷ EVALSHA compare-and-set: c1 ${pair(redis.value.c1)}; c64 ${pair(redis.value.c64)}${redis.value.bareScript ? `; ÷ its own script bare: c1 ${pair(redis.value.bareScript.c1)}; c64 ${pair(redis.value.bareScript.c64)}` : ''}${redis.value.bound ? `; the bound (engine + ceiling call) ÷ EVALSHA: c1 ${pair(redis.value.bound.c1)}; c64 ${pair(redis.value.bound.c64)}` : ''}; MEMORY USAGE per session ${Math.round(redis.value.memory.afterLogin)} B after login, ${Math.round(redis.value.memory.afterRotations)} B after ${redis.value.memory.rotations} rotations`
      : `bench smoke: ${redis.reason}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function renderReport(r: Report): string {
  const sections = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (mitata, one process, peers measured in the same run). Do not edit by hand.',
    '',
    `- Machine: ${r.machine}`,
    `- Versions: ${Object.entries(r.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `- Run time: ${r.seconds} s; 1-minute load average ${r.load[0].toFixed(2)} at the start, ${r.load[1].toFixed(2)} at the end`,
    `- Method: the tables per algorithm are mitata \`measure\` (wall time), ${ROUNDS} interleaved rounds, each implementation's best mean kept. The targets are measured apart, in pairs: 101 short bursts (about 4 ms) of the row and of its peer, back to back in alternating order, and the median of the per-pair ratios, in CPU time of all threads (\`process.cpuUsage()\`, what the targets are judged on) and in wall time. This machine's speed drifts by tens of percent over seconds; bursts that are neighbours in time see the same machine, so their ratio cancels the drift that best-of-N long runs keep. A ratio equal to the limit at the precision shown (two decimals) counts as met.`,
    '',
    'Ratios are the time of the row divided by the time of the peer named in the column:',
    '0.50× means twice as fast as that peer, 2.00× twice as slow. Every token carries the',
    'same claims (`iss`, `aud`, `sub`, `iat`, `exp`, `jti`, `sid`, `role`); every verifier',
    'checks signature, `iss`, `aud` and `exp`.',
    '',
    '## Targets (issues 5, 11, 12)',
    '',
    targets(r),
    '',
  ];
  for (const [alg, { verify, sign }] of Object.entries(r.algs)) {
    const verifyPeers =
      alg === 'HS256' ? [...VERIFY_PEERS, 'JWT floor', 'HMAC alone'] : VERIFY_PEERS;
    const signPeers = alg === 'HS256' ? [...SIGN_PEERS, 'HMAC alone'] : SIGN_PEERS;
    sections.push(`## ${alg}`, '', '### verify', '', table(verify, verifyPeers), '');
    sections.push('### sign', '', table(sign, signPeers), '');
  }
  sections.push(
    '## Refresh rotation on MemoryStore, against the hand-written floor',
    '',
    "The engine is the package's `node` build (`dist/node/index.js`, what `import 'tokenwarden'` loads on Node), on `MemoryStore`. The *floor* is a hand-written rotation in the same process (`bench/floor.ts`): a `Map` of `{ generation, digest }`, the SHA-256 of the presented secret compared in constant time, the successor's secret as HMAC-SHA-256 over the token, its digest, and a compare-and-set on the generation, all on `node:crypto`, one promise per refresh. Measured in pairs of alternating bursts (61 pairs of about 10 ms), each side with its own chains (one session per chain).",
    '',
    ...throughputTable('engine', 'floor', r.rotation.c1, r.rotation.c64),
    '',
    ...sameCryptoTable(r.rotation.engineCrypto),
    ...postgresSection(r.postgres),
    ...redisSection(r.redis),
    '## MemoryStore memory',
    '',
    `Heap used plus ArrayBuffer memory (after two forced GCs) before and after the logins, divided by the number of sessions; each session has its own subject (the worst case for the per-subject index). Only what the store and the engine keep is counted: the first two rows drop the refresh tokens, the last two keep each session's current token in a buffer allocated before the first measurement. The last row is the same store as the one above it, after every session was rotated ${r.memory.rotated.rotations.toLocaleString('en')} times (64 chains in flight).`,
    '',
    '| sessions | state | bytes per session | ÷ target |',
    '|---:|---|---:|---:|',
    `| ${r.memory.families.toLocaleString('en')} | after login, no device context | ${Math.round(r.memory.bare)} | ${(r.memory.bare / 400).toFixed(2)}× 400 B |`,
    `| ${r.memory.families.toLocaleString('en')} | after login, with a 110-character user agent | ${Math.round(r.memory.withUserAgent)} | ${(r.memory.withUserAgent / 400).toFixed(2)}× 400 B |`,
    `| ${r.memory.rotated.sessions.toLocaleString('en')} | after login | ${Math.round(r.memory.rotated.afterLogin)} | ${(r.memory.rotated.afterLogin / SESSION_BYTES_TARGET).toFixed(2)}× 1 KB |`,
    `| ${r.memory.rotated.sessions.toLocaleString('en')} | after ${r.memory.rotated.rotations.toLocaleString('en')} rotations each | ${Math.round(r.memory.rotated.afterRotations)} | ${(r.memory.rotated.afterRotations / SESSION_BYTES_TARGET).toFixed(2)}× 1 KB |`,
    '',
    `The rows at ${r.memory.rotated.sessions.toLocaleString('en')} sessions carry more of the fixed cost (the first 1024-slot chunk of the session table, the engine) per session than those at ${r.memory.families.toLocaleString('en')}; what matters is that rotations add nothing.`,
    '',
    ...httpSection(r.http),
    WHERE_THE_TIME_GOES,
  );
  return `${sections.join('\n')}\n`;
}

const WHERE_THE_TIME_GOES = `## Where the time goes

- **Noise.** This machine is shared (see the load average above) and its speed drifts by tens of
  percent over seconds: absolute times in the tables move between runs, by up to 2× for the rows
  bound to the libuv thread pool (Web path, jose), and so do ratios of separately measured rows.
  The targets are therefore measured in pairs of short alternating bursts (see Method), which agree
  from run to run within a few hundredths; read those, not ratios between the tables' rows.
- **Web path vs Node path.** On Node, Web Crypto runs every \`verify\`/\`sign\` as a job on the libuv
  thread pool and resolves a promise afterwards: that round trip, not the cryptography, is most of
  jose's cost for HS256. The Node path calls \`node:crypto\`'s one-shot \`createHmac\`/\`verify\`/\`sign\`
  synchronously on the already-split token, with each key converted to a \`KeyObject\` once; the whole
  pipeline under \`verify()\` is synchronous there, and the one promise is made at the API boundary.
- **Web path vs jose.** The Web path is our strict checks (canonical base64url by regex, the payload
  decoded and parsed once, the header taken from the verifier's memo of authentic headers) followed by
  one \`crypto.subtle.verify\` over the bytes already split, with the key's algorithm, curve, hash and
  usage checked. jose's \`jwtVerify\` parses and decodes the header, payload and signature itself and
  builds the signing input again before the same \`crypto.subtle.verify\`; the Web path used to hand
  the token to jose's \`compactVerify\`, which did that a second time after our parse (1.12–1.16×
  jose for HS256).
- **Node path vs fast-jwt (no cache) and the floors.** Same OpenSSL work per token. On top of it we
  pay the strict checks (canonical base64url, fatal UTF-8 through \`isUtf8\`), the header rules (once
  per distinct authentic header, then a \`Map\` hit) and the claims validator; fast-jwt decodes and
  parses the header on every call. The *JWT floor* is a hand-written minimal HS256 verify (split, HMAC,
  constant-time compare, payload decoded and parsed, \`exp\`/\`iss\`/\`aud\` checked): what no verifier that
  returns claims can skip. *HMAC alone* is the cryptography by itself, for scale.
- **Cached.** A hit costs a \`Map\` lookup keyed by the whole token, an LRU touch, one \`JSON.parse\` of
  the stored payload (every hit gets its own claims object, so callers never share one) and the
  claims validator run again at the current time. fast-jwt hashes the token to build its key.
- **Rotation, against the floor.** The engine (\`node\` build) and the floor do the same
  cryptography: a SHA-256 of the presented secret, an HMAC-SHA-256 for the successor and a
  SHA-256 of it. The engine runs them through the one-shot \`crypto.hash()\` (binary or base64url
  text out: on Node 20 its \`'buffer'\` output costs twice as much) and an RFC 2104 HMAC over it
  (\`createHmac\` spends microseconds per call setting up its object); the floor calls
  \`createHash\` and \`createHmac\`, as hand-written code does. The second table gives the floor
  the engine's primitives: what remains is the engine's own work, the strict parse (one regular
  expression that also checks both base64url parts canonical), the session record built as an
  object, the \`refresh\` event, the grant, and a promise per store call and per primitive.
- **Rotation on a database.** The engine's refresh is one round trip (\`rotateIfCurrent\`: one Lua
  script, one SQL statement), like the ceiling's; but the fast path reads and returns the whole
  record and the subject's token version, where the ceiling's script or statement touches one
  key or row and three values, and the engine's cryptography and parsing run per call. On this
  2-core virtual machine, client work between round trips also costs more than the same work in a
  tight loop (a profile shows the same functions two to four times slower, and the socket write
  of each request dearer the longer the gap since the last). Measured on Redis: a loop of bare
  \`rotateIfCurrent\` calls (no engine) costs the client 1.6 (one chain) to 2.9 (64 chains) times
  the ceiling's CPU per call, and the engine's refresh about 1.7 to 1.9 times that loop's.
- **Memory.** MemoryStore keeps a session in one slot of fixed 1024-slot chunks: its numbers in
  a \`Float64Array\`, its id, subject, device, current secret digest (base64url text: compared and
  replaced on every refresh, where 32 raw bytes cost a decode and an encode each time) and \`amr\`
  in arrays; sessions with the same \`amr\` share one frozen list. A rotation rewrites the slot in
  place, so a session's storage does not grow with its rotations (older tokens are proven by
  re-deriving their HMAC chain, not by a stored record). What remains is mostly the strings
  (session id, subject; flat copies, so they do not pin the larger strings they were sliced from)
  and the \`Map\` entries that index them.
`;

function postgresSection(section: Section<PostgresResults>): string[] {
  const head = ['## Refresh rotation on PostgreSQL, against a single-row `UPDATE … RETURNING`', ''];
  if (!section.ran) return [...head, section.reason, ''];
  const { c1, c64, prepared, unprepared, pglite, serverVersion } = section.value;
  return [
    ...head,
    `A throwaway PostgreSQL ${serverVersion} on 127.0.0.1 (\`initdb\`, \`fsync\` on, started and stopped by the bench), one \`pg\` Pool of ${POOL_SIZE} connections shared by both sides. The engine (\`node\` build) refreshes through \`PostgresStore\`: one statement per refresh of a current token (\`rotateIfCurrent\`: the checks, the rotation and the token version), sent as a named prepared statement (the store's default on \`pg\`). The ceiling (the issue's) is a loop of one single-row compare-and-set \`UPDATE … WHERE id = $1 AND generation = $3 RETURNING generation\` per call, one row per chain, sent unnamed; the second table is the same loop sent as a named prepared statement, for comparison only. Pairs of alternating bursts (21 pairs of about 100 ms). The target is judged on wall time: the server's work is in another process, which this process's CPU time does not count.`,
    '',
    ...throughputTable('engine', 'UPDATE … RETURNING', c1, c64),
    '',
    ...referenceTable(undefined, 'engine', 'prepared UPDATE … RETURNING', prepared),
    ...referenceTable(
      "The engine on a store with `preparedStatements: false` (for PgBouncer in transaction mode before 1.21, and PGlite's default), against the issue's ceiling: its fast path is then a call of the function migration 3 creates, whose plan the server keeps per connection.",
      'engine, preparedStatements: false',
      'UPDATE … RETURNING',
      unprepared,
    ),
    ...referenceTable(
      "PGlite, beside it (no target): an in-memory PGlite in this process, the engine on `PostgresStore` with the store's defaults there (no prepared statements, so the fast path calls migration 3's function), against the same `UPDATE … RETURNING` loop on that PGlite, unnamed. PGlite is one connection: both sides queue on it and share this process's thread, so concurrency 64 only deepens the queue.",
      'engine on PGlite',
      'UPDATE … RETURNING on PGlite',
      pglite,
    ),
  ];
}

function redisSection(section: Section<RedisResults>): string[] {
  const head = ['## Refresh rotation and memory on Redis, against a one-key `EVALSHA`', ''];
  if (!section.ran) return [...head, section.reason, ''];
  const { c1, c64, memory, serverVersion, bareScript, bound } = section.value;
  return [
    ...head,
    `A throwaway Redis ${serverVersion} on 127.0.0.1 (no persistence, started and stopped by the bench), one node-redis client shared by both sides. The engine (\`node\` build) refreshes through \`RedisStore\`: one round trip per refresh of a current token, the fast path's \`EVALSHA\` (\`rotateIfCurrent\`: the checks, the rotation, the token version, and the record answered as one JSON array). The ceiling is a loop of one-key compare-and-set \`EVALSHA\` calls (\`HGET\` the generation, \`HSET\` generation and digest when it matches), one key per chain. Pairs of alternating bursts (21 pairs of about 100 ms); judged on wall time.`,
    '',
    ...throughputTable('engine', 'EVALSHA', c1, c64),
    '',
    ...referenceTable(
      "Beside it, not the target: the fast path's own script (`rotateIfCurrent`) sent bare by the same client, on sessions the store made, so the server does the same work on both sides; the ratio is what the engine and the store cost beyond that script (the engine's cryptography and parsing, the store's request, reply decoding and deadline).",
      'engine',
      'bare script',
      bareScript,
    ),
    ...referenceTable(
      "The bound, beside the target: each step is the engine's refresh on MemoryStore (the engine's own work: parsing, cryptography, the record, the event, the grant; plus MemoryStore's few microseconds) followed by one ceiling call, against the ceiling alone. A Redis store adds its round trip to that work: one whose round trip cost no more than the ceiling's one compare-and-set would reach this, and no store that makes one round trip per refresh can go past it, whatever its script or its client code. Where this is under 50%, the target cannot be met against this ceiling on this machine without a faster engine.",
      'engine + ceiling call',
      'EVALSHA',
      bound,
    ),
    `Memory: \`MEMORY USAGE … SAMPLES 0\` summed over every key the store holds (found by \`SCAN\` of its prefix, in the bench only), divided by the number of sessions (${memory.sessions}, one subject each); ${memory.keysPerSession} keys per session (the session hash and its subject's index).`,
    '',
    '| state | bytes per session | ÷ 1 KB target |',
    '|---|---:|---:|',
    `| after login | ${Math.round(memory.afterLogin)} | ${(memory.afterLogin / SESSION_BYTES_TARGET).toFixed(2)}× |`,
    `| after ${memory.rotations.toLocaleString('en')} rotations each | ${Math.round(memory.afterRotations)} | ${(memory.afterRotations / SESSION_BYTES_TARGET).toFixed(2)}× |`,
    '',
  ];
}

function httpSection(rows: HttpLatency[]): string[] {
  const base = rows[0];
  return [
    '## HTTP: the Express example under autocannon',
    '',
    'The example runs in a child process (in-memory store, `accessRevocation: "session"`, so every',
    '`/api/me` also reads the store); autocannon runs in this process. Refresh requests each take a',
    'cookie from a pool and return its successor, so no cookie is sent twice.',
    '',
    '| route | connections | requests/s | p50 ms | p99 ms | p50 ÷ GET /api/me p50 |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (h) =>
        `| ${h.route} | ${h.connections} | ${Math.round(h.rps).toLocaleString('en')} | ${h.p50} | ${h.p99} | ${base && base.p50 > 0 ? (h.p50 / base.p50).toFixed(2) : '—'}× |`,
    ),
    '',
  ];
}
