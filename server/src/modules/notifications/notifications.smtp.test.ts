import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type Person, type TestApp } from '../../../test/app.js';

/**
 * Notification e-mails over a real SMTP exchange: an smtp-server in the test takes what the
 * notifications.email job delivers through the organisation's mail settings, and mailparser
 * reads it back.
 */
let t: TestApp;
let smtp: SMTPServer;
let port: number;
let admin: Client;
const received: { to: string[]; mail: ParsedMail }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address === 'bounce@example.cn') {
        const err = new Error('5.1.1 No such mailbox') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          cb();
        });
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
  await t.db.kysely
    .updateTable('users')
    .set({ locale: 'en' })
    .where('id', '=', t.fx.users.repEast.id)
    .execute();
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.close();
});
beforeEach(async () => {
  await t.db.kysely.deleteFrom('notifications').execute();
  await t.db.kysely.deleteFrom('jobs').execute();
  received.length = 0;
});

const id = (p: Person) => t.fx.users[p].id;
const settings = (p: number) => ({
  host: '127.0.0.1',
  port: p,
  secure: false,
  fromEmail: 'crm@tuoke.test',
  fromName: '拓客',
  publicUrl: 'https://crm.example.com/',
});
const rows = () =>
  t.db.kysely.selectFrom('notifications').selectAll().orderBy('createdAt').orderBy('id').execute();
const TITLE = '<script>alert("x")</script> 华东 & 合作';
const pending = (person: Person, title = TITLE) => ({
  userId: id(person),
  kind: 'approval_pending' as const,
  params: { businessType: 'quote', title, submitterName: '张伟', amount: 12_800_000 },
  link: '/approvals?open=abc',
  refType: 'approval_request',
  refId: 'abc',
  dedupeKey: `approval_pending:abc:${person}:${title}`,
});
const failedJobs = () => t.db.kysely.selectFrom('jobs').selectAll().where('status', '=', 'failed').execute();

describe('notification e-mail', () => {
  it('without mail settings: skipped with the reason, the job does not fail', async () => {
    expect(await t.services.notifications.notify(t.fx.orgId, [pending('repShanghai')])).toBe(1);
    expect((await rows())[0]!.emailState).toBe('queued');
    expect(await t.services.jobs.runDue()).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({ emailState: 'skipped', emailedAt: null });
    expect(row!.emailError).toMatch(/no mail server/);
    expect(await failedJobs()).toEqual([]);
    expect(received).toHaveLength(0);
    // still there in the app
    const list = (await (await t.as('repShanghai')).get('/api/v1/notifications')).body.items;
    expect(list[0]).toMatchObject({ kind: 'approval_pending', emailState: 'skipped' });
  });

  it('arrives once, in the recipient language, escaped, with a link into the app', async () => {
    expect((await admin.put('/api/v1/mail-settings', settings(port))).status).toBe(200);
    await t.services.notifications.notify(t.fx.orgId, [pending('repShanghai'), pending('repEast')]);
    // one job for the burst
    expect(await t.services.jobs.runDue()).toBe(1);
    expect(received).toHaveLength(2);
    const zh = received.find((r) => r.to.includes('repshanghai@test.tuoke'))!.mail;
    const en = received.find((r) => r.to.includes('repeast@test.tuoke'))!.mail;
    expect(zh.subject).toBe(`【拓客】 待你审批：${TITLE}`);
    expect(zh.text).toContain('张伟 提交的报价单');
    expect(zh.text).toContain('¥12.8万');
    expect(zh.text).toContain('https://crm.example.com/approvals?open=abc');
    expect(zh.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 华东 &amp; 合作');
    expect(zh.html).not.toContain('<script>');
    expect(zh.html).toContain('href="https://crm.example.com/approvals?open=abc"');
    expect(zh.from?.value[0]).toMatchObject({ address: 'crm@tuoke.test', name: '拓客' });
    expect(zh.headers.get('x-tuoke-notification')).toBe('approval_pending');
    expect(en.subject).toBe(`[Tuoke] Waiting for your approval: ${TITLE}`);
    expect(en.text).toContain('张伟 submitted the quote');
    expect(en.text).toContain('Hello repEast,');
    expect(en.html).not.toContain('<script>');
    const after = await rows();
    expect(after.map((r) => r.emailState)).toEqual(['sent', 'sent']);
    expect(after.every((r) => r.emailedAt && r.emailError === null)).toBe(true);

    // a retried or duplicated job sends nothing again
    await t.services.jobs.enqueue('notifications.email', { orgId: t.fx.orgId }, { orgId: t.fx.orgId });
    await t.services.jobs.enqueue('notifications.email', {});
    expect(await t.services.jobs.runDue()).toBe(2);
    expect(await t.services.notifications.runEmailJob({ orgId: t.fx.orgId })).toEqual({
      sent: 0,
      failed: 0,
      skipped: 0,
    });
    expect(received).toHaveLength(2);
  });

  it('two jobs at once send each message once (claimed before sending)', async () => {
    await t.services.notifications.notify(
      t.fx.orgId,
      ['repShanghai', 'managerEast', 'director', 'repSouth'].map((p) => pending(p as Person, `申请 ${p}`)),
    );
    const [a, b] = await Promise.all([
      t.services.notifications.runEmailJob({ orgId: t.fx.orgId }),
      t.services.notifications.runEmailJob({}),
    ]);
    expect(a.sent + b.sent).toBe(4);
    expect(received).toHaveLength(4);
    expect(new Set(received.map((r) => r.to[0])).size).toBe(4);
  });

  it('a refused recipient fails alone; the others go out', async () => {
    await t.db.kysely
      .updateTable('users')
      .set({ email: 'bounce@example.cn' })
      .where('id', '=', id('repSouth'))
      .execute();
    try {
      await t.services.notifications.notify(t.fx.orgId, [pending('repSouth'), pending('managerSouth')]);
      expect(await t.services.notifications.runEmailJob({ orgId: t.fx.orgId })).toEqual({
        sent: 1,
        failed: 1,
        skipped: 0,
      });
      const bounced = (await rows()).find((r) => r.userId === id('repSouth'))!;
      expect(bounced.emailState).toBe('failed');
      expect(bounced.emailError).toMatch(/550|No such mailbox/);
      expect(received.map((r) => r.to[0])).toEqual(['managersouth@test.tuoke']);
    } finally {
      await t.db.kysely
        .updateTable('users')
        .set({ email: 'repsouth@test.tuoke' })
        .where('id', '=', id('repSouth'))
        .execute();
    }
  });

  it('a server that cannot be reached puts the message back and the job retries; it then arrives once', async () => {
    // a port nobody listens on
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    expect((await admin.put('/api/v1/mail-settings', settings(closed))).status).toBe(200);
    await t.services.notifications.notify(t.fx.orgId, [pending('repShanghai', '重试')]);
    expect(await t.services.jobs.runDue()).toBe(1);
    const job = (await t.db.kysely.selectFrom('jobs').selectAll().execute())[0]!;
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await rows())[0]).toMatchObject({ emailState: 'queued' });
    expect(received).toHaveLength(0);
    expect((await admin.put('/api/v1/mail-settings', settings(port))).status).toBe(200);
    expect(await t.services.jobs.runDue(new Date(Date.now() + 3600_000))).toBe(1);
    expect(received).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ emailState: 'sent' });
    expect(await t.services.jobs.runDue(new Date(Date.now() + 7200_000))).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("another organisation's messages use its own (missing) settings", async () => {
    await t.services.notifications.notify(t.fx.otherOrgId, [pending('otherRep')]);
    await t.services.notifications.runEmailJob({});
    expect((await rows())[0]).toMatchObject({ emailState: 'skipped' });
    expect(received).toHaveLength(0);
  });

  it('messages interrupted while sending are failed, never sent again', async () => {
    await t.services.notifications.notify(t.fx.orgId, [pending('repShanghai', '中断')]);
    const [row] = await rows();
    await t.db.kysely
      .updateTable('notifications')
      .set({ emailState: 'sending', emailedAt: new Date(Date.now() - 3600_000).toISOString() })
      .where('id', '=', row!.id)
      .execute();
    await t.services.notifications.runEmailJob({ orgId: t.fx.orgId });
    expect((await rows())[0]).toMatchObject({ emailState: 'failed' });
    expect(received).toHaveLength(0);
  });
});
