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
import { route } from '../../http/action-route.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import { publicPage } from './campaigns.page.js';
import type { CampaignsService } from './campaigns.service.js';
import type { EmailService } from './email.service.js';

const tags = ['campaigns'];
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
  route(
    app,
    'GET',
    '/api/v1/campaigns/:id/costs',
    {
      tags,
      summary: 'Cost lines of a campaign',
      params: IdParams,
      response: { 200: Type.Array(CampaignCost) },
    },
    ({ actor, params }) => service.costs(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/campaigns/:id/costs',
    {
      tags,
      summary: 'Add a cost line (amount in fen)',
      params: IdParams,
      body: CampaignCostCreate,
      response: { 201: CampaignCost },
    },
    ({ actor, params, body }) => service.addCost(actor, params.id, body),
  );
  route(
    app,
    'DELETE',
    '/api/v1/campaigns/:id/costs/:sub',
    {
      tags,
      summary: 'Remove a cost line',
      params: SubParams,
      response: { 204: Type.Null() },
    },
    ({ actor, params }) => service.removeCost(actor, params.id, params.sub),
  );

  // Events.
  route(
    app,
    'GET',
    '/api/v1/campaigns/:id/registrations',
    {
      tags,
      summary: 'Registrations of an event, newest first, with registered and attended counts',
      params: IdParams,
      querystring: EventRegistrationQuery,
      response: { 200: EventRegistrationPage },
    },
    ({ actor, params, query }) => service.registrations(actor, params.id, query),
  );
  route(
    app,
    'POST',
    '/api/v1/campaigns/:id/registrations',
    {
      tags,
      summary: 'Register someone (a known e-mail links the contact or lead)',
      params: IdParams,
      body: EventRegistrationCreate,
      response: { 201: EventRegistration },
    },
    ({ actor, params, body }) => service.register(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/campaigns/:id/registrations/:sub/check-in',
    {
      tags,
      summary: 'Mark a registration attended (or not)',
      params: SubParams,
      body: EventCheckIn,
      response: { 200: EventRegistration },
    },
    ({ actor, params, body }) => service.checkIn(actor, params.id, params.sub, body),
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
  route(
    app,
    'POST',
    '/api/v1/campaigns/:id/booth-leads',
    {
      tags,
      summary: 'Capture a lead at the booth (campaign and lead source set)',
      params: IdParams,
      body: BoothLeadCreate,
      response: { 201: BoothLead },
    },
    ({ actor, params, body }) => service.boothLead(actor, params.id, body),
  );

  // E-mail.
  route(
    app,
    'GET',
    '/api/v1/campaigns/:id/audience',
    {
      tags,
      summary: 'Who the e-mail would go to now (the segment, with e-mail, less unsubscribed)',
      params: IdParams,
      response: { 200: Audience },
    },
    ({ actor, params }) => email.audience(actor, params.id),
  );
  route(
    app,
    'POST',
    '/api/v1/campaigns/:id/preview',
    {
      tags,
      summary: 'The e-mail as one audience member (or sample values) would get it',
      params: IdParams,
      body: EmailPreviewRequest,
      response: { 200: EmailPreview },
    },
    ({ actor, params, body }) => email.preview(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/campaigns/:id/test-send',
    {
      tags,
      summary: 'Send a test e-mail to one address now (not tracked)',
      params: IdParams,
      body: TestSendRequest,
      response: { 200: Type.Object({ messageId: Nullable(Type.String()) }) },
    },
    ({ actor, params, body }) => email.testSend(actor, params.id, body),
  );
  route(
    app,
    'POST',
    '/api/v1/campaigns/:id/send',
    {
      tags,
      summary: 'Send to the audience in the background; again: only people new to the segment',
      params: IdParams,
      response: { 202: SendResult },
    },
    ({ actor, params }) => email.send(actor, params.id),
  );
  route(
    app,
    'GET',
    '/api/v1/campaigns/:id/recipients',
    {
      tags,
      summary: 'Recipients with their delivery status, opens and clicks',
      params: IdParams,
      querystring: CampaignRecipientQuery,
      response: { 200: CampaignRecipientPage },
    },
    ({ actor, params, query }) => email.recipients(actor, params.id, query),
  );
  route(
    app,
    'GET',
    '/api/v1/campaigns/:id/email-stats',
    {
      tags,
      summary: 'Sent, failed, opened, clicked and unsubscribed counts, and clicks per link',
      params: IdParams,
      response: { 200: EmailStats },
    },
    ({ actor, params }) => email.stats(actor, params.id),
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
  route(
    app,
    'GET',
    '/api/v1/mail-settings',
    {
      tags,
      summary: 'The organisation’s SMTP server (admins; the password is never returned)',
      response: { 200: Nullable(MailSettings) },
    },
    ({ actor }) => email.settings(actor),
  );
  route(
    app,
    'PUT',
    '/api/v1/mail-settings',
    {
      tags,
      summary: 'Set the SMTP server (admins); omit password to keep the stored one',
      body: MailSettingsUpdate,
      response: { 200: MailSettings },
    },
    ({ actor, body }) => email.saveSettings(actor, body),
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
