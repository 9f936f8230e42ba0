import {
  DEDUPE_OBJECTS,
  DuplicateCheck,
  DuplicateCheckResult,
  DuplicateGroupList,
  DuplicateGroupsQuery,
  MergeList,
  MergeListQuery,
  MergeRequest,
  MergeResult,
} from '@tuoke/shared';
import { errorResponses } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { actorOf } from '../auth/index.js';
import type { DedupeService } from './dedupe.service.js';

const PLURAL = { account: 'accounts', contact: 'contacts', lead: 'leads' } as const;

export function dedupeRoutes(app: App, service: DedupeService) {
  app.post(
    '/api/v1/duplicates/check',
    {
      schema: {
        tags: ['duplicates'],
        summary:
          'Duplicate check (查重/撞单): accounts, contacts and leads sharing the credit code, the normalised name, phone or e-mail; records outside your scope come back masked',
        body: DuplicateCheck,
        response: { 200: DuplicateCheckResult, ...errorResponses },
      },
    },
    (req) => service.check(actorOf(req), req.body),
  );
  app.get(
    '/api/v1/duplicates/groups',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'The 查重 tool: groups of likely duplicates among the records in your scope',
        querystring: DuplicateGroupsQuery,
        response: { 200: DuplicateGroupList, ...errorResponses },
      },
    },
    (req) => service.groups(actorOf(req), req.query),
  );
  for (const object of DEDUPE_OBJECTS) {
    app.post(
      `/api/v1/${PLURAL[object]}/merge`,
      {
        schema: {
          tags: [PLURAL[object]],
          summary: `Merge one ${object} into another: every related record moves to the survivor, the merged one is kept as a snapshot and deleted`,
          body: MergeRequest,
          response: { 200: MergeResult, ...errorResponses },
        },
      },
      (req) => service.merge(actorOf(req), object, req.body),
    );
  }
  app.get(
    '/api/v1/merges',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'The records merged into a surviving record, with their snapshots',
        querystring: MergeListQuery,
        response: { 200: MergeList, ...errorResponses },
      },
    },
    (req) => service.merges(actorOf(req), req.query.object, req.query.survivorId),
  );
}
