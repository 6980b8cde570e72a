/**
 * SVG charts of a bench run, written next to bench/RESULTS.md by
 * `npm run bench` (and by `npm run bench:charts` from a saved
 * bench/results.json): hand-written SVG, no browser and no dependency. Every
 * chart is a pure function of the results and names the machine and date.
 */
import type { AlgResults, BenchAlg } from './jwt.js';
import type { PairedThroughput } from './measure.js';
import type { Report } from './report.js';
import type { Section } from './servers.js';

/** What the charts read of a run: a subset of {@link Report}, plus the day it ran. */
export type ChartResults = Pick<Report, 'machine' | 'rotation'> & {
  /** When the run ended, ISO 8601 (the charts print the day). */
  date: string;
  algs: Record<BenchAlg, Pick<AlgResults, 'verify' | 'sign'>>;
  postgres: Section<{ c1: PairedThroughput; c64: PairedThroughput }>;
  redis: Section<{ c1: PairedThroughput; c64: PairedThroughput }>;
};

/** A bar: its label, its value (undefined: not measured) and the text after it. */
interface Bar {
  label: string;
  value: number | undefined;
  note: string;
  ours: boolean;
}

interface Panel {
  title: string;
  bars: Bar[];
  /** Shown instead of bars when the section did not run. */
  missing?: string;
}

const WIDTH = 760;
const LABEL_X = 16;
const BAR_X = 250;
const BAR_MAX = 330;
const BAR_H = 16;
const ROW_H = 22;
const COLORS = { ours: '#2563eb', peer: '#9ca3af' };

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const text = (x: number, y: number, body: string, attrs = '') =>
  `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${escapeXml(body)}</text>`;

const fmt = (n: number, digits: number) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits });

function panelSvg(panel: Panel, top: number): { svg: string[]; height: number } {
  const svg = [text(LABEL_X, top + 16, panel.title, 'class="panel"')];
  if (panel.missing !== undefined) {
    svg.push(text(LABEL_X, top + 16 + ROW_H, `not measured: ${panel.missing}`, 'class="note"'));
    return { svg, height: 16 + 2 * ROW_H };
  }
  const max = Math.max(...panel.bars.map((b) => b.value ?? 0));
  panel.bars.forEach((bar, i) => {
    const y = top + 16 + 8 + i * ROW_H;
    svg.push(text(LABEL_X, y + BAR_H - 3, bar.label, bar.ours ? 'class="ours"' : ''));
    if (bar.value === undefined || max === 0) {
      svg.push(text(BAR_X, y + BAR_H - 3, 'n/a', 'class="note"'));
      return;
    }
    const width = Math.max(1, Math.round((bar.value / max) * BAR_MAX * 10) / 10);
    const fill = bar.ours ? COLORS.ours : COLORS.peer;
    svg.push(`<rect x="${BAR_X}" y="${y}" width="${width}" height="${BAR_H}" fill="${fill}"/>`);
    svg.push(text(BAR_X + width + 6, y + BAR_H - 3, bar.note, 'class="note"'));
  });
  return { svg, height: 16 + 8 + panel.bars.length * ROW_H + 8 };
}

function chart(title: string, subtitle: string, results: ChartResults, panels: Panel[]): string {
  const body: string[] = [];
  let y = 64;
  for (const panel of panels) {
    const { svg, height } = panelSvg(panel, y);
    body.push(...svg);
    y += height + 8;
  }
  const footer = `${results.machine}; ${results.date.slice(0, 10)}`;
  body.push(text(LABEL_X, y + 8, footer, 'class="note"'));
  const height = y + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>text{font:12px system-ui,-apple-system,"Segoe UI",sans-serif;fill:#111827}.title{font-size:16px;font-weight:600}.panel{font-weight:600}.ours{font-weight:600}.note{fill:#4b5563}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(LABEL_X, 26, title, 'class="title"'),
    text(LABEL_X, 46, subtitle, 'class="note"'),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

const VERIFY_ROWS: [label: string, row: string][] = [
  ['tokenwarden (Node)', 'tokenwarden, Node path'],
  ['tokenwarden (Web Crypto)', 'tokenwarden, Web path'],
  ['fast-jwt', 'fast-jwt, no cache'],
  ['jose', 'jose jwtVerify, CryptoKey'],
  ['jsonwebtoken', 'jsonwebtoken, KeyObject'],
];
const SIGN_ROWS: [label: string, row: string][] = [
  ['tokenwarden (Node)', 'tokenwarden, Node path'],
  ['tokenwarden (Web Crypto)', 'tokenwarden, Web path'],
  ['fast-jwt', 'fast-jwt'],
  ['jose', 'jose SignJWT, CryptoKey'],
  ['jsonwebtoken', 'jsonwebtoken, KeyObject'],
];

function timePanels(results: ChartResults, op: 'verify' | 'sign'): Panel[] {
  const rows = op === 'verify' ? VERIFY_ROWS : SIGN_ROWS;
  return Object.entries(results.algs).map(([alg, result]) => ({
    title: alg,
    bars: rows.map(([label, row]) => {
      const ns = result[op][row];
      const us = ns === undefined ? undefined : ns / 1000;
      return {
        label,
        value: us,
        note: us === undefined ? '' : `${fmt(us, us < 10 ? 2 : 1)} µs`,
        ours: label.startsWith('tokenwarden'),
      };
    }),
  }));
}

function throughputBars(c1: PairedThroughput, c64: PairedThroughput, ceiling: string): Bar[] {
  return [
    [1, c1],
    [64, c64],
  ].flatMap(([chains, t]) => {
    const p = t as PairedThroughput;
    const share = `${Math.round(p.wall * 100)}% of the ceiling`;
    return [
      {
        label: `${chains} in flight: tokenwarden`,
        value: p.aPerSecond,
        note: `${fmt(p.aPerSecond, 0)}/s, ${share}`,
        ours: true,
      },
      {
        label: `${chains} in flight: ${ceiling}`,
        value: p.bPerSecond,
        note: `${fmt(p.bPerSecond, 0)}/s`,
        ours: false,
      },
    ];
  });
}

function storePanel(
  title: string,
  ceiling: string,
  section: Section<{ c1: PairedThroughput; c64: PairedThroughput }>,
): Panel {
  if (!section.ran) return { title, bars: [], missing: section.reason };
  return { title, bars: throughputBars(section.value.c1, section.value.c64, ceiling) };
}

/** The charts of a run, by file name (docs/bench-*.svg). */
export function renderCharts(results: ChartResults): Record<string, string> {
  return {
    'bench-verify.svg': chart(
      'Verify one access token',
      'µs per operation, lower is better; cold verify, no cache (npm run bench)',
      results,
      timePanels(results, 'verify'),
    ),
    'bench-sign.svg': chart(
      'Sign one access token',
      'µs per operation, lower is better (npm run bench)',
      results,
      timePanels(results, 'sign'),
    ),
    'bench-refresh.svg': chart(
      'Refresh rotation per store, against the least the store could do',
      'refreshes per second, higher is better; share of the ceiling in wall time (npm run bench)',
      results,
      [
        storePanel('MemoryStore', 'hand-written floor', { ran: true, value: results.rotation }),
        storePanel('PostgresStore', 'UPDATE … RETURNING', results.postgres),
        storePanel('RedisStore', 'one-key EVALSHA', results.redis),
      ],
    ),
  };
}
