import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { dialectFor } from './db/dialect.js';
import { installErrorHandlers } from './http/error-handler.js';
import { compileValidator } from './http/validation.js';
import { notFound } from './http/errors.js';
import type { App } from './http/types.js';
import { DirectoryCache } from './modules/access/index.js';
import { AccountsService, accountsRoutes } from './modules/accounts/index.js';
import { ApprovalsService, approvalsRoutes } from './modules/approvals/index.js';
import { AuthRepository, AuthService, authRoutes, installAuthHook } from './modules/auth/index.js';
import {
  ActivitiesService,
  CalendarFeedService,
  activitiesRoutes,
  calendarFeedRoutes,
  type RelatedLookup,
} from './modules/activities/index.js';
import { ContactsService, contactsRoutes } from './modules/contacts/index.js';
import { ContractsService, contractsRoutes } from './modules/contracts/index.js';
import { JobRunner, jobsRoutes } from './modules/jobs/index.js';
import {
  LeadConversionService,
  LeadsService,
  leadConversionRoutes,
  leadsRoutes,
} from './modules/leads/index.js';
import { DedupeService, dedupeRoutes } from './modules/dedupe/index.js';
import { AssignmentService, assignmentRoutes } from './modules/assignment/index.js';
import { LeadSourcesService, leadSourcesRoutes } from './modules/lead-sources/index.js';
import { ScoringService, scoringRoutes } from './modules/scoring/index.js';
import { WebFormsService, webFormsRoutes } from './modules/web-forms/index.js';
import { NeedsService, needsRoutes } from './modules/needs/index.js';
import { QuestionnairesService, questionnairesRoutes } from './modules/questionnaires/index.js';
import { ProposalsService, proposalsRoutes } from './modules/proposals/index.js';
import {
  OpportunitiesService,
  StageProcessService,
  opportunitiesRoutes,
  stageProcessRoutes,
} from './modules/opportunities/index.js';
import { PaymentsService, paymentsRoutes } from './modules/payments/index.js';
import { PipelinesService, pipelinesRoutes } from './modules/pipelines/index.js';
import { ProductsService, productsRoutes } from './modules/products/index.js';
import { QuotesService, quotesRoutes } from './modules/quotes/index.js';
import { SearchService, searchRoutes } from './modules/search/index.js';
import { PoolDirectory, PoolsService, poolsRoutes } from './modules/pools/index.js';
import { UsersService, usersRoutes } from './modules/users/index.js';
import { SegmentsService, segmentsRoutes } from './modules/segments/index.js';
import {
  CampaignsService,
  EmailService,
  MailSecret,
  SEND_JOB,
  campaignsRoutes,
} from './modules/campaigns/index.js';
import { VisitsService, visitsRoutes } from './modules/visits/index.js';
import { ResultsService } from './modules/results/index.js';
import {
  BudgetService,
  PlansService,
  TerritoriesService,
  plansRoutes,
  territoriesRoutes,
} from './modules/plans/index.js';
import { MarketsService, marketsRoutes } from './modules/markets/index.js';
import { TargetsService, targetsRoutes } from './modules/targets/index.js';
import { SUPERVISION_DAILY_JOB, SupervisionService, supervisionRoutes } from './modules/supervision/index.js';
import {
  DUE_REMINDERS_JOB,
  NOTIFICATIONS_EMAIL_JOB,
  NOTIFICATIONS_PURGE_JOB,
  NotificationsService,
  notificationsRoutes,
} from './modules/notifications/index.js';
import { WorkReportsService, workReportsRoutes } from './modules/work-reports/index.js';
import { MeetingsService, meetingsRoutes } from './modules/meetings/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_WEB_DIST = path.resolve(here, '../../web/dist');

export interface Services {
  auth: AuthService;
  directory: DirectoryCache;
  accounts: AccountsService;
  contacts: ContactsService;
  leads: LeadsService;
  dedupe: DedupeService;
  leadConversion: LeadConversionService;
  leadSources: LeadSourcesService;
  assignment: AssignmentService;
  scoring: ScoringService;
  webForms: WebFormsService;
  products: ProductsService;
  pipelines: PipelinesService;
  opportunities: OpportunitiesService;
  stageProcess: StageProcessService;
  activities: ActivitiesService;
  calendarFeed: CalendarFeedService;
  users: UsersService;
  search: SearchService;
  pools: PoolsService;
  jobs: JobRunner;
  approvals: ApprovalsService;
  quotes: QuotesService;
  contracts: ContractsService;
  payments: PaymentsService;
  needs: NeedsService;
  questionnaires: QuestionnairesService;
  proposals: ProposalsService;
  segments: SegmentsService;
  campaigns: CampaignsService;
  email: EmailService;
  visits: VisitsService;
  supervision: SupervisionService;
  notifications: NotificationsService;
  workReports: WorkReportsService;
  meetings: MeetingsService;
  results: ResultsService;
  targets: TargetsService;
  territories: TerritoriesService;
  plans: PlansService;
  budget: BudgetService;
  markets: MarketsService;
}

/**
 * Builds the HTTP app by hand: repositories -> services -> routes. No container; what a route
 * can reach is what is passed to it here.
 */
export async function buildApp(
  db: Db,
  config: Pick<Config, 'logLevel' | 'sessionTtlHours' | 'cookieSecure' | 'webDist'>,
  opts: { logger?: FastifyServerOptions['logger'] } = {},
) {
  const app = Fastify({
    logger: opts.logger ?? {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
        ],
        remove: true,
      },
    },
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  app.setValidatorCompiler(compileValidator);

  installErrorHandlers(app);

  const kysely = db.kysely;
  const dialect = dialectFor(db.engine);
  const directory = new DirectoryCache(kysely);
  const auth = new AuthService(new AuthRepository(kysely), { sessionTtlHours: config.sessionTtlHours });
  const jobs = new JobRunner(kysely, dialect, app.log);
  // 通知中心: others call notifications.notify(orgId, items, trx?); e-mail goes out from a job.
  const notifications = new NotificationsService(kysely, jobs, app.log);
  jobs.register(NOTIFICATIONS_EMAIL_JOB, async (payload) => {
    await notifications.runEmailJob(payload);
  });
  jobs.register(DUE_REMINDERS_JOB, async () => {
    await notifications.runDueReminders();
  });
  jobs.register(NOTIFICATIONS_PURGE_JOB, async () => {
    await notifications.purgeRead();
  });
  jobs.register('auth.purge-expired', async () => {
    await auth.purgeExpired();
  });
  // Pools (公海): who sees a record without an owner, and the moves between people and pools.
  const pools = new PoolsService(kysely, dialect, directory, new PoolDirectory(kysely, dialect, directory));
  jobs.register('pools.daily', async () => {
    await pools.runDaily();
  });
  const accounts = new AccountsService(kysely, dialect, directory, pools);
  const contacts = new ContactsService(kysely, dialect, directory, accounts, pools);
  const leads = new LeadsService(kysely, dialect, directory, pools);
  // Lead intake: sources validate leads.source; new leads are routed by the assignment rules
  // (when asked) and every lead is scored after each write; web forms create leads through it.
  const leadSources = new LeadSourcesService(kysely);
  const assignment = new AssignmentService(kysely, directory, (actor, id, action) =>
    leads.visible(actor, id, action),
  );
  const scoring = new ScoringService(kysely, (actor, id) => leads.visible(actor, id, 'read'));
  leads.useIntake({
    checkSource: (orgId, key) => leadSources.checkSource(orgId, key),
    async created(actor, leadId, { autoAssign }) {
      if (autoAssign) await assignment.assignLead(actor.orgId, leadId, 'api', actor.userId);
      await scoring.rescoreLead(actor.orgId, leadId);
    },
    async changed(orgId, leadId) {
      await scoring.rescoreLead(orgId, leadId);
    },
  });
  const webForms = new WebFormsService(kysely, directory, {
    createLead: (actor, input) => leads.create(actor, input),
    checkSource: (orgId, key) => leadSources.checkSource(orgId, key),
    async assign(orgId, leadId) {
      await assignment.assignLead(orgId, leadId, 'web_form', null);
    },
    async rescore(orgId, leadId) {
      await scoring.rescoreLead(orgId, leadId);
    },
    leadVisible: (actor, id) => leads.visible(actor, id, 'read'),
  });
  jobs.register('lead-intake.nightly', async () => {
    await scoring.nightly();
    await webForms.purgeSpam();
  });
  const pipelines = new PipelinesService(kysely, dialect, directory);
  const opportunities = new OpportunitiesService(kysely, dialect, directory, accounts, pipelines);
  // 查重 asks each module whether the caller may open a record; conversion reuses what it finds.
  const dedupe = new DedupeService(kysely, directory, accounts, contacts, leads);
  dedupe.onMerged(async (orgId, object, survivorId) => {
    if (object === 'lead') await scoring.rescoreLead(orgId, survivorId);
  });
  const leadConversion = new LeadConversionService(
    kysely,
    leads,
    accounts,
    contacts,
    opportunities,
    pipelines,
    dedupe,
  );
  // Approvals are an engine other modules submit to; each registers what happens once decided.
  const approvals = new ApprovalsService(kysely, directory);
  approvals.useNotifier((orgId, items, trx) => notifications.notify(orgId, items, trx));
  const quotes = new QuotesService(kysely, directory, opportunities, approvals);
  jobs.register('approvals.remind-overdue', async () => {
    await approvals.remindOverdue();
  });
  jobs.register('quotes.expire', async () => {
    await quotes.expireOverdue();
  });
  // Activities attach to records of other modules; these answer "may the actor see it, and whose account is it".
  const related: RelatedLookup = {
    async accountOf(actor, type, id) {
      switch (type) {
        case 'account':
          return (await accounts.visible(actor, id, 'read')).row.id;
        case 'contact':
          return (await contacts.visible(actor, id, 'read')).row.accountId;
        case 'opportunity':
          return (await opportunities.visible(actor, id, 'read')).row.accountId;
        case 'lead':
          await leads.visible(actor, id, 'read');
          return null;
      }
    },
  };
  const contracts = new ContractsService(
    kysely,
    dialect,
    directory,
    accounts,
    opportunities,
    quotes,
    approvals,
  );
  const payments = new PaymentsService(kysely, directory, contracts, approvals);
  const stageProcess = new StageProcessService(kysely, directory, opportunities, pipelines);
  // Needs analysis, questionnaires and proposals follow the account they are about.
  const needs = new NeedsService(kysely, directory, accounts, opportunities, stageProcess);
  const questionnaires = new QuestionnairesService(kysely, directory, accounts);
  const proposals = new ProposalsService(kysely, directory, accounts, needs);
  jobs.register('contracts.daily', async () => {
    await contracts.runDaily();
    await payments.runDaily();
  });
  // Segments filter the accounts and leads lists and give e-mail campaigns their audience.
  const segments = new SegmentsService(kysely, dialect, directory, pools);
  accounts.segmentFilter = segments.listFilter('accounts');
  leads.segmentFilter = segments.listFilter('leads');
  const campaigns = new CampaignsService(kysely, dialect, directory, segments, leads);
  // The SMTP password is encrypted at rest when TUOKE_SECRET_KEY is set (see README).
  const email = new EmailService(
    kysely,
    dialect,
    directory,
    segments,
    campaigns,
    jobs,
    new MailSecret(process.env.TUOKE_SECRET_KEY),
    app.log,
  );
  jobs.register(SEND_JOB, (payload) => email.runSendJob(payload));
  notifications.useMailer(email);
  // 日报/周报: reports prefilled from the records; the deadline job tells who has not submitted.
  const workReports = new WorkReportsService(kysely, directory, notifications, {
    // the facts' target attainment and pace (目标 is built further down; called per report)
    currentFor: (orgId, owner, on) => targets.currentFor(orgId, owner, on),
  });
  jobs.register('work-reports.deadlines', async () => {
    await workReports.runDeadlines();
  });
  // Results (won, signed, 回款, new customers, activities per period): targets, plans, markets read them.
  const results = new ResultsService(kysely, dialect);
  // 销售计划: territories (accounts follow them: placed on create and on a region/industry change),
  // plans with channels, budgets and versions.
  const territories = new TerritoriesService(kysely, directory, results);
  accounts.useTerritories({
    place: (orgId, accountId, db) => territories.place(orgId, accountId, db),
    territoryOf: (orgId, accountId) => territories.territoryOf(orgId, accountId),
  });
  const plans = new PlansService(kysely, dialect, directory, results, territories);
  const budget = new BudgetService(plans, directory, results, territories);
  // 市场分析: markets, competitors (also on deals: a lost deal names the one it was lost to), PEST factors, scores.
  const markets = new MarketsService(kysely, directory, opportunities, results);
  // a territory's market size reads the markets' recorded years
  territories.useMarketSizes((orgId, year) => markets.sizesForYear(orgId, year));
  opportunities.onStatusChange((trx, change) => markets.onDealChanged(trx, change));
  // 目标: SMART targets, the cascade by territory potential, and attainment measured live.
  const targets = new TargetsService(kysely, directory, results);
  targets.usePlanning({
    potentials: (orgId, year) => territories.potentials(orgId, year),
    marketSize: async (orgId, marketId, year) =>
      (await markets.sizeForYear(orgId, marketId, year))?.size ?? null,
    marketFilter: (orgId, marketId) => markets.marketFilter(orgId, marketId),
  });
  plans.useTargets({
    ofPlan: (orgId, planId) => targets.ofPlan(orgId, planId),
    companyRevenue: (orgId, planId) => targets.companyRevenue(orgId, planId),
  });
  // 督导: next steps, stalled deals, overdue tasks, forgotten customers; owners and managers hear daily.
  const supervision = new SupervisionService(kysely, directory, notifications, targets);
  jobs.register(SUPERVISION_DAILY_JOB, async () => {
    await supervision.runDaily();
  });
  // 销售会议: agendas from the team's data and supervision's findings; action items become tasks.
  const meetings = new MeetingsService(
    kysely,
    directory,
    opportunities,
    stageProcess,
    notifications,
    supervision,
    targets,
  );
  const activities = new ActivitiesService(kysely, dialect, directory, related);
  // 拜访: plans, check-in/out with the position and the distance, photos; missed visits reported daily.
  const visits = new VisitsService(
    kysely,
    directory,
    accounts,
    contacts,
    opportunities,
    activities,
    notifications,
  );
  jobs.register('visits.daily', async () => {
    await visits.runDaily();
  });
  const services: Services = {
    auth,
    directory,
    accounts,
    contacts,
    leads,
    dedupe,
    leadConversion,
    leadSources,
    assignment,
    scoring,
    webForms,
    products: new ProductsService(kysely, dialect),
    pipelines,
    opportunities,
    stageProcess,
    activities,
    visits,
    calendarFeed: new CalendarFeedService(kysely),
    users: new UsersService(kysely, dialect, directory, (userId) => auth.forgetUser(userId)),
    search: new SearchService(kysely, dialect, directory, pools),
    pools,
    jobs,
    approvals,
    quotes,
    contracts,
    payments,
    needs,
    questionnaires,
    proposals,
    segments,
    campaigns,
    email,
    supervision,
    notifications,
    workReports,
    meetings,
    results,
    targets,
    territories,
    plans,
    budget,
    markets,
  };

  services.activities.onLeadActivity((orgId, leadId) => scoring.rescoreLead(orgId, leadId).then(() => {}));

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tuoke (拓客) API',
        version: '1',
        description:
          'Sign in with POST /api/v1/auth/login (cookie session; send X-CSRF-Token from /auth/me on writes) or use an API token as `Authorization: Bearer <token>`. Lists use keyset pagination: pass `nextCursor` back as `cursor`. Money is integer minor units (fen) with a currency code. Errors: `{ error: { code, message, fields? } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'tuoke_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installAuthHook(app, auth);

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(kysely);
      return { status: 'ready', database: db.engine };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: db.engine });
    }
  });

  authRoutes(app, auth, { cookieSecure: config.cookieSecure });
  accountsRoutes(app, services.accounts);
  contactsRoutes(app, services.contacts);
  leadsRoutes(app, services.leads);
  dedupeRoutes(app, dedupe);
  leadConversionRoutes(app, leadConversion);
  leadSourcesRoutes(app, leadSources);
  assignmentRoutes(app, assignment);
  scoringRoutes(app, scoring);
  await webFormsRoutes(app, webForms);
  productsRoutes(app, services.products);
  pipelinesRoutes(app, services.pipelines);
  opportunitiesRoutes(app, services.opportunities);
  stageProcessRoutes(app, services.stageProcess);
  activitiesRoutes(app, services.activities);
  calendarFeedRoutes(app, services.calendarFeed);
  usersRoutes(app, services.users);
  searchRoutes(app, services.search);
  poolsRoutes(app, pools);
  jobsRoutes(app, jobs);
  approvalsRoutes(app, approvals);
  quotesRoutes(app, quotes);
  await contractsRoutes(app, contracts);
  paymentsRoutes(app, payments);
  segmentsRoutes(app, segments);
  await campaignsRoutes(app, campaigns, email);
  needsRoutes(app, needs);
  questionnairesRoutes(app, questionnaires);
  proposalsRoutes(app, proposals);
  await visitsRoutes(app, visits);
  supervisionRoutes(app, supervision);
  notificationsRoutes(app, notifications);
  workReportsRoutes(app, workReports);
  meetingsRoutes(app, meetings);
  plansRoutes(app, plans, budget);
  territoriesRoutes(app, territories);
  marketsRoutes(app, markets);
  targetsRoutes(app, targets);

  // The built web app, with client-side routes falling back to index.html.
  const webDist = config.webDist ?? DEFAULT_WEB_DIST;
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: webDist,
      index: false,
      // Vite names built assets by content hash: cache them for good; index.html never.
      setHeaders: (reply, file) => {
        reply.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  if (hasWeb)
    app.get('/', { schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !url.startsWith('/api/');
    if (hasWeb && isPage && !path.extname(url.split('?')[0]!)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    throw notFound(`${request.method} ${url.split('?')[0]}`);
  });

  return { app, services };
}
