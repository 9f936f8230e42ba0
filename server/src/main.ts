import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase, redactUrl } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { isDatabaseEmpty, seedDemo, seedEmptyOrganization } from './seed/demo.js';
import { SUPERVISION_DAILY_JOB, nextMorning } from './modules/supervision/index.js';

const config = loadConfig();
const db = openDatabase(config.databaseUrl);
const { app, services } = await buildApp(db, config);

try {
  const applied = await migrateToLatest(db.kysely);
  app.log.info({ database: redactUrl(config.databaseUrl), applied }, 'database migrated');
  if (await isDatabaseEmpty(db.kysely)) {
    const started = Date.now();
    if (config.demo) await seedDemo(db.kysely);
    else await seedEmptyOrganization(db.kysely);
    app.log.info(
      { demo: config.demo, ms: Date.now() - started },
      'first start: organisation created (admin@tuoke.demo / tuoke-demo)',
    );
  }
  if (config.jobs) {
    await services.jobs.schedule('auth.purge-expired', 'auth.purge-expired', 3600);
    // expiry and payment-due reminders, overdue installments
    await services.jobs.schedule('contracts.daily', 'contracts.daily', 86_400);
    // pools (公海): reclaim what a rule says was neglected, warn owners ahead of it
    await services.jobs.schedule('pools.daily', 'pools.daily', 86_400);
    // 督导: owners hear of their findings, managers get a digest of their team; mornings, China time
    const morning = { firstRunAt: nextMorning(new Date()) };
    await services.jobs.schedule(SUPERVISION_DAILY_JOB, SUPERVISION_DAILY_JOB, 86_400, {}, morning);
    await services.jobs.schedule('approvals.remind-overdue', 'approvals.remind-overdue', 900);
    await services.jobs.schedule('quotes.expire', 'quotes.expire', 3600);
    // 拜访: planned visits not checked in by their time + tolerance are reported to the manager
    await services.jobs.schedule('visits.daily', 'visits.daily', 86_400);
    // 通知中心: due-activity reminders; a sweep for e-mails whose job was lost; read messages go after 90 days
    await services.jobs.schedule('activities.due-reminders', 'activities.due-reminders', 300);
    await services.jobs.schedule('notifications.email', 'notifications.email', 600);
    await services.jobs.schedule('notifications.purge', 'notifications.purge', 86_400);
    // 日报/周报: after each deadline, tell who has not submitted (and their manager)
    await services.jobs.schedule('work-reports.deadlines', 'work-reports.deadlines', 900);
    // lead scoring: retrain the model and rescore (engagement ages out); old spam attempts go
    await services.jobs.schedule('lead-intake.nightly', 'lead-intake.nightly', 86_400);
    services.jobs.start();
  }
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    `Tuoke is ready at http://localhost:${config.port} (demo sign-in: admin@tuoke.demo / tuoke-demo)`,
  );
} catch (err) {
  app.log.error({ err }, 'failed to start');
  process.exit(1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await services.jobs.stop();
    await app.close();
    await db.close();
    process.exit(0);
  });
}
