/**
 * The bench charts (bench/charts.ts) as a pure function of a results object:
 * a fixture in, SVG strings out, checked for what a reader relies on: the
 * machine and date, every implementation, bar lengths in proportion, missing
 * figures and sections said so, and text escaped.
 */
import { describe, expect, it } from 'vitest';
import { type ChartResults, renderCharts } from '../bench/charts.js';

const throughput = (a: number, b: number) => ({
  cpu: a / b,
  wall: a / b,
  aPerSecond: a,
  bPerSecond: b,
});
const verify = {
  'tokenwarden, Node path': 10_000,
  'tokenwarden, Web path': 40_000,
  'fast-jwt, no cache': 20_000,
  'jose jwtVerify, CryptoKey': 30_000,
  'jsonwebtoken, KeyObject': 25_000,
};
const sign = {
  'tokenwarden, Node path': 5_000,
  'tokenwarden, Web path': 8_000,
  'fast-jwt': 4_000,
  'jose SignJWT, CryptoKey': 6_000,
};

const FIXTURE: ChartResults = {
  machine: 'Test CPU <fast> & cool, 2 cores',
  date: '2026-01-02T03:04:05.000Z',
  algs: {
    HS256: { verify, sign },
    ES256: { verify, sign },
    EdDSA: { verify: { ...verify, 'jsonwebtoken, KeyObject': undefined }, sign },
    RS256: { verify, sign },
  },
  rotation: { c1: throughput(1_000, 4_000), c64: throughput(2_000, 5_000) },
  postgres: { ran: true, value: { c1: throughput(100, 400), c64: throughput(150, 600) } },
  redis: { ran: false, reason: 'redis-server is not installed' },
};

/** Width of the bar drawn right before the text `note`. */
function barBefore(svg: string, note: string): number {
  const at = svg.indexOf(`>${note}</text>`);
  expect(at, note).toBeGreaterThan(-1);
  const rects = [...svg.slice(0, at).matchAll(/<rect x="\d+" y="\d+" width="([\d.]+)"/g)];
  return Number(rects.at(-1)![1]);
}

describe('renderCharts', () => {
  const charts = renderCharts(FIXTURE);

  it('writes the three charts, each a standalone SVG naming the machine and the day', () => {
    expect(Object.keys(charts).sort()).toEqual([
      'bench-refresh.svg',
      'bench-sign.svg',
      'bench-verify.svg',
    ]);
    for (const svg of Object.values(charts)) {
      expect(svg).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="760" height="\d+" viewBox="0 0 760 \d+"/,
      );
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).toContain('Test CPU &lt;fast&gt; &amp; cool, 2 cores; 2026-01-02');
      expect(svg).not.toContain('<fast>');
      expect(svg.match(/<text/g)!.length).toBe(svg.match(/<\/text>/g)!.length);
    }
  });

  it('draws tokenwarden, fast-jwt, jose and jsonwebtoken per algorithm, bars in proportion', () => {
    const svg = charts['bench-verify.svg']!;
    for (const alg of ['HS256', 'ES256', 'EdDSA', 'RS256']) expect(svg).toContain(`>${alg}</text>`);
    for (const name of [
      'tokenwarden (Node)',
      'tokenwarden (Web Crypto)',
      'fast-jwt',
      'jose',
      'jsonwebtoken',
    ]) {
      expect(svg.split(`>${name}</text>`).length - 1, name).toBe(4);
    }
    // The slowest of a panel spans the whole bar area; the others in proportion.
    expect(barBefore(svg, '40 µs')).toBe(330);
    expect(barBefore(svg, '10 µs')).toBe(82.5);
    expect(barBefore(svg, '25 µs')).toBe(206.3);
  });

  it('says n/a for a figure the run did not measure, and draws no bar for it', () => {
    const sign = charts['bench-sign.svg']!;
    expect(sign.split('>n/a</text>').length - 1).toBe(4); // no jsonwebtoken sign row in the fixture
    const verify = charts['bench-verify.svg']!;
    expect(verify.split('>n/a</text>').length - 1).toBe(1); // EdDSA
    expect(verify.match(/<rect x="250"/g)).toHaveLength(19);
  });

  it('draws refresh throughput per store against its ceiling, and a section that did not run as such', () => {
    const svg = charts['bench-refresh.svg']!;
    expect(svg).toContain('>1,000/s, 25% of the ceiling</text>');
    expect(svg).toContain('>64 in flight: hand-written floor</text>');
    expect(svg).toContain('>150/s, 25% of the ceiling</text>');
    expect(svg).toContain('>64 in flight: UPDATE … RETURNING</text>');
    expect(svg).toContain('>not measured: redis-server is not installed</text>');
    expect(barBefore(svg, '5,000/s')).toBe(330);
    expect(barBefore(svg, '2,000/s, 40% of the ceiling')).toBe(132);
  });

  it('is a pure function: the same results give the same bytes', () => {
    expect(renderCharts(structuredClone(FIXTURE))).toEqual(charts);
  });
});
