import { Type } from 'typebox';
import {
  Audience,
  BoothLead,
  BoothLeadCreate,
  Campaign,
  CampaignCost,
  CampaignCostCreate,
  CampaignCreate,
  CampaignListQuery,
  CampaignPage,
  CampaignRecipientPage,
  CampaignRecipientQuery,
  CampaignUpdate,
  EmailPreview,
  EmailPreviewRequest,
  EmailStats,
  EmailTemplate,
  EmailTemplateCreate,
  EmailTemplateListQuery,
  EmailTemplatePage,
  EmailTemplateUpdate,
  EventCheckIn,
  EventRegistration,
  EventRegistrationCreate,
  EventRegistrationPage,
  EventRegistrationQuery,
  Id,
  IdParams,
  MailSettings,
  MailSettingsUpdate,
  Nullable,
  SendResult,
  TestSendRequest,
} from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import { publicPage } from './campaigns.page.js';
import type { CampaignsService } from './campaigns.service.js';
import type { EmailService } from './email.service.js';

const tags = ['campaigns'];
const withErrors = <T extends object>(ok: T) => ({ ...ok, ...errorResponses });
const idOf = (req: { params: unknown }) => (req.params as { id: string }).id;
const SubParams = Type.Object({ id: Id, sub: Id });

/** 1×1 transparent GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export async function campaignsRoutes(app: App, service: CampaignsService, email: EmailService) {
  crudRoutes(
    app,
    'campaigns',
    'campaign',
    {
      item: Campaign,
      page: CampaignPage,
      listQuery: CampaignListQuery,
      create: CampaignCreate,
      update: CampaignUpdate,
    },
    service,
  );

  // Costs.
  app.get(
    '/api/v1/campaigns/:id/costs',
    {
      schema: {
        tags,
        summary: 'Cost lines of a campaign',
        params: IdParams,
        response: withErrors({ 200: Type.Array(CampaignCost) }),
      },
    },
    (req) => service.costs(actorOf(req), idOf(req)),
  );
  app.post(
    '/api/v1/campaigns/:id/costs',
    {
      schema: {
        tags,
        summary: 'Add a cost line (amount in fen)',
        params: IdParams,
        body: CampaignCostCreate,
        response: withErrors({ 201: CampaignCost }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.addCost(actorOf(req), idOf(req), req.body)),
  );
  app.delete(
    '/api/v1/campaigns/:id/costs/:sub',
    {
      schema: {
        tags,
        summary: 'Remove a cost line',
        params: SubParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (req, reply) => {
      await service.removeCost(actorOf(req), req.params.id, req.params.sub);
      return reply.status(204).send(null as never);
    },
  );

  // Events.
  app.get(
    '/api/v1/campaigns/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Registrations of an event, newest first, with registered and attended counts',
        params: IdParams,
        querystring: EventRegistrationQuery,
        response: withErrors({ 200: EventRegistrationPage }),
      },
    },
    (req) => service.registrations(actorOf(req), idOf(req), req.query),
  );
  app.post(
    '/api/v1/campaigns/:id/registrations',
    {
      schema: {
        tags,
        summary: 'Register someone (a known e-mail links the contact or lead)',
        params: IdParams,
        body: EventRegistrationCreate,
        response: withErrors({ 201: EventRegistration }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.register(actorOf(req), idOf(req), req.body)),
  );
  app.post(
    '/api/v1/campaigns/:id/registrations/:sub/check-in',
    {
      schema: {
        tags,
        summary: 'Mark a registration attended (or not)',
        params: SubParams,
        body: EventCheckIn,
        response: withErrors({ 200: EventRegistration }),
      },
    },
    (req) => service.checkIn(actorOf(req), req.params.id, req.params.sub, req.body),
  );
  app.get(
    '/api/v1/campaigns/:id/registrations/export',
    { schema: { tags, summary: 'Registrations as CSV (UTF-8)', params: IdParams } },
    async (req, reply) => {
      const csv = await service.exportCsv(actorOf(req), idOf(req));
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="registrations.csv"; filename*=UTF-8''${encodeURIComponent(csv.filename)}`,
        )
        .send(csv.body);
    },
  );
  app.post(
    '/api/v1/campaigns/:id/booth-leads',
    {
      schema: {
        tags,
        summary: 'Capture a lead at the booth (campaign and lead source set)',
        params: IdParams,
        body: BoothLeadCreate,
        response: withErrors({ 201: BoothLead }),
      },
    },
    async (req, reply) => reply.status(201).send(await service.boothLead(actorOf(req), idOf(req), req.body)),
  );

  // E-mail.
  app.get(
    '/api/v1/campaigns/:id/audience',
    {
      schema: {
        tags,
        summary: 'Who the e-mail would go to now (the segment, with e-mail, less unsubscribed)',
        params: IdParams,
        response: withErrors({ 200: Audience }),
      },
    },
    (req) => email.audience(actorOf(req), idOf(req)),
  );
  app.post(
    '/api/v1/campaigns/:id/preview',
    {
      schema: {
        tags,
        summary: 'The e-mail as one audience member (or sample values) would get it',
        params: IdParams,
        body: EmailPreviewRequest,
        response: withErrors({ 200: EmailPreview }),
      },
    },
    (req) => email.preview(actorOf(req), idOf(req), req.body),
  );
  app.post(
    '/api/v1/campaigns/:id/test-send',
    {
      schema: {
        tags,
        summary: 'Send a test e-mail to one address now (not tracked)',
        params: IdParams,
        body: TestSendRequest,
        response: withErrors({ 200: Type.Object({ messageId: Nullable(Type.String()) }) }),
      },
    },
    (req) => email.testSend(actorOf(req), idOf(req), req.body),
  );
  app.post(
    '/api/v1/campaigns/:id/send',
    {
      schema: {
        tags,
        summary: 'Send to the audience in the background; again: only people new to the segment',
        params: IdParams,
        response: withErrors({ 202: SendResult }),
      },
    },
    async (req, reply) => reply.status(202).send(await email.send(actorOf(req), idOf(req))),
  );
  app.get(
    '/api/v1/campaigns/:id/recipients',
    {
      schema: {
        tags,
        summary: 'Recipients with their delivery status, opens and clicks',
        params: IdParams,
        querystring: CampaignRecipientQuery,
        response: withErrors({ 200: CampaignRecipientPage }),
      },
    },
    (req) => email.recipients(actorOf(req), idOf(req), req.query),
  );
  app.get(
    '/api/v1/campaigns/:id/email-stats',
    {
      schema: {
        tags,
        summary: 'Sent, failed, opened, clicked and unsubscribed counts, and clicks per link',
        params: IdParams,
        response: withErrors({ 200: EmailStats }),
      },
    },
    (req) => email.stats(actorOf(req), idOf(req)),
  );

  crudRoutes(
    app,
    'email-templates',
    'e-mail template',
    {
      item: EmailTemplate,
      page: EmailTemplatePage,
      listQuery: EmailTemplateListQuery,
      create: EmailTemplateCreate,
      update: EmailTemplateUpdate,
    },
    {
      list: (a, q) => email.listTemplates(a, q),
      get: (a, id) => email.getTemplate(a, id),
      create: (a, input) => email.createTemplate(a, input),
      update: (a, id, input) => email.updateTemplate(a, id, input),
      remove: (a, id) => email.removeTemplate(a, id),
    },
  );
  app.get(
    '/api/v1/mail-settings',
    {
      schema: {
        tags,
        summary: 'The organisation’s SMTP server (admins; the password is never returned)',
        response: withErrors({ 200: Nullable(MailSettings) }),
      },
    },
    (req) => email.settings(actorOf(req)),
  );
  app.put(
    '/api/v1/mail-settings',
    {
      schema: {
        tags,
        summary: 'Set the SMTP server (admins); omit password to keep the stored one',
        body: MailSettingsUpdate,
        response: withErrors({ 200: MailSettings }),
      },
    },
    (req) => email.saveSettings(actorOf(req), req.body),
  );

  // The recipient's side, outside /api and the app's sign-in: the token is the key.
  await app.register(async (scoped) => {
    // one-click unsubscribe (RFC 8058) and the confirm form post url-encoded bodies
    scoped.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_req, body, done) => done(null, body),
    );
    const s = scoped as unknown as App;
    const html = (reply: import('fastify').FastifyReply, status: number, body: string) =>
      reply
        .status(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(body);
    const tokenOf = (req: { params: unknown }) => String((req.params as { token: string }).token);
    s.get('/u/:token', { schema: { hide: true } }, async (req, reply) => {
      const info = await email.unsubscribeInfo(tokenOf(req));
      if (!info) return html(reply, 404, publicPage('unknown'));
      return html(reply, 200, publicPage(info.done ? 'done' : 'confirm', info.email, tokenOf(req)));
    });
    s.post('/u/:token', { schema: { hide: true } }, async (req, reply) => {
      const done = await email.unsubscribe(tokenOf(req));
      if (!done) return html(reply, 404, publicPage('unknown'));
      return html(reply, 200, publicPage('done', done.email));
    });
    s.get('/t/o/:file', { schema: { hide: true } }, async (req, reply) => {
      const file = String((req.params as { file: string }).file);
      const ok = file.endsWith('.gif') && (await email.open(file.slice(0, -'.gif'.length)));
      if (!ok) return reply.status(404).type('text/plain').send('not found');
      return reply
        .type('image/gif')
        .header('cache-control', 'no-store, no-cache, must-revalidate, private')
        .send(PIXEL);
    });
    s.get('/t/c/:token', { schema: { hide: true } }, async (req, reply) => {
      const l = (req.query as { l?: unknown }).l;
      const url = await email.click(tokenOf(req), typeof l === 'string' ? l : undefined);
      // only a URL recorded for this recipient's campaign: never an open redirect
      if (!url) return html(reply, 404, publicPage('unknown'));
      return reply
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .redirect(url, 302);
    });
  });
}
