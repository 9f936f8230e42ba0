/**
 * npm run bench:forecast
 *
 * Runs the forecasting engine on the M3 competition's 1,428 monthly (h = 18, m = 12) and 756
 * quarterly (h = 8, m = 4) series and prints sMAPE and MASE per method next to the published
 * results, plus the same metrics computed from forecasts submitted to M3 (their Naive2 must match
 * the published 16.91 / 9.95). Data: $TUOKE_EXTERNAL_DATA/m3-competition (default
 * ../shared/external-data next to the repository); see SOURCE.md there. Missing data: a notice,
 * exit code 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forecastAll, mase, smape, type MethodName } from '../src/modules/forecast/engine/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const envDir = process.env.TUOKE_EXTERNAL_DATA;
const dataRoot = envDir
  ? path.resolve(process.env.INIT_CWD ?? process.cwd(), envDir)
  : path.resolve(repoRoot, '..', 'shared', 'external-data');
const m3Dir = path.join(dataRoot, 'm3-competition', 'derived');

interface Series {
  id: string;
  train: number[];
  test: number[];
}

function readSeries(file: string): Series[] {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const n = Number(cells[1]);
    const nf = Number(cells[2]);
    const values = cells.slice(6, 6 + n).map(Number);
    return { id: cells[0], train: values.slice(0, n - nf), test: values.slice(n - nf) };
  });
}

/** method → series id → forecasts */
function readSubmitted(file: string, methods: readonly string[]): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>(methods.map((m) => [m, new Map()]));
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    out.get(cells[2])?.set(cells[0], cells.slice(4).map(Number));
  }
  return out;
}

const METHODS: MethodName[] = ['naive2', 'ses', 'holt', 'damped', 'theta', 'comb', 'ets', 'shdt'];
const BEST: MethodName = 'shdt';
const SUBMITTED = ['NAIVE2', 'SINGLE', 'DAMPEN', 'COMB S-H-D', 'THETA', 'ForecastPro'];
const PUBLISHED: Record<string, [number, number]> = {
  Naive2: [16.91, 9.95],
  Theta: [13.85, 8.96],
  ETS: [14.14, 9.68],
  'ETS-ARIMA-Theta comb': [13.52, 9.01],
};

interface Scores {
  smape: number;
  mase: number;
}

function evaluate(name: string, h: number, m: number) {
  const series = readSeries(path.join(m3Dir, `m3_${name}_wide.csv`));
  const submitted = readSubmitted(path.join(m3Dir, `m3_${name}_forecasts_24methods.csv`), SUBMITTED);
  const engine = new Map<string, Scores>(METHODS.map((k) => [k, { smape: 0, mase: 0 }]));
  const given = new Map<string, Scores>(SUBMITTED.map((k) => [k, { smape: 0, mase: 0 }]));
  for (const s of series) {
    if (s.test.length !== h) throw new Error(`${s.id}: hold-out ${s.test.length}, expected ${h}`);
    const fc = forecastAll(s.train, h, m);
    for (const k of METHODS) {
      const acc = engine.get(k)!;
      acc.smape += smape(s.test, fc[k]) / series.length;
      acc.mase += mase(s.train, s.test, fc[k], m) / series.length;
    }
    for (const k of SUBMITTED) {
      const f = submitted.get(k)!.get(s.id);
      if (!f) throw new Error(`${s.id}: no submitted ${k} forecast`);
      const acc = given.get(k)!;
      acc.smape += smape(s.test, f) / series.length;
      acc.mase += mase(s.train, s.test, f, m) / series.length;
    }
  }
  return { count: series.length, engine, given };
}

if (!existsSync(m3Dir)) {
  console.log(
    `M3 data not found at ${m3Dir}; set TUOKE_EXTERNAL_DATA to the folder holding m3-competition/. Skipping.`,
  );
  process.exit(0);
}

const started = performance.now();
const monthly = evaluate('monthly', 18, 12);
const quarterly = evaluate('quarterly', 8, 4);
const seconds = (performance.now() - started) / 1000;

const f2 = (x: number) => x.toFixed(2).padStart(8);
const f3 = (x: number) => x.toFixed(3).padStart(8);
const row = (label: string, mo: string, mm: string, qo: string, qm: string) =>
  console.log(`${label.padEnd(30)}${mo}${mm}${qo}${qm}`);

console.log(`M3: ${monthly.count} monthly series (h=18, m=12), ${quarterly.count} quarterly (h=8, m=4)`);
row('method', '  M sMAPE', '  M MASE', '  Q sMAPE', '  Q MASE');
console.log('engine');
for (const k of METHODS) {
  const a = monthly.engine.get(k)!;
  const b = quarterly.engine.get(k)!;
  row(`  ${k}${k === BEST ? ' *' : ''}`, f2(a.smape), f3(a.mase), f2(b.smape), f3(b.mase));
}
console.log('submitted to M3, scored here');
for (const k of SUBMITTED) {
  const a = monthly.given.get(k)!;
  const b = quarterly.given.get(k)!;
  row(`  ${k}`, f2(a.smape), f3(a.mase), f2(b.smape), f3(b.mase));
}
console.log('published (sMAPE)');
for (const [k, [mo, q]] of Object.entries(PUBLISHED)) row(`  ${k}`, f2(mo), '       -', f2(q), '       -');
const n2m = monthly.given.get('NAIVE2')!.smape;
const n2q = quarterly.given.get('NAIVE2')!.smape;
console.log(
  `Naive2 reproduced from the submitted forecasts: monthly ${n2m.toFixed(3)} (published 16.91), ` +
    `quarterly ${n2q.toFixed(3)} (published 9.95)`,
);
console.log(`* = the engine's combination reported below (mean of SES, damped trend and Theta)`);

const mb = monthly.engine.get(BEST)!;
const qb = quarterly.engine.get(BEST)!;
console.log(
  `m3 monthly_smape=${mb.smape.toFixed(2)} monthly_mase=${mb.mase.toFixed(3)} ` +
    `quarterly_smape=${qb.smape.toFixed(2)} quarterly_mase=${qb.mase.toFixed(3)} seconds=${seconds.toFixed(1)}`,
);
