import { DEFAULT_DATABASE_URL } from './db/database.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Seed the demo organisation on an empty database (TUOKE_DEMO=0 starts empty). */
  demo: boolean;
  logLevel: string;
  sessionTtlHours: number;
  /** Mark the session cookie Secure (behind HTTPS). */
  cookieSecure: boolean;
  /** Start the background job runner in this process. */
  jobs: boolean;
  webDist: string | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    demo: env.TUOKE_DEMO !== '0',
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 24 * 7),
    cookieSecure: env.COOKIE_SECURE === '1',
    jobs: env.TUOKE_JOBS !== '0',
    webDist: env.WEB_DIST ?? null,
  };
}
