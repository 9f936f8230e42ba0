import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.js';
import { NOT_REFERENCES, REFERENCES } from './dedupe.repository.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.drop());

/** Columns whose name says they may point at an account, contact or lead, or at "some record". */
const CANDIDATE =
  /(^|_)(account|contact|lead)_id$|^(entity|related|business|member|ref|record|subject|target|customer|object|parent|survivor|merged)_id$/;

describe('merge references', () => {
  it('knows every column of the migrated schema that can point at an account, contact or lead', async () => {
    const tables = await db.kysely.withoutPlugins().introspection.getTables();
    const inSchema = tables
      .flatMap((table) => table.columns.map((c) => `${table.name}.${c.name}`))
      .filter((name) => CANDIDATE.test(name.split('.')[1]!))
      // teams.parent_id and the like point at rows of their own table
      .filter((name) => !/^(teams|pipeline_stages|targets)\./.test(name));
    const known = new Set([
      ...Object.values(REFERENCES).flatMap((refs) => refs.map((r) => `${r.table}.${r.column}`)),
      ...NOT_REFERENCES,
    ]);
    const unknown = inSchema.filter((name) => !known.has(name));
    expect(unknown, 'add them to REFERENCES (a merge re-points them) or NOT_REFERENCES').toEqual([]);
    // and every listed reference exists
    const columns = new Set(tables.flatMap((table) => table.columns.map((c) => `${table.name}.${c.name}`)));
    for (const name of known) expect(columns.has(name), name).toBe(true);
  });
});
