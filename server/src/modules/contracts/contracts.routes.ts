import fastifyMultipart from '@fastify/multipart';
import { Type } from 'typebox';
import {
  ATTACHMENT_MAX_BYTES,
  Attachment,
  Contract,
  ContractCreate,
  ContractListQuery,
  ContractPage,
  ContractSettings,
  ContractSettingsUpdate,
  ContractSubmit,
  ContractUpdate,
  ContractVoid,
  IdParams,
  Reminder,
  VIEWS,
} from '@tuoke/shared';
import { crudRoutes } from '../../http/crud-routes.js';
import { AppError } from '../../http/errors.js';
import { readUpload, sendFile } from '../../http/files.js';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { ContractsService } from './contracts.service.js';

const tags = ['contracts'];
const withErrors = <T extends object>(ok: T) => ({ ...ok, ...errorResponses });

export async function contractsRoutes(app: App, service: ContractsService) {
  // crudRoutes' DELETE answers 400: a contract is voided, never deleted.
  crudRoutes(
    app,
    'contracts',
    'contract',
    {
      item: Contract,
      page: ContractPage,
      listQuery: ContractListQuery,
      create: ContractCreate,
      update: ContractUpdate,
    },
    {
      list: (a, q) => service.list(a, q),
      get: (a, id) => service.get(a, id),
      create: (a, input) => service.create(a, input),
      update: (a, id, input) => service.update(a, id, input),
      remove: async () => {
        throw new AppError(
          400,
          'bad_request',
          'Contracts are not deleted; void them with POST /contracts/:id/void',
        );
      },
    },
  );
  app.post(
    '/api/v1/contracts/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a draft contract for approval (active once approved)',
        params: IdParams,
        body: ContractSubmit,
        response: withErrors({ 200: Contract }),
      },
    },
    (req) => service.submit(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/contracts/:id/void',
    {
      schema: {
        tags,
        summary: 'Void a contract (kept with the reason; its open installments are voided too)',
        params: IdParams,
        body: ContractVoid,
        response: withErrors({ 200: Contract }),
      },
    },
    (req) => service.void(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/contract-settings',
    {
      schema: {
        tags,
        summary: 'Numbering prefix and reminder windows',
        response: withErrors({ 200: ContractSettings }),
      },
    },
    (req) => service.settings(actorOf(req)),
  );
  app.patch(
    '/api/v1/contract-settings',
    {
      schema: {
        tags,
        summary: 'Change numbering prefix and reminder windows (admins)',
        body: ContractSettingsUpdate,
        response: withErrors({ 200: ContractSettings }),
      },
    },
    (req) => service.saveSettings(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/contract-reminders',
    {
      schema: {
        tags,
        summary: 'Expiry and payment-due reminders from today on, in your data scope',
        querystring: Type.Object({ view: Type.Optional(Type.Enum(VIEWS)) }, { additionalProperties: false }),
        response: withErrors({ 200: Type.Array(Reminder) }),
      },
    },
    (req) => service.reminders(actorOf(req), req.query.view),
  );

  // Attachments: multipart only in this plugin scope, with its own size limit.
  await app.register(async (scoped) => {
    await scoped.register(fastifyMultipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 1 },
    });
    const s = scoped as unknown as App;
    s.get(
      '/api/v1/contracts/:id/attachments',
      {
        schema: {
          tags,
          summary: 'Files attached to a contract',
          params: IdParams,
          response: withErrors({ 200: Type.Array(Attachment) }),
        },
      },
      (req) => service.attachments(actorOf(req), req.params.id),
    );
    s.post(
      '/api/v1/contracts/:id/attachments',
      {
        schema: {
          tags,
          summary: `Attach a file (multipart field "file", at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB)`,
          params: IdParams,
          response: withErrors({ 201: Attachment, 413: errorResponses[400] }),
        },
      },
      async (req, reply) => {
        const file = await readUpload(req, 'file', ATTACHMENT_MAX_BYTES);
        const created = await service.addAttachment(actorOf(req), req.params.id, file);
        return reply.status(201).send(created);
      },
    );
  });
  app.get(
    '/api/v1/contract-attachments/:id',
    { schema: { tags, summary: 'Download an attachment', params: IdParams } },
    async (req, reply) => {
      return sendFile(reply, await service.attachment(actorOf(req), req.params.id));
    },
  );
  app.delete(
    '/api/v1/contract-attachments/:id',
    {
      schema: {
        tags,
        summary: 'Delete an attachment',
        params: IdParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (req, reply) => {
      await service.removeAttachment(actorOf(req), req.params.id);
      return reply.status(204).send(null as never);
    },
  );
}
