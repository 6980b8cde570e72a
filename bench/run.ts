/**
 * `npm run bench`: measures tokenwarden against its peers in one process and
 * writes bench/RESULTS.md. `npm run bench:smoke` runs every case a few times,
 * checks each gives the right answer, writes nothing, and exits non-zero on
 * any error (CI runs it).
 */
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PairedThroughput } from './measure.js';
import { type AlgResults, BENCH_ALGS, type BenchAlg, benchAlgorithm } from './jwt.js';
import { httpLatency } from './http.js';
import { type Report, renderReport, smokeSummary } from './report.js';
import { saveResults, writeCharts } from './chart-files.js';
import { benchPostgres } from './postgres.js';
import { benchRedis } from './redis.js';
import { ENGINE_CRYPTO } from './floor.js';
import { bytesAcrossRotations, bytesPerSession, memoryVsFloor } from './rotation.js';

const smoke = process.argv.includes('--smoke');
/**
 * `--only=<sections>`, a comma list: `sign` or `verify` (the JWT bench's one
 * half, every algorithm) and the throughput targets `rotation`, `redis`,
 * `postgres` (engine ÷ ceiling, both measured in this run). Each is printed;
 * RESULTS.md and the charts are left alone: only a full run writes them.
 */
const ONLY_SECTIONS = ['sign', 'verify', 'rotation', 'redis', 'postgres'] as const;
type OnlySection = (typeof ONLY_SECTIONS)[number];
type StoreSection = Exclude<OnlySection, 'sign' | 'verify'>;
const onlyArg = process.argv.find((arg) => arg.startsWith('--only='));
const only = onlyArg === undefined ? undefined : parseOnly(onlyArg.slice('--only='.length));

function parseOnly(list: string): OnlySection[] {
  const names = list.split(',').filter((name) => name !== '');
  for (const name of names) {
    if (!(ONLY_SECTIONS as readonly string[]).includes(name)) {
      throw new Error(`bench: --only takes ${ONLY_SECTIONS.join(', ')}; got ${name}`);
    }
  }
  return names as OnlySection[];
}

async function runOnly(sections: OnlySection[]): Promise<void> {
  const half = jwtHalf(sections);
  if (half !== undefined) {
    const algs: Partial<Record<BenchAlg, AlgResults>> = {};
    for (const alg of BENCH_ALGS) {
      process.stderr.write(`bench: ${alg}\n`);
      algs[alg] = await benchAlgorithm(alg, smoke, half);
    }
    for (const part of half === 'all' ? (['verify', 'sign'] as const) : [half]) {
      process.stdout.write(jwtSummary(algs, part));
    }
  }
  const stores = sections.filter((s): s is StoreSection => s !== 'sign' && s !== 'verify');
  for (const section of stores) await printThroughput(section);
}

function jwtHalf(sections: OnlySection[]): 'sign' | 'verify' | 'all' | undefined {
  const sign = sections.includes('sign');
  const verify = sections.includes('verify');
  if (sign && verify) return 'all';
  return sign ? 'sign' : verify ? 'verify' : undefined;
}

async function printThroughput(section: StoreSection): Promise<void> {
  const line = (name: string, t: PairedThroughput) =>
    `${name}: ${(t.wall * 100).toFixed(0)}% wall, ${(t.cpu * 100).toFixed(0)}% CPU (${Math.round(t.aPerSecond)}/s vs ${Math.round(t.bPerSecond)}/s)\n`;
  if (section === 'rotation') {
    process.stdout.write(line('MemoryStore ÷ floor, c1', await memoryVsFloor(1, smoke)));
    process.stdout.write(line('MemoryStore ÷ floor, c64', await memoryVsFloor(64, smoke)));
    const sameCrypto = (c: number) => memoryVsFloor(c, smoke, ENGINE_CRYPTO);
    process.stdout.write(
      line('MemoryStore ÷ floor on the engine’s crypto, c1', await sameCrypto(1)),
    );
    process.stdout.write(
      line('MemoryStore ÷ floor on the engine’s crypto, c64', await sameCrypto(64)),
    );
    return;
  }
  const result = section === 'redis' ? await benchRedis(smoke) : await benchPostgres(smoke);
  if (!result.ran) {
    process.stdout.write(`${section}: ${result.reason}\n`);
    return;
  }
  const ceiling = section === 'redis' ? 'EVALSHA' : 'UPDATE … RETURNING';
  process.stdout.write(line(`${section} ÷ ${ceiling}, c1`, result.value.c1));
  process.stdout.write(line(`${section} ÷ ${ceiling}, c64`, result.value.c64));
  // Beside the target: the ceiling prepared (PostgreSQL), the store's own script bare (Redis).
  const value = result.value;
  const beside =
    'prepared' in value
      ? { name: `${ceiling} prepared`, pair: value.prepared }
      : { name: 'its own script bare', pair: 'bareScript' in value ? value.bareScript : undefined };
  if (beside.pair !== undefined) {
    process.stdout.write(line(`${section} ÷ ${beside.name}, c1`, beside.pair.c1));
    process.stdout.write(line(`${section} ÷ ${beside.name}, c64`, beside.pair.c64));
  }
  // PostgreSQL: the store without prepared statements (its fast path a function call).
  if ('unprepared' in value && value.unprepared !== undefined) {
    process.stdout.write(
      line(`${section} (preparedStatements: false) ÷ ${ceiling}, c1`, value.unprepared.c1),
    );
    process.stdout.write(
      line(`${section} (preparedStatements: false) ÷ ${ceiling}, c64`, value.unprepared.c64),
    );
  }
  if ('pglite' in value && value.pglite !== undefined) {
    process.stdout.write(line('PGlite ÷ the same loop on PGlite, c1', value.pglite.c1));
    process.stdout.write(line('PGlite ÷ the same loop on PGlite, c64', value.pglite.c64));
  }
  // Redis: the engine on MemoryStore plus one ceiling call, the most any store can reach.
  if ('bound' in value && value.bound !== undefined) {
    process.stdout.write(line(`bound (engine + ${ceiling}) ÷ ${ceiling}, c1`, value.bound.c1));
    process.stdout.write(line(`bound (engine + ${ceiling}) ÷ ${ceiling}, c64`, value.bound.c64));
  }
}
const require = createRequire(import.meta.url);

function versionOf(name: string): string {
  const path = require.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

async function main(): Promise<void> {
  if (only !== undefined) return runOnly(only);
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const algs: Partial<Record<BenchAlg, AlgResults>> = {};
  for (const alg of BENCH_ALGS) {
    process.stderr.write(`bench: ${alg}\n`);
    algs[alg] = await benchAlgorithm(alg, smoke, 'all');
  }
  process.stderr.write('bench: rotation on MemoryStore vs the hand-written floor\n');
  const rotation = {
    c1: await memoryVsFloor(1, smoke),
    c64: await memoryVsFloor(64, smoke),
    engineCrypto: {
      c1: await memoryVsFloor(1, smoke, ENGINE_CRYPTO),
      c64: await memoryVsFloor(64, smoke, ENGINE_CRYPTO),
    },
  };
  process.stderr.write('bench: memory\n');
  const families = smoke ? 1000 : 100_000;
  const rotated = { sessions: smoke ? 100 : 1000, rotations: 1000 };
  // A throwaway run of the same size first: the refresh path's optimised code
  // and type feedback, made during the first million refreshes, are no
  // session's memory (a first run showed them as about 250 bytes "per session").
  if (!smoke) await bytesAcrossRotations(rotated.sessions, rotated.rotations);
  else await bytesAcrossRotations(64, 20);
  const memory = {
    families,
    bare: await bytesPerSession(families),
    withUserAgent: await bytesPerSession(
      families,
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    ),
    rotated: { ...rotated, ...(await bytesAcrossRotations(rotated.sessions, rotated.rotations)) },
  };
  process.stderr.write('bench: PostgreSQL (a throwaway server)\n');
  const postgres = await benchPostgres(smoke);
  process.stderr.write('bench: Redis (a throwaway server)\n');
  const redis = await benchRedis(smoke);
  process.stderr.write('bench: http (autocannon against the Express example)\n');
  const http = await httpLatency(smoke);
  const failed = http.filter((h) => h.non2xx > 0 || h.requests === 0);
  if (failed.length > 0) throw new Error(`HTTP bench saw failures: ${JSON.stringify(failed)}`);
  if (smoke) {
    process.stderr.write(smokeSummary(rotation, memory.rotated, postgres, redis));
    process.stderr.write(`bench smoke: OK in ${Math.round(performance.now() - started)} ms\n`);
    return;
  }
  const cpu = cpus();
  const results: Report = {
    machine: `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${process.platform} ${process.arch}`,
    load: [loadBefore, loadavg()[0] ?? 0],
    versions: {
      node: process.versions.node,
      jose: versionOf('jose'),
      'fast-jwt': versionOf('fast-jwt'),
      jsonwebtoken: versionOf('jsonwebtoken'),
      mitata: versionOf('mitata'),
      pg: versionOf('pg'),
      redis: versionOf('redis'),
    },
    algs: algs as Record<BenchAlg, AlgResults>,
    rotation,
    memory,
    postgres,
    redis,
    http,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  const report = renderReport(results);
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
  const dated = { ...results, date: new Date().toISOString() };
  saveResults(dated);
  for (const path of writeCharts(dated)) process.stderr.write(`wrote ${path}\n`);
  process.stdout.write(report);
}

/** The measured half of the JWT bench as text: each row's best mean, then the paired targets. */
function jwtSummary(algs: Partial<Record<BenchAlg, AlgResults>>, part: 'sign' | 'verify'): string {
  const lines: string[] = [`JWT ${part}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`];
  for (const [alg, results] of Object.entries(algs)) {
    lines.push(`${alg}:`);
    for (const [name, ns] of Object.entries(results[part])) {
      if (ns !== undefined) lines.push(`  ${name.padEnd(28)} ${(ns / 1000).toFixed(2)} µs`);
    }
    for (const { row, peer, limit, ratio } of results.targets) {
      const met = Number(ratio.cpu.toFixed(2)) <= limit ? 'met' : 'NOT met';
      lines.push(
        `  ${row} ÷ ${peer}: cpu ${ratio.cpu.toFixed(3)}, wall ${ratio.wall.toFixed(3)} (≤ ${limit}: ${met})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
