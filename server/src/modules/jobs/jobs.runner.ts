import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Dialect } from '../../db/dialect.js';
import type { Database, JobsTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';

export type JobHandler = (
  payload: unknown,
  job: { id: string; orgId: string | null; attempts: number },
) => Promise<void>;
type JobRow = Omit<JobsTable, 'attempts' | 'maxAttempts'> & { attempts: number; maxAttempts: number };

/**
 * One background runner for reminders, e-mails, imports and nightly rules, backed by the `jobs`
 * table in the app's own database. Several instances may run it: a job is claimed by one atomic
 * UPDATE (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a time). Failures retry with
 * exponential backoff until maxAttempts, then stay `failed` and show in GET /api/v1/jobs.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly log: FastifyBaseLogger,
  ) {}

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  /**
   * Queues a job. `db`: a transaction to write it in (it runs only if that commits). `unlessQueued`:
   * when a job of this type and organisation is already waiting, that one is returned instead
   * (batching: it will pick up whatever is there when it runs).
   */
  async enqueue(
    type: string,
    payload: unknown = {},
    opts: {
      orgId?: string | null;
      runAt?: Date;
      maxAttempts?: number;
      db?: Kysely<Database>;
      unlessQueued?: boolean;
    } = {},
  ) {
    const db = opts.db ?? this.db;
    if (opts.unlessQueued) {
      let q = db
        .selectFrom('jobs')
        .select('id')
        .where('type', '=', type)
        .where('status', '=', 'queued')
        .where('attempts', '=', 0);
      q = opts.orgId ? q.where('orgId', '=', opts.orgId) : q.where('orgId', 'is', null);
      const waiting = await q.limit(1).executeTakeFirst();
      if (waiting) return waiting.id;
    }
    const id = newId();
    const now = new Date().toISOString();
    await db
      .insertInto('jobs')
      .values({
        id,
        orgId: opts.orgId ?? null,
        type,
        payload: JSON.stringify(payload ?? {}),
        status: 'queued',
        runAt: (opts.runAt ?? new Date()).toISOString(),
        maxAttempts: opts.maxAttempts ?? 5,
        lastError: null,
        lockedBy: null,
        lockedAt: null,
        createdAt: now,
        finishedAt: null,
      })
      .execute();
    return id;
  }

  /**
   * A recurring job: enqueued every `intervalSeconds` by whichever instance gets there first.
   * `firstRunAt` places a new schedule's first slot (a daily job in the morning); default now.
   */
  async schedule(
    name: string,
    jobType: string,
    intervalSeconds: number,
    payload: unknown = {},
    opts: { firstRunAt?: Date } = {},
  ) {
    const existing = await this.db
      .selectFrom('jobSchedules')
      .select('name')
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) {
      await this.db
        .updateTable('jobSchedules')
        .set({ jobType, intervalSeconds, payload: JSON.stringify(payload) })
        .where('name', '=', name)
        .execute();
      return;
    }
    await this.db
      .insertInto('jobSchedules')
      .values({
        name,
        jobType,
        intervalSeconds,
        nextRunAt: (opts.firstRunAt ?? new Date()).toISOString(),
        payload: JSON.stringify(payload),
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  /** Enqueues due schedules. The conditional UPDATE makes exactly one instance win each slot. */
  async tickSchedules(now = new Date()): Promise<number> {
    const due = await this.db
      .selectFrom('jobSchedules')
      .selectAll()
      .where('nextRunAt', '<=', now.toISOString())
      .execute();
    let n = 0;
    for (const s of due) {
      const next = new Date(now.getTime() + s.intervalSeconds * 1000).toISOString();
      const r = await this.db
        .updateTable('jobSchedules')
        .set({ nextRunAt: next })
        .where('name', '=', s.name)
        .where('nextRunAt', '=', s.nextRunAt)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) {
        await this.enqueue(s.jobType, JSON.parse(s.payload));
        n++;
      }
    }
    return n;
  }

  /** Claims the next due job for this worker, or undefined when none is due. */
  async claim(now = new Date()): Promise<JobRow | undefined> {
    const at = now.toISOString();
    const result = await sql<JobRow>`
      update jobs set status = 'running', locked_by = ${this.workerId}, locked_at = ${at}, attempts = attempts + 1
      where id = (
        select id from jobs where status = 'queued' and run_at <= ${at}
        order by run_at, id limit 1 ${sql.raw(this.dialect.skipLocked)}
      )
      returning *`.execute(this.db);
    return result.rows[0];
  }

  /** Runs due jobs until none is left; returns how many ran. */
  async runDue(now = new Date()): Promise<number> {
    let n = 0;
    for (;;) {
      const job = await this.claim(now);
      if (!job) return n;
      n++;
      await this.execute(job, now);
    }
  }

  /** Backoff counts from `now`, the clock the caller claims by, so a retry is never due in the same pass. */
  private async execute(job: JobRow, now: Date) {
    const handler = this.handlers.get(job.type);
    const finishedAt = () => new Date().toISOString();
    try {
      if (!handler) throw new Error(`No handler registered for job type ${job.type}`);
      await handler(JSON.parse(job.payload), { id: job.id, orgId: job.orgId, attempts: job.attempts });
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finishedAt: finishedAt(), lockedBy: null, lastError: null })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const failed = job.attempts >= job.maxAttempts;
      const retryAt = new Date(now.getTime() + Math.min(3600, 2 ** job.attempts * 5) * 1000).toISOString();
      await this.db
        .updateTable('jobs')
        .set(
          failed
            ? {
                status: 'failed',
                lastError: message.slice(0, 2000),
                finishedAt: finishedAt(),
                lockedBy: null,
              }
            : { status: 'queued', lastError: message.slice(0, 2000), runAt: retryAt, lockedBy: null },
        )
        .where('id', '=', job.id)
        .execute();
      this.log.warn(
        { jobId: job.id, type: job.type, attempts: job.attempts, failed },
        `job failed: ${message}`,
      );
    }
  }

  /** Jobs stuck in `running` (their worker died) go back to the queue after `staleSeconds`. */
  async requeueStale(staleSeconds = 600) {
    const before = new Date(Date.now() - staleSeconds * 1000).toISOString();
    await this.db
      .updateTable('jobs')
      .set({ status: 'queued', lockedBy: null })
      .where('status', '=', 'running')
      .where('lockedAt', '<', before)
      .execute();
  }

  /** An organisation's jobs, plus system jobs (no organisation, no tenant data). */
  list(orgId: string, filter: { status?: string; limit: number; cursor?: string }) {
    let q = this.db
      .selectFrom('jobs')
      .selectAll()
      .where((eb) => eb.or([eb('orgId', '=', orgId), eb('orgId', 'is', null)]));
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.cursor) q = q.where('id', '<', filter.cursor);
    return q
      .orderBy('id', 'desc')
      .limit(filter.limit + 1)
      .execute();
  }

  async retry(orgId: string, id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .where((eb) => eb.or([eb('orgId', '=', orgId), eb('orgId', 'is', null)]))
      .set({ status: 'queued', runAt: new Date().toISOString(), attempts: 0, finishedAt: null })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  start(intervalMs = 2000): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      try {
        await this.requeueStale();
        await this.tickSchedules();
        await this.runDue();
      } catch (err) {
        this.log.error({ err }, 'job runner loop failed');
      }
      if (!this.stopped) this.timer = setTimeout(() => (this.running = loop()), intervalMs);
    };
    this.running = loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
