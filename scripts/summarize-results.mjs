#!/usr/bin/env node
// Reads .test-results/manifest.tsv (written by scripts/test-all.sh) and the vitest JSON reports
// it names, prints a table per suite and check, and ends with exactly one line
// `N passed, N failed` - the line CI reads. Exit code 1 if anything failed.
//
// manifest.tsv rows: kind <TAB> name <TAB> exit code <TAB> seconds <TAB> note
//   kind = check    one test: passed if exit code is 0
//          suite    vitest JSON in .test-results/<name>.json; missing or unreadable = 1 failed
//          skipped  not run on purpose (counted as nothing, shown in the table)
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2] ?? '.test-results';
const manifestPath = join(dir, 'manifest.tsv');
const rows = existsSync(manifestPath)
  ? readFileSync(manifestPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [kind, name, code, seconds, note = ''] = l.split('\t');
        return { kind, name, code: Number(code), seconds: Number(seconds), note };
      })
  : [];

const lines = [];
const failures = [];
let passed = 0;
let failed = 0;
let skipped = 0;

for (const row of rows) {
  let p = 0;
  let f = 0;
  let s = 0;
  let note = row.note;
  if (row.kind === 'check') {
    if (row.code === 0) p = 1;
    else {
      f = 1;
      failures.push(`${row.name}: exit code ${row.code}`);
    }
  } else if (row.kind === 'suite') {
    const report = readReport(join(dir, `${row.name}.json`));
    if (!report) {
      f = 1;
      note = note || `no results (vitest exit code ${row.code})`;
      failures.push(`${row.name}: ${note}`);
    } else {
      p = report.numPassedTests ?? 0;
      f = report.numFailedTests ?? 0;
      s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      for (const file of report.testResults ?? []) {
        const path = relative(process.cwd(), file.name ?? '');
        const bad = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
        for (const a of bad) failures.push(`${row.name}: ${path} > ${a.fullName ?? a.title}`);
        // a file that failed with no failing test: it did not load, or a hook failed
        if (file.status === 'failed' && bad.length === 0) {
          f += 1;
          failures.push(`${row.name}: ${path}: ${firstLine(file.message) || 'failed outside any test'}`);
        }
      }
      if (f === 0 && row.code !== 0) {
        // e.g. unhandled errors, or a global setup that threw
        f = 1;
        note = note || `vitest exit code ${row.code}`;
        failures.push(`${row.name}: ${note}`);
      }
      if (p + f + s === 0) note = note || 'no test files';
    }
  } else {
    note = note || 'not run';
  }
  passed += p;
  failed += f;
  skipped += s;
  lines.push([row.kind === 'check' ? `check ${row.name}` : row.name, p, f, s, fmtTime(row.seconds), note]);
}

const header = ['suite', 'passed', 'failed', 'skipped', 'time', 'note'];
const table = [header, ...lines].map((r) => r.map(String));
const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
const out = [];
out.push('');
out.push('==== test summary ====');
for (const r of table) {
  out.push(
    r
      .map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
if (rows.length === 0) {
  failed += 1;
  out.push(`no manifest at ${manifestPath}: nothing was recorded`);
}
if (failures.length) {
  out.push('');
  out.push('failures:');
  for (const line of failures.slice(0, 50)) out.push(`  ${line}`);
  if (failures.length > 50) out.push(`  ... and ${failures.length - 50} more`);
}
if (skipped) out.push(`(${skipped} skipped)`);
out.push(`${passed} passed, ${failed} failed`);
process.stdout.write(`${out.join('\n')}\n`);
process.exitCode = failed > 0 ? 1 : 0;

function readReport(path) {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8'));
    return typeof data.numTotalTests === 'number' ? data : null;
  } catch {
    return null;
  }
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 200);
}

function fmtTime(seconds) {
  if (!Number.isFinite(seconds)) return '';
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
    : `${seconds}s`;
}
