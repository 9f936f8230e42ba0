/**
 * npm run bench [-- --opportunities N --duration S --connections C --engines sqlite,postgres]
 *
 * On each engine: a fresh database with a synthetic organisation of N opportunities (bulk
 * insert), then get-by-id and a filtered, sorted list page through the full API (session, scope,
 * validation, serialization) and the same SQL on the raw driver behind a bare Fastify route.
 * Prints req/s, p50/p99 latency and the API/raw ratio, then the time and size of heavy reports
 * (the 督导看板 over the whole organisation) requested one at a time. The load generator runs in this process;
 * the servers run in a child, so the two do not share an event loop.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedSynthetic } from '../src/seed/synthetic.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const N = Number(args.get('opportunities') ?? process.env.BENCH_OPPORTUNITIES ?? 1_000_000);
const DURATION = Number(args.get('duration') ?? 10);
const CONNECTIONS = Number(args.get('connections') ?? 50);
const ENGINES = (args.get('engines') ?? 'sqlite,postgres').split(',');
const PG_ADMIN =
  process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';
const here = path.dirname(fileURLToPath(import.meta.url));

interface Row {
  engine: string;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratio?: string;
}
const rows: Row[] = [];
const reports: { engine: string; scenario: string; ms: number; kb: number }[] = [];

async function load(url: string, paths: string[], headers: Record<string, string>) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** A heavy report, requested one at a time: median time and the size of the answer. */
async function timed(url: string, path: string, headers: Record<string, string>, times = 3) {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const res = await fetch(url + path, { headers });
    const body = await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
    ms.push(performance.now() - started);
    bytes = body.byteLength;
  }
  ms.sort((a, b) => a - b);
  return { ms: Math.round(ms[Math.floor(ms.length / 2)]!), kb: Math.round(bytes / 1024) };
}

/**
 * Targets and planning on the seeded organisation: a company revenue target for this year, its
 * cascade preview to the teams by last year, its live attainment (pace line and ranked children),
 * the targets list and the territories' potentials.
 */
async function planningReports(engine: string, url: string, session: Record<string, string>) {
  const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: session })).json()) as {
    csrfToken: string;
  };
  const write = async (method: string, path: string, body: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { ...session, 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    return json;
  };
  const year = new Date().getFullYear();
  const created = (await write('POST', '/api/v1/targets', {
    name: 'bench company revenue',
    metric: 'revenue',
    value: 100_000_000_000,
    periodType: 'year',
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    ownerType: 'company',
  })) as { target: { id: string } };
  const id = created.target.id;
  const started = performance.now();
  await write('POST', `/api/v1/targets/${id}/cascade/preview`, { dimension: 'team', method: 'last_year' });
  const preview = Math.round(performance.now() - started);
  await write('POST', `/api/v1/targets/${id}/cascade`, { dimension: 'team', method: 'last_year' });
  return [
    { engine, scenario: 'target cascade preview, company → teams by last year', ms: preview, kb: 0 },
    {
      engine,
      scenario: 'target detail: attainment, pace line, ranked teams',
      ...(await timed(url, `/api/v1/targets/${id}`, session)),
    },
    {
      engine,
      scenario: 'targets list with live attainment',
      ...(await timed(url, '/api/v1/targets?periodType=year', session)),
    },
    {
      engine,
      scenario: 'territory potentials',
      ...(await timed(url, `/api/v1/territories/potentials?year=${year}`, session)),
    },
  ];
}

async function prepare(engine: string): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tuoke-bench-'));
    return {
      url: `sqlite:${dir}/bench.db`,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `tuoke_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function benchEngine(engine: string) {
  const { url, cleanup } = await prepare(engine);
  try {
    const db = openDatabase(url);
    await migrateToLatest(db.kysely);
    const started = Date.now();
    const seeded = await seedSynthetic(db, {
      opportunities: N,
      log: (m) => console.log(`  [${engine}] ${m}`),
    });
    console.log(
      `  [${engine}] seeded ${N.toLocaleString()} opportunities in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await db.close();

    const apiPort = 4100 + Math.floor(Math.random() * 400);
    const rawPort = apiPort + 500;
    const child = fork(path.join(here, 'bench-server.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_DATABASE_URL: url,
        BENCH_ORG_ID: seeded.orgId,
        BENCH_API_PORT: String(apiPort),
        BENCH_RAW_PORT: String(rawPort),
      },
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    const api = `http://127.0.0.1:${apiPort}`;
    const raw = `http://127.0.0.1:${rawPort}`;
    const login = async (email: string) => {
      const r = await fetch(`${api}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: seeded.password }),
      });
      if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
      return { cookie: r.headers.get('set-cookie')!.split(';')[0]! };
    };
    const admin = await login(seeded.adminEmail);
    const rep = await login(seeded.repEmail);
    const ids = seeded.sampleOpportunityIds;
    const listPath = '/api/v1/opportunities?status=open&sort=-updatedAt&limit=50';

    const rawGet = await load(
      raw,
      ids.map((id) => `/raw/opportunities/${id}`),
      {},
    );
    const apiGet = await load(
      api,
      ids.map((id) => `/api/v1/opportunities/${id}`),
      admin,
    );
    const rawList = await load(raw, ['/raw/opportunities'], {});
    const apiList = await load(api, [listPath], admin);
    const repList = await load(api, ['/api/v1/opportunities?view=mine&sort=-updatedAt&limit=50'], rep);
    const boardAll = await timed(api, '/api/v1/supervision', admin);
    const boardRep = await timed(api, '/api/v1/supervision', rep);
    reports.push(
      { engine, scenario: '督导看板, whole organisation (admin)', ...boardAll },
      { engine, scenario: '督导看板, one rep', ...boardRep },
      ...(await planningReports(engine, api, admin)),
    );
    const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
    rows.push(
      { engine, scenario: 'get by id: raw driver', ...rawGet },
      { engine, scenario: 'get by id: API (admin)', ...apiGet, ratio: pct(apiGet.rps, rawGet.rps) },
      { engine, scenario: 'list 50 open, newest first: raw', ...rawList },
      {
        engine,
        scenario: 'list 50 open, newest first: API',
        ...apiList,
        ratio: pct(apiList.rps, rawList.rps),
      },
      { engine, scenario: 'list 50, rep scope (view=mine): API', ...repList },
    );
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  } finally {
    await cleanup();
  }
}

console.log(
  `Tuoke bench: ${N.toLocaleString()} opportunities, ${CONNECTIONS} connections, ${DURATION} s per scenario`,
);
for (const engine of ENGINES) {
  try {
    await benchEngine(engine);
  } catch (err) {
    console.error(`  [${engine}] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
console.log('');
console.log(['engine', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'API/raw'].join('\t'));
for (const r of rows)
  console.log([r.engine, r.scenario, Math.round(r.rps), r.p50, r.p99, r.errors, r.ratio ?? ''].join('\t'));
console.log('');
console.log(['engine', 'report (one request at a time)', 'median ms', 'answer KB'].join('\t'));
for (const r of reports) console.log([r.engine, r.scenario, r.ms, r.kb].join('\t'));
