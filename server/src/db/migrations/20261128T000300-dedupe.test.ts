import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.js';
import { migrations } from './index.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb({ migrate: false });
});
afterAll(() => db.drop());

describe('dedupe migration', () => {
  it('back-fills the duplicate-check keys of the rows that exist, on both engines', async () => {
    const raw = db.kysely.withoutPlugins() as unknown as Kysely<any>;
    const migrator = new Migrator({ db: raw, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('20261128T000200-lead-intake');
    expect(before.error).toBeUndefined();
    const at = new Date().toISOString();
    await raw.insertInto('organizations').values({ id: 'o1', name: 'Org', created_at: at }).execute();
    await raw
      .insertInto('users')
      .values({
        id: 'u1',
        org_id: 'o1',
        email: 'u1@x.cn',
        name: 'U1',
        password_hash: 'x',
        role: 'sales_rep',
        created_at: at,
        updated_at: at,
      })
      .execute();
    const row = { org_id: 'o1', owner_id: 'u1', created_at: at, updated_at: at };
    const company = { ...row, kind: 'company', phone: null };
    // more rows than one back-fill page, so the paging is exercised
    await raw
      .insertInto('accounts')
      .values([
        { ...company, id: 'a-0000', name: '恒远精密机械（苏州）有限公司', phone: '0512-6523 4567' },
        { ...company, id: 'a-0001', name: '张伟', kind: 'individual', phone: '+86 138 1234 5678' },
        ...Array.from({ length: 600 }, (_, i) => ({
          ...company,
          id: `a-${String(i + 2).padStart(4, '0')}`,
          name: `测试${i}号贸易有限公司`,
        })),
      ])
      .execute();
    await raw
      .insertInto('contacts')
      .values({
        ...row,
        id: 'c1',
        account_id: 'a-0000',
        name: '吴刚',
        phone: '138-1234-5678',
        email: ' WuGang@HengYuan.cn ',
      })
      .execute();
    await raw
      .insertInto('leads')
      .values([
        {
          ...row,
          id: 'l1',
          name: '吴刚',
          company: '苏州市恒远精密机械有限公司',
          email: 'wugang@hengyuan.cn',
        },
        { ...row, id: 'l2', name: '无公司', company: null, email: null },
      ])
      .execute();

    const after = await migrator.migrateToLatest();
    expect(after.error).toBeUndefined();
    const accounts = await raw
      .selectFrom('accounts')
      .select(['id', 'name_key', 'name_weak_key', 'phone_key'])
      .where('id', 'in', ['a-0000', 'a-0001', 'a-0601'])
      .orderBy('id')
      .execute();
    expect(accounts).toEqual([
      {
        id: 'a-0000',
        name_key: '苏州恒远精密机械',
        name_weak_key: '恒远精密机械',
        phone_key: '051265234567',
      },
      // a person's name is no key; the phone is
      { id: 'a-0001', name_key: null, name_weak_key: null, phone_key: '13812345678' },
      { id: 'a-0601', name_key: '测试599号贸易', name_weak_key: '测试599号贸易', phone_key: null },
    ]);
    expect(await raw.selectFrom('contacts').select(['phone_key', 'email_key']).execute()).toEqual([
      { phone_key: '13812345678', email_key: 'wugang@hengyuan.cn' },
    ]);
    expect(
      await raw
        .selectFrom('leads')
        .select(['id', 'company_key', 'company_weak_key', 'email_key'])
        .orderBy('id')
        .execute(),
    ).toEqual([
      {
        id: 'l1',
        company_key: '苏州恒远精密机械',
        company_weak_key: '恒远精密机械',
        email_key: 'wugang@hengyuan.cn',
      },
      { id: 'l2', company_key: null, company_weak_key: null, email_key: null },
    ]);
  });
});
