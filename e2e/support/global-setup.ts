import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
  }
}

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const READY_TIMEOUT_MS = 120_000;

/**
 * Starts the app once for all journeys and hands its base URL to the tests
 * (`inject('e2eBaseUrl')`, also `process.env.E2E_BASE_URL`).
 *
 * Environment:
 *   E2E_BASE_URL      use an app that is already running; start nothing
 *   E2E_DATABASE_URL  the app's DATABASE_URL (e.g. a fresh PostgreSQL database);
 *                     default: sqlite:<tmpdir>/e2e.db, seeded with the demo data on first start
 *   E2E_SERVER_LOG    where the app's output goes; default .test-results/e2e-server-<engine>.log
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.E2E_BASE_URL;
  if (given) {
    project.provide('e2eBaseUrl', given.replace(/\/$/, ''));
    return async () => {};
  }

  const dir = mkdtempSync(join(tmpdir(), 'tuoke-e2e-'));
  const databaseUrl = process.env.E2E_DATABASE_URL || `sqlite:${join(dir, 'e2e.db')}`;
  const engine = databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const logPath = resolve(repoRoot, process.env.E2E_SERVER_LOG || `.test-results/e2e-server-${engine}.log`);
  mkdirSync(resolve(logPath, '..'), { recursive: true });
  const log = createWriteStream(logPath);
  await new Promise((ok, fail) => log.once('open', ok).once('error', fail));

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const tsx = join(repoRoot, 'node_modules/.bin/tsx');
  const [cmd, args] = existsSync(tsx)
    ? [tsx, ['server/src/main.ts']]
    : ['npx', ['--no-install', 'tsx', 'server/src/main.ts']];

  const child = spawn(cmd, args, {
    cwd: repoRoot,
    // own process group, so teardown can stop tsx and the node process it starts
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl },
  });
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  child.once('error', (err) => (exited = `failed to start: ${err.message}`));

  const stop = async (): Promise<void> => {
    await stopGroup(child);
    log.end();
    rmSync(dir, { recursive: true, force: true });
  };

  const started = Date.now();
  try {
    for (;;) {
      if (exited) throw new Error(`the app ${exited} before /readyz answered`);
      if (Date.now() - started > READY_TIMEOUT_MS) {
        throw new Error(`the app did not answer GET /readyz with 200 within ${READY_TIMEOUT_MS / 1000} s`);
      }
      if (await isReady(baseUrl)) break;
      await sleep(250);
    }
  } catch (err) {
    await stop();
    const tail = tailOf(logPath, 40);
    throw new Error(
      `${(err as Error).message}\n(${engine}, DATABASE_URL=${redact(databaseUrl)}, log ${logPath})\n${tail}`,
    );
  }

  console.log(`e2e: app ready at ${baseUrl} on ${engine} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.env.E2E_BASE_URL = baseUrl;
  project.provide('e2eBaseUrl', baseUrl);
  return stop;
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? ok(port) : fail(new Error('no free port'))));
    });
  });
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
  // the node process tsx started may outlive tsx by a moment
  signal('SIGKILL');
}

function tailOf(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}
