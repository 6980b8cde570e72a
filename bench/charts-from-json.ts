/**
 * `npm run bench:charts`: redraws docs/bench-*.svg from bench/results.json,
 * without measuring anything (the full bench takes minutes on a quiet machine).
 */
import { loadResults, writeCharts } from './chart-files.js';

for (const path of writeCharts(loadResults())) process.stdout.write(`wrote ${path}\n`);
