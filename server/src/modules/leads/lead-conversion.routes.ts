import { IdParams, LeadConvert, LeadConvertPreview, LeadConvertResult } from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { LeadConversionService } from './lead-conversion.service.js';

export function leadConversionRoutes(app: App, service: LeadConversionService) {
  app.get(
    '/api/v1/leads/:id/convert-preview',
    {
      schema: {
        tags: ['leads'],
        summary:
          'What converting the lead would create, and the existing accounts and contacts it matches (duplicate check)',
        params: IdParams,
        response: { 200: LeadConvertPreview, ...errorResponses },
      },
    },
    (req) => service.preview(actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/leads/:id/convert',
    {
      schema: {
        tags: ['leads'],
        summary:
          'Convert the lead in one transaction: an account (new or existing), a contact, optionally a deal; 409 when already converted',
        params: IdParams,
        body: LeadConvert,
        response: { 200: LeadConvertResult, ...errorResponses },
      },
    },
    (req) => service.convert(actorOf(req), req.params.id, req.body),
  );
}
