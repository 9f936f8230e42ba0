/**
 * The process under load in `npm run bench`: the full app on one port, and on another a bare
 * Fastify whose routes run the same SQL on the raw driver (no session, scope or schema), so the
 * ratio between the two is the cost of everything Tuoke adds.
 */
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/database.js';

const url = process.env.BENCH_DATABASE_URL!;
const db = openDatabase(url, { poolSize: 20 });
const orgId = process.env.BENCH_ORG_ID!;
const { app } = await buildApp(
  db,
  { logLevel: 'silent', sessionTtlHours: 24, cookieSecure: false, webDist: '/nonexistent' },
  { logger: false },
);
await app.listen({ port: Number(process.env.BENCH_API_PORT), host: '127.0.0.1' });

// The SQL the API runs for these two requests (see OpportunitiesRepository), written out: the
// detail reads the deal with its account and stage names, its line items and its collaborators.
const SELECT = `select o.*, a.name as account_name, s.name as stage_name, s.probability
  from opportunities o join accounts a on a.id = o.account_id join pipeline_stages s on s.id = o.stage_id`;
const ITEMS = `select i.id, i.product_id, p.name as product_name, p.sku, i.quantity, i.unit_price, i.discount_bp, i.amount
  from opportunity_items i join products p on p.id = i.product_id where i.org_id = $1 and i.opportunity_id = $2 order by i.position`;
const COLLABORATORS = `select user_id from opportunity_collaborators where org_id = $1 and opportunity_id = $2`;
const q = (text: string) => text.replace(/\$\d/g, '?');
const raw = Fastify({ logger: false });
if (db.raw.sqlite) {
  const byId = db.raw.sqlite.prepare(`${SELECT} where o.org_id = ? and o.id = ?`);
  const items = db.raw.sqlite.prepare(q(ITEMS));
  const collaborators = db.raw.sqlite.prepare(q(COLLABORATORS));
  const list = db.raw.sqlite.prepare(
    `${SELECT} where o.org_id = ? and o.status = 'open' order by o.updated_at desc, o.id desc limit 51`,
  );
  raw.get('/raw/opportunities/:id', (req) => {
    const id = (req.params as { id: string }).id;
    return {
      ...(byId.get(orgId, id) as object),
      items: items.all(orgId, id),
      collaborators: collaborators.all(orgId, id),
    };
  });
  raw.get('/raw/opportunities', () => ({ items: list.all(orgId) }));
} else {
  const pool = db.raw.pool!;
  raw.get('/raw/opportunities/:id', async (req) => {
    const values = [orgId, (req.params as { id: string }).id];
    const r = await pool.query({
      name: 'by-id',
      text: `${SELECT} where o.org_id = $1 and o.id = $2`,
      values,
    });
    const [i, c] = await Promise.all([
      pool.query({ name: 'items', text: ITEMS, values }),
      pool.query({ name: 'collaborators', text: COLLABORATORS, values }),
    ]);
    return { ...r.rows[0], items: i.rows, collaborators: c.rows };
  });
  raw.get('/raw/opportunities', async () => {
    const r = await pool.query({
      name: 'list',
      text: `${SELECT} where o.org_id = $1 and o.status = 'open' order by o.updated_at desc, o.id desc limit 51`,
      values: [orgId],
    });
    return { items: r.rows };
  });
}
await raw.listen({ port: Number(process.env.BENCH_RAW_PORT), host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', async () => {
  await app.close();
  await raw.close();
  await db.close();
  process.exit(0);
});
