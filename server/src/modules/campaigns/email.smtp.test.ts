import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../test/app.js';
import { MailSecret } from './mail-secret.js';

/**
 * A real SMTP exchange: an smtp-server in the test takes what the send job delivers, and
 * mailparser reads it back.
 */
let t: TestApp;
let smtp: SMTPServer;
let port: number;
const received: { to: string[]; mail: ParsedMail }[] = [];
const logins: { username?: string; password?: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      logins.push({ username: auth.username ?? undefined, password: auth.password ?? undefined });
      cb(null, { user: auth.username });
    },
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
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.close();
});

const PASSWORD = 's3cret-smtp-password';
let mkt: Client;
let admin: Client;
let campaignId: string;
let templateId: string;
let segmentId: string;
const contacts: Record<string, string> = {};

const unsubscribeToken = (m: ParsedMail) => {
  const line = m.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
  return /\/u\/([A-Za-z0-9_-]+)>/.exec(line)?.[1];
};
const byRecipient = (email: string) => received.filter((r) => r.to.includes(email));

describe('SMTP settings', () => {
  it('are for administrators, and the password is write-only', async () => {
    admin = await t.as('admin');
    mkt = await t.as('marketing');
    expect((await mkt.get('/api/v1/mail-settings')).status).toBe(403);
    expect((await admin.get('/api/v1/mail-settings')).body).toBeNull();
    const saved = await admin.put('/api/v1/mail-settings', {
      host: '127.0.0.1',
      port,
      secure: false,
      username: 'mailer',
      password: PASSWORD,
      fromEmail: 'events@tuoke.test',
      fromName: '拓客市场部',
      publicUrl: 'https://crm.example.com/',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      hasPassword: true,
      publicUrl: 'https://crm.example.com',
      username: 'mailer',
    });
    expect(JSON.stringify(saved.body)).not.toContain(PASSWORD);
    expect(saved.body).not.toHaveProperty('password');
    const read = await admin.get('/api/v1/mail-settings');
    expect(JSON.stringify(read.body)).not.toContain(PASSWORD);
    // saving without a password keeps the stored one
    const kept = await admin.put('/api/v1/mail-settings', {
      host: '127.0.0.1',
      port,
      secure: false,
      username: 'mailer',
      fromEmail: 'events@tuoke.test',
      fromName: '拓客市场部',
      publicUrl: 'https://crm.example.com',
    });
    expect(kept.body.hasPassword).toBe(true);
    // the read shape is not the write shape: unknown properties are refused, not stripped
    expect((await admin.put('/api/v1/mail-settings', { ...kept.body })).status).toBe(400);
    expect(
      (
        await admin.put('/api/v1/mail-settings', {
          host: 'x',
          port: 25,
          secure: false,
          fromEmail: 'a@b.cn',
          publicUrl: 'javascript:alert(1)',
        })
      ).status,
    ).toBe(400);
    // another organisation has none
    expect((await (await t.as('otherAdmin')).get('/api/v1/mail-settings')).body).toBeNull();
  });

  it('encrypts the stored password when a key is configured', () => {
    const withKey = new MailSecret('a-long-random-key');
    const sealed = withKey.seal(PASSWORD);
    expect(sealed.startsWith('enc:v1:')).toBe(true);
    expect(sealed).not.toContain(PASSWORD);
    expect(withKey.open(sealed)).toBe(PASSWORD);
    expect(() => new MailSecret(undefined).open(sealed)).toThrow(/TUOKE_SECRET_KEY/);
    expect(() => new MailSecret('another-key').open(sealed)).toThrow(/cannot be decrypted/);
    expect(new MailSecret(undefined).open(new MailSecret(undefined).seal('x'))).toBe('x');
  });
});

describe('an e-mail campaign over real SMTP', () => {
  it('sets up the audience and a bilingual template; unknown merge fields are refused', async () => {
    const acc = (await admin.post('/api/v1/accounts', { name: '上海<精工>&机械有限公司' })).body.id;
    const mk = async (key: string, body: Record<string, unknown>) => {
      const r = await admin.post('/api/v1/contacts', { accountId: acc, decisionRole: 'champion', ...body });
      expect(r.status).toBe(201);
      contacts[key] = r.body.id;
    };
    await mk('zhang', {
      name: '张<三>',
      email: 'zhang@example.cn',
      locale: 'zh-CN',
      ownerId: t.fx.users.repEast.id,
    });
    await mk('alice', { name: 'Alice "Al" Smith', email: 'alice@example.com', locale: 'en' });
    await mk('aliceDup', { name: 'Alice again', email: 'ALICE@example.com' });
    await mk('gone', { name: '已退订', email: 'gone@example.cn' });
    await mk('bounce', { name: '退信', email: 'bounce@example.cn' });
    await mk('noMail', { name: '无邮箱' });
    await admin.post('/api/v1/contacts', {
      accountId: acc,
      name: '不在人群',
      email: 'outside@example.cn',
      decisionRole: 'user',
    });
    await t.db.kysely
      .insertInto('emailUnsubscribes')
      .values({
        orgId: t.fx.orgId,
        email: 'gone@example.cn',
        campaignId: null,
        recipientId: null,
        createdAt: new Date().toISOString(),
      })
      .execute();
    segmentId = (
      await mkt.post('/api/v1/segments', {
        name: '关键支持者',
        object: 'contact',
        conditions: [{ field: 'decisionRole', op: 'is', value: 'champion' }],
      })
    ).body.id;

    const template = {
      name: '展会邀请',
      subjectZh: '{{contact.name}}，诚邀您参加{{campaign.name}}',
      bodyZh:
        '<p>尊敬的{{contact.name}}（{{account.name}}）：</p><p>详情见<a href="https://example.com/expo?a=1&amp;b=2">展会官网</a>和<a href="https://example.com/agenda">议程</a>。</p><p>{{owner.name}} {{owner.email}}</p>',
      subjectEn: '{{contact.name}}, join us at {{campaign.name}}',
      bodyEn:
        'Dear {{contact.name}} of {{account.name}},\n\nSee <a href="https://example.com/expo?a=1&amp;b=2">the expo site</a>.\n\n{{owner.name}}',
    };
    const bad = await mkt.post('/api/v1/email-templates', { ...template, bodyEn: 'Hi {{contact.nmae}}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('bodyEn');
    expect(bad.body.error.message).toContain('{{contact.nmae}}');
    const created = await mkt.post('/api/v1/email-templates', template);
    expect(created.status).toBe(201);
    templateId = created.body.id;
    const c = await mkt.post('/api/v1/campaigns', {
      name: '工博会 <2026>',
      type: 'email',
      segmentId,
      templateId,
    });
    expect(c.status).toBe(201);
    campaignId = c.body.id;

    const audience = await mkt.get(`/api/v1/campaigns/${campaignId}/audience`);
    expect(audience.body).toMatchObject({ deliverable: 3, unsubscribed: 1, withoutEmail: 1, limited: false });
    expect(audience.body.items.map((i: { email: string }) => i.email).sort()).toEqual([
      'alice@example.com',
      'bounce@example.cn',
      'gone@example.cn',
      'zhang@example.cn',
    ]);
  });

  it('previews per recipient with escaped values, and sends a test', async () => {
    const p = await mkt.post(`/api/v1/campaigns/${campaignId}/preview`, {
      object: 'contact',
      id: contacts.zhang,
    });
    expect(p.status).toBe(200);
    expect(p.body.subject).toBe('张<三>，诚邀您参加工博会 <2026>');
    expect(p.body.html).toContain('尊敬的张&lt;三&gt;（上海&lt;精工&gt;&amp;机械有限公司）');
    expect(p.body.html).toContain('repEast');
    const en = await mkt.post(`/api/v1/campaigns/${campaignId}/preview`, {
      object: 'contact',
      id: contacts.alice,
    });
    expect(en.body.locale).toBe('en');
    expect(en.body.html).toContain('Dear Alice &quot;Al&quot; Smith');
    expect(
      (await mkt.post(`/api/v1/campaigns/${campaignId}/preview`, { object: 'contact', id: contacts.noMail }))
        .status,
    ).toBe(400);

    const test = await mkt.post(`/api/v1/campaigns/${campaignId}/test-send`, { to: 'tester@example.cn' });
    expect(test.status).toBe(200);
    const got = byRecipient('tester@example.cn');
    expect(got).toHaveLength(1);
    expect(got[0]!.mail.subject).toBe('[测试] marketing，诚邀您参加工博会 <2026>');
    expect(logins.at(-1)).toEqual({ username: 'mailer', password: PASSWORD });
  });

  it('sends once to each address in its language; skips the unsubscribed; a refused one fails, the rest go', async () => {
    // two recipients per job run: the third goes in a second batch, a job of its own
    t.services.email.batchSize = 2;
    const r = await mkt.post(`/api/v1/campaigns/${campaignId}/send`);
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ queued: 3, skippedUnsubscribed: 1, alreadyQueued: 0 });
    expect((await mkt.get(`/api/v1/campaigns/${campaignId}`)).body).toMatchObject({ status: 'active' });
    expect(await t.services.jobs.runDue()).toBe(1);
    const afterFirst = (await mkt.get(`/api/v1/campaigns/${campaignId}/email-stats`)).body;
    expect(afterFirst.queued).toBe(1);
    expect(await t.services.jobs.runDue(new Date(Date.now() + 1000))).toBe(1);
    expect(await t.services.jobs.runDue(new Date(Date.now() + 2000))).toBe(0);
    expect(byRecipient('gone@example.cn')).toHaveLength(0);
    expect(byRecipient('bounce@example.cn')).toHaveLength(0);

    const [zh] = byRecipient('zhang@example.cn');
    expect(zh!.mail.subject).toBe('张<三>，诚邀您参加工博会 <2026>');
    const zhHtml = String(zh!.mail.html);
    expect(zhHtml).toContain('尊敬的张&lt;三&gt;（上海&lt;精工&gt;&amp;机械有限公司）');
    expect(zhHtml).not.toContain('张<三>');
    const token = unsubscribeToken(zh!.mail)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(zh!.mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toContain(
      'List-Unsubscribe=One-Click',
    );
    expect(zhHtml).toContain(`href="https://crm.example.com/u/${token}"`);
    expect(zhHtml).toContain('点此退订');
    expect(zhHtml).toContain(`src="https://crm.example.com/t/o/${token}.gif"`);
    // links go through the click tracker; the original URLs are not in the e-mail
    expect(zhHtml).toMatch(new RegExp(`href="https://crm\\.example\\.com/t/c/${token}\\?l=[0-9a-f-]+"`));
    expect(zhHtml).not.toContain('https://example.com/agenda');
    expect(zh!.mail.text).toContain('点此退订');

    const [en] = byRecipient('alice@example.com');
    expect(en!.mail.subject).toBe('Alice "Al" Smith, join us at 工博会 <2026>');
    expect(String(en!.mail.html)).toContain(
      'Dear Alice &quot;Al&quot; Smith of 上海&lt;精工&gt;&amp;机械有限公司',
    );
    expect(String(en!.mail.html)).toContain('Unsubscribe');
    expect(unsubscribeToken(en!.mail)).not.toBe(token);

    const recipients = (await mkt.get(`/api/v1/campaigns/${campaignId}/recipients`)).body.items;
    const status = Object.fromEntries(
      recipients.map((x: { email: string; status: string }) => [x.email, x.status]),
    );
    expect(status).toEqual({
      'alice@example.com': 'sent',
      'bounce@example.cn': 'failed',
      'zhang@example.cn': 'sent',
    });
    const failed = recipients.find((x: { email: string }) => x.email === 'bounce@example.cn');
    expect(failed.error).toContain('550');
  });

  it('never sends anyone twice: a rerun job and a second send deliver nothing', async () => {
    const before = received.length;
    await t.services.jobs.enqueue('campaigns.send', { orgId: t.fx.orgId, campaignId }, { orgId: t.fx.orgId });
    await t.services.jobs.runDue();
    const again = await mkt.post(`/api/v1/campaigns/${campaignId}/send`);
    expect(again.body).toMatchObject({ queued: 0, alreadyQueued: 3, jobId: null });
    await t.services.jobs.runDue();
    expect(received.length).toBe(before);
    // the template is frozen once sending started
    const c = (await mkt.get(`/api/v1/campaigns/${campaignId}`)).body;
    const other = await mkt.post('/api/v1/email-templates', {
      name: 'x',
      subjectZh: 'x',
      bodyZh: 'x',
      subjectEn: 'x',
      bodyEn: 'x',
    });
    expect(
      (await mkt.patch(`/api/v1/campaigns/${campaignId}`, { templateId: other.body.id, version: c.version }))
        .status,
    ).toBe(400);
  });

  it('tracks opens and clicks, redirects only to the campaign’s links, and honours unsubscribes', async () => {
    const [zh] = byRecipient('zhang@example.cn');
    const token = unsubscribeToken(zh!.mail)!;
    const anon = t.anonymous;
    const pixel = await anon.get(`/t/o/${token}.gif`);
    expect(pixel.status).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    await anon.get(`/t/o/${token}.gif`);
    expect((await anon.get('/t/o/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.gif')).status).toBe(404);
    expect((await anon.get(`/t/o/${token}`)).status).toBe(404);

    const href = /href="https:\/\/crm\.example\.com(\/t\/c\/[^"]+)"/
      .exec(String(zh!.mail.html))![1]!
      .replace(/&amp;/g, '&');
    const click = await anon.get(href);
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe('https://example.com/expo?a=1&b=2');
    // no open redirect: a URL, an unknown link id, or another campaign's link id go nowhere
    expect((await anon.get(`/t/c/${token}?l=https://evil.example`)).status).toBe(404);
    expect((await anon.get(`/t/c/${token}?l=0190a4c2-0000-7000-8000-000000000000`)).status).toBe(404);
    expect((await anon.get(`/t/c/${token}`)).status).toBe(404);
    expect((await anon.get(`/t/c/not-a-token?l=x`)).status).toBe(404);
    const otherLink = await t.db.kysely
      .insertInto('campaignLinks')
      .values({
        id: '0190a4c2-1111-7000-8000-000000000000',
        orgId: t.fx.orgId,
        campaignId: (await mkt.post('/api/v1/campaigns', { name: '别的活动', type: 'email' })).body.id,
        url: 'https://evil.example/',
        position: 0,
      })
      .execute();
    void otherLink;
    expect((await anon.get(`/t/c/${token}?l=0190a4c2-1111-7000-8000-000000000000`)).status).toBe(404);

    const page = await anon.get(`/u/${token}`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('确认退订');
    expect(String(page.body)).toContain('z***@example.cn');
    expect(
      await t.db.kysely
        .selectFrom('emailUnsubscribes')
        .select('email')
        .where('email', '=', 'zhang@example.cn')
        .execute(),
    ).toEqual([]);
    const done = await t.app.inject({
      method: 'POST',
      url: `/u/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('您已退订');
    expect((await anon.get('/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

    const stats = (await mkt.get(`/api/v1/campaigns/${campaignId}/email-stats`)).body;
    expect(stats).toMatchObject({
      recipients: 3,
      sent: 2,
      failed: 1,
      opened: 1,
      opens: 2,
      clicked: 1,
      clicks: 1,
      unsubscribed: 1,
    });
    expect(
      stats.links.find((l: { url: string }) => l.url === 'https://example.com/expo?a=1&b=2').clicks,
    ).toBe(1);
    const events = await t.db.kysely
      .selectFrom('engagementEvents')
      .select(['type', 'contactId'])
      .where('campaignId', '=', campaignId)
      .orderBy('occurredAt')
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { type: 'email_open', contactId: contacts.zhang },
      { type: 'email_click', contactId: contacts.zhang },
      { type: 'unsubscribe', contactId: contacts.zhang },
    ]);

    // a later campaign to the same people leaves the unsubscribed address out
    const next = await mkt.post('/api/v1/campaigns', {
      name: '年终答谢',
      type: 'email',
      segmentId,
      templateId,
    });
    const sent = await mkt.post(`/api/v1/campaigns/${next.body.id}/send`);
    expect(sent.body).toMatchObject({ queued: 2, skippedUnsubscribed: 2 });
    const before = byRecipient('zhang@example.cn').length;
    await t.services.jobs.runDue();
    expect(byRecipient('zhang@example.cn')).toHaveLength(before);
    expect(byRecipient('alice@example.com')).toHaveLength(2);
  });

  it('keeps other organisations and roles out', async () => {
    const other = await t.as('otherAdmin');
    expect((await other.get(`/api/v1/campaigns/${campaignId}/recipients`)).status).toBe(404);
    expect((await other.post(`/api/v1/campaigns/${campaignId}/send`)).status).toBe(404);
    expect((await other.get(`/api/v1/email-templates/${templateId}`)).status).toBe(404);
    expect((await other.post(`/api/v1/campaigns/${campaignId}/preview`, {})).status).toBe(404);
    const rep = await t.as('repEast');
    expect((await rep.post(`/api/v1/campaigns/${campaignId}/send`)).status).toBe(403);
    expect((await rep.get(`/api/v1/campaigns/${campaignId}/email-stats`)).status).toBe(200);
  });
});
