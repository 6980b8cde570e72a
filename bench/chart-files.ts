/**
 * Writes a run's results as bench/results.json and its charts as
 * docs/bench-*.svg (see charts.ts). `npm run bench` calls it after each run;
 * `npm run bench:charts` redraws the charts from the saved JSON alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type ChartResults, renderCharts } from './charts.js';

const RESULTS_JSON = new URL('./results.json', import.meta.url);
const DOCS = new URL('../docs/', import.meta.url);

/** Writes every chart of `results` into docs/; returns the paths written. */
export function writeCharts(results: ChartResults): string[] {
  mkdirSync(DOCS, { recursive: true });
  return Object.entries(renderCharts(results)).map(([name, svg]) => {
    const url = new URL(name, DOCS);
    writeFileSync(url, svg);
    return `docs/${name}`;
  });
}

/** Saves `results` as bench/results.json, the input of `npm run bench:charts`. */
export function saveResults(results: ChartResults): void {
  writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
}

/** The results `npm run bench` saved last. */
export function loadResults(): ChartResults {
  return JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as ChartResults;
}
